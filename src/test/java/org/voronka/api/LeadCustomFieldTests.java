package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.voronka.api.ContactApiTests.paths;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/** Deals' {@code custom_fields_values}: every type written and read back, required stages, filters. */
class LeadCustomFieldTests extends ApiTest {

    record Fields(long text, long number, long area, long flag, long select, long multi, long radio, long date, long dateTime,
                  long url, long price, long user, long note, JsonNode selectField, JsonNode multiField) {}

    static Fields define(ApiClient api) {
        Response r = api.post("/api/v4/leads/custom_fields", """
                [{"name": "Текст", "type": "text", "code": "TXT"},
                 {"name": "Число", "type": "numeric"},
                 {"name": "Площадь", "type": "numeric"},
                 {"name": "Флаг", "type": "checkbox"},
                 {"name": "Источник", "type": "select", "enums": [{"value": "Сайт", "code": "site"}, {"value": "Звонок", "code": "call"}]},
                 {"name": "Услуги", "type": "multiselect", "enums": [{"value": "Замер"}, {"value": "Монтаж"}, {"value": "Доставка"}]},
                 {"name": "Оплата", "type": "radiobutton", "enums": [{"value": "Нал"}, {"value": "Безнал"}]},
                 {"name": "Дата", "type": "date"},
                 {"name": "Когда", "type": "date_time"},
                 {"name": "Ссылка", "type": "url"},
                 {"name": "Цена", "type": "price"},
                 {"name": "Замерщик", "type": "user"},
                 {"name": "Заметка", "type": "textarea"}]""");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode f = r.json().at("/_embedded/custom_fields");
        return new Fields(f.get(0).get("id").asLong(), f.get(1).get("id").asLong(), f.get(2).get("id").asLong(),
                f.get(3).get("id").asLong(), f.get(4).get("id").asLong(), f.get(5).get("id").asLong(), f.get(6).get("id").asLong(),
                f.get(7).get("id").asLong(), f.get(8).get("id").asLong(), f.get(9).get("id").asLong(), f.get(10).get("id").asLong(),
                f.get(11).get("id").asLong(), f.get(12).get("id").asLong(), f.get(4), f.get(5));
    }

    @Test
    void everyTypeRoundTripsThroughCreatePatchAndList() {
        var account = newAccount();
        var api = account.api();
        Fields f = define(api);
        long montage = f.multiField().at("/enums/1/id").asLong();
        long delivery = f.multiField().at("/enums/2/id").asLong();
        Response created = api.post("/api/v4/leads", """
                [{"name": "Окна", "custom_fields_values": [
                   {"field_code": "txt", "values": [{"value": "первый клиент"}]},
                   {"field_id": %d, "values": [{"value": "1.50"}]},
                   {"field_id": %d, "values": [{"value": true}]},
                   {"field_id": %d, "values": [{"enum_code": "call"}]},
                   {"field_id": %d, "values": [{"enum_id": %d}, {"enum_id": %d}]},
                   {"field_id": %d, "values": [{"value": "безнал"}]},
                   {"field_id": %d, "values": [{"value": 1704153600}]},
                   {"field_id": %d, "values": [{"value": "2024-01-02T10:30:00+03:00"}]},
                   {"field_id": %d, "values": [{"value": "https://example.org/a"}]},
                   {"field_id": %d, "values": [{"value": 99000}]},
                   {"field_id": %d, "values": [{"value": %d}]},
                   {"field_id": %d, "values": [{"value": "строка 1\\nстрока 2"}]}]}]"""
                .formatted(f.number(), f.flag(), f.select(), f.multi(), montage, delivery, f.radio(), f.date(), f.dateTime(), f.url(),
                        f.price(), f.user(), account.adminId(), f.note()));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        long id = created.json().at("/_embedded/leads/0/id").asLong();

        JsonNode lead = api.get("/api/v4/leads/" + id).json();
        assertThat(value(lead, f.text()).get("value").asString()).isEqualTo("первый клиент");
        assertThat(field(lead, f.text()).get("field_code").asString()).isEqualTo("TXT");
        assertThat(field(lead, f.text()).get("field_name").asString()).isEqualTo("Текст");
        assertThat(value(lead, f.number()).get("value").asString()).isEqualTo("1.5");
        assertThat(value(lead, f.flag()).get("value").asBoolean()).isTrue();
        JsonNode call = value(lead, f.select());
        assertThat(call.get("value").asString()).isEqualTo("Звонок");
        assertThat(call.get("enum_id").asLong()).isEqualTo(f.selectField().at("/enums/1/id").asLong());
        assertThat(call.get("enum_code").asString()).isEqualTo("call");
        assertThat(call.get("enum").asString()).isEqualTo("call");
        assertThat(field(lead, f.multi()).get("values").size()).isEqualTo(2);
        assertThat(field(lead, f.multi()).at("/values/1/value").asString()).isEqualTo("Доставка");
        assertThat(value(lead, f.radio()).get("value").asString()).isEqualTo("Безнал");
        assertThat(value(lead, f.date()).get("value").asLong()).isEqualTo(1704153600L);
        assertThat(value(lead, f.dateTime()).get("value").asLong()).isEqualTo(1704180600L);
        assertThat(value(lead, f.url()).get("value").asString()).isEqualTo("https://example.org/a");
        assertThat(value(lead, f.price()).get("value").asString()).isEqualTo("99000");
        assertThat(value(lead, f.user()).get("value").asLong()).isEqualTo(account.adminId());
        assertThat(field(lead, f.user()).get("field_type").asString()).isEqualTo("user");
        assertThat(value(lead, f.note()).get("value").asString()).isEqualTo("строка 1\nстрока 2");

        JsonNode listed = api.get("/api/v4/leads?filter[id]=" + id).json().at("/_embedded/leads/0");
        assertThat(listed.get("custom_fields_values").size()).isEqualTo(12);

        Response patched = api.patch("/api/v4/leads/" + id, """
                {"custom_fields_values": [{"field_id": %d, "values": null}, {"field_id": %d, "values": []},
                                          {"field_code": "TXT", "values": [{"value": "второй"}]}]}"""
                .formatted(f.flag(), f.multi()));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode after = api.get("/api/v4/leads/" + id).json();
        assertThat(find(after, f.flag())).isNull();
        assertThat(find(after, f.multi())).isNull();
        assertThat(value(after, f.text()).get("value").asString()).isEqualTo("второй");
        assertThat(value(after, f.select()).get("value").asString()).as("fields not named keep their values").isEqualTo("Звонок");

        Response batch = api.patch("/api/v4/leads", List.of(Map.of("id", id, "custom_fields_values",
                List.of(Map.of("field_id", f.number(), "values", List.of(Map.of("value", 7)))))));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(value(api.get("/api/v4/leads/" + id).json(), f.number()).get("value").asString()).isEqualTo("7");

        long bare = api.post("/api/v4/leads", List.of(Map.of("name", "Пусто"))).json().at("/_embedded/leads/0/id").asLong();
        assertThat(api.get("/api/v4/leads/" + bare).json().get("custom_fields_values").isNull()).isTrue();
    }

    @Test
    void wrongValuesAreRefusedWithExactPathsAndNothingChanges() {
        var account = newAccount();
        var api = account.api();
        Fields f = define(api);
        long id = api.post("/api/v4/leads", List.of(Map.of("name", "Сделка"))).json().at("/_embedded/leads/0/id").asLong();
        Response r = api.patch("/api/v4/leads", """
                [{"id": %d, "name": "Не сохранится", "custom_fields_values": [
                   {"field_id": %d, "values": [{"value": "много"}]},
                   {"field_id": %d, "values": [{"enum_id": 1}]},
                   {"field_id": %d, "values": [{"value": "ok"}, {"enum_code": "nope"}]},
                   {"field_id": %d, "values": [{"value": 999999999}]},
                   {"field_id": %d, "values": [{"value": "вчера"}]},
                   {"field_id": 123456789, "values": [{"value": "x"}]},
                   {"field_code": "NOPE", "values": [{"value": "x"}]},
                   {"field_id": %d, "values": [{"value": "a"}, {"value": "b"}]},
                   {"field_id": %d, "values": [{"value": "yes"}]}]}]"""
                .formatted(id, f.number(), f.select(), f.multi(), f.user(), f.date(), f.text(), f.flag()));
        assertThat(paths(r)).containsExactly("custom_fields_values.0.values.0.value", "custom_fields_values.1.values.0.enum_id",
                "custom_fields_values.2.values.0.value", "custom_fields_values.2.values.1.enum_code",
                "custom_fields_values.3.values.0.value", "custom_fields_values.4.values.0.value", "custom_fields_values.5.field_id",
                "custom_fields_values.6.field_code", "custom_fields_values.7.values", "custom_fields_values.8.values.0.value");
        assertThat(paths(api.patch("/api/v4/leads/" + id, Map.of("custom_fields_values", List.of(Map.of("field_id", f.url()))))))
                .containsExactly("custom_fields_values.0.values");
        JsonNode lead = api.get("/api/v4/leads/" + id).json();
        assertThat(lead.get("name").asString()).isEqualTo("Сделка");
        assertThat(lead.get("custom_fields_values").isNull()).isTrue();

        Response create = api.post("/api/v4/leads", """
                [{"name": "ok"}, {"name": "bad", "custom_fields_values": [{"field_id": %d, "values": [{"value": "x"}]}]}]"""
                .formatted(f.number()));
        assertThat(paths(create)).containsExactly("custom_fields_values.0.values.0.value");
        assertThat(create.json().at("/validation-errors/0/request_id").asString()).isEqualTo("1");
    }

    @Test
    void aDealCannotEnterAStageWhileAFieldRequiredThereIsEmpty() {
        var account = newAccount();
        var api = account.api();
        JsonNode pipeline = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long pipelineId = pipeline.get("id").asLong();
        long first = pipeline.at("/_embedded/statuses/1/id").asLong();
        long measure = pipeline.at("/_embedded/statuses/2/id").asLong();
        long field = api.post("/api/v4/leads/custom_fields", """
                [{"name": "Замерщик", "type": "user", "required_statuses": [{"status_id": %d, "pipeline_id": %d}]}]"""
                .formatted(measure, pipelineId)).json().at("/_embedded/custom_fields/0/id").asLong();
        long a = api.post("/api/v4/leads", List.of(Map.of("name", "A", "status_id", first))).json().at("/_embedded/leads/0/id").asLong();
        long b = api.post("/api/v4/leads", List.of(Map.of("name", "B", "status_id", first))).json().at("/_embedded/leads/0/id").asLong();

        Response refused = api.patch("/api/v4/leads/" + a, Map.of("status_id", measure));
        assertThat(refused.status()).isEqualTo(400);
        JsonNode error = refused.json().at("/validation-errors/0/errors/0");
        assertThat(error.get("code").asString()).isEqualTo("RequiredFieldEmpty");
        assertThat(error.get("path").asString()).isEqualTo("custom_fields_values");
        assertThat(error.get("detail").asString()).contains("Замерщик").contains(Long.toString(field));
        assertThat(api.get("/api/v4/leads/" + a).json().get("status_id").asLong()).isEqualTo(first);

        Response batch = api.patch("/api/v4/leads", """
                [{"id": %d, "status_id": %d, "custom_fields_values": [{"field_id": %d, "values": [{"value": %d}]}]},
                 {"id": %d, "status_id": %d, "request_id": "b"}]""".formatted(a, measure, field, account.adminId(), b, measure));
        assertThat(batch.status()).isEqualTo(400);
        assertThat(batch.json().at("/validation-errors/0/request_id").asString()).isEqualTo("b");
        assertThat(api.get("/api/v4/leads/" + a).json().get("status_id").asLong()).as("one refusal stops the batch").isEqualTo(first);

        Response filledOnTheWay = api.patch("/api/v4/leads/" + a, """
                {"status_id": %d, "custom_fields_values": [{"field_id": %d, "values": [{"value": %d}]}]}"""
                .formatted(measure, field, account.adminId()));
        assertThat(filledOnTheWay.status()).as(filledOnTheWay.toString()).isEqualTo(200);
        assertThat(api.get("/api/v4/leads/" + a).json().get("status_id").asLong()).isEqualTo(measure);

        Response clearedOnTheWay = api.patch("/api/v4/leads/" + a, """
                {"status_id": %d}""".formatted(first));
        assertThat(clearedOnTheWay.status()).isEqualTo(200);
        Response backWithoutIt = api.patch("/api/v4/leads/" + a, """
                {"status_id": %d, "custom_fields_values": [{"field_id": %d, "values": null}]}""".formatted(measure, field));
        assertThat(backWithoutIt.json().at("/validation-errors/0/errors/0/code").asString()).isEqualTo("RequiredFieldEmpty");

        Response createdThere = api.post("/api/v4/leads", List.of(Map.of("name", "C", "status_id", measure)));
        assertThat(createdThere.json().at("/validation-errors/0/errors/0/code").asString()).isEqualTo("RequiredFieldEmpty");

        api.patch("/api/v4/leads/custom_fields/" + field, Map.of("required_statuses", List.of(), "is_required", true));
        Response anywhere = api.post("/api/v4/leads", List.of(Map.of("name", "D")));
        assertThat(anywhere.json().at("/validation-errors/0/errors/0/code").asString())
                .as("a field required everywhere is required in the first stage too").isEqualTo("RequiredFieldEmpty");
        Response withIt = api.post("/api/v4/leads", List.of(Map.of("name", "D", "custom_fields_values",
                List.of(Map.of("field_id", field, "values", List.of(Map.of("value", account.adminId())))))));
        assertThat(withIt.status()).as(withIt.toString()).isEqualTo(200);
    }

    @Test
    void dealsAreFilteredByFieldValuesAndRanges() {
        var account = newAccount();
        var api = account.api();
        Fields f = define(api);
        long site = f.selectField().at("/enums/0/id").asLong();
        long call = f.selectField().at("/enums/1/id").asLong();
        List<Long> ids = new ArrayList<>();
        Object[][] rows = {{"A", 10, site, true, 1700000000L, "Москва"}, {"B", 20, call, false, 1710000000L, "Казань"},
            {"C", 30, call, true, 1720000000L, "москва"}};
        for (Object[] row : rows) {
            ids.add(api.post("/api/v4/leads", """
                    [{"name": "%s", "custom_fields_values": [
                       {"field_id": %d, "values": [{"value": %d}]}, {"field_id": %d, "values": [{"enum_id": %d}]},
                       {"field_id": %d, "values": [{"value": %s}]}, {"field_id": %d, "values": [{"value": %d}]},
                       {"field_id": %d, "values": [{"value": "%s"}]}, {"field_id": %d, "values": [{"value": %d}]}]}]"""
                    .formatted(row[0], f.number(), row[1], f.select(), row[2], f.flag(), row[3], f.date(), row[4], f.text(), row[5],
                            f.user(), account.adminId())).json().at("/_embedded/leads/0/id").asLong());
        }
        api.post("/api/v4/leads", List.of(Map.of("name", "Без полей")));
        String cf = "/api/v4/leads?filter[custom_fields_values][";
        assertThat(names(api.get(cf + f.select() + "][]=" + call))).containsExactly("B", "C");
        assertThat(names(api.get(cf + f.select() + "][]=" + call + "&filter[custom_fields_values][" + f.select() + "][]=" + site)))
                .containsExactly("A", "B", "C");
        assertThat(names(api.get(cf + f.number() + "][from]=15&filter[custom_fields_values][" + f.number() + "][to]=30")))
                .containsExactly("B", "C");
        assertThat(names(api.get(cf + f.number() + "][]=10"))).containsExactly("A");
        assertThat(names(api.get(cf + f.date() + "][to]=1710000000"))).containsExactly("A", "B");
        assertThat(names(api.get(cf + f.flag() + "]=1"))).containsExactly("A", "C");
        assertThat(names(api.get(cf + f.flag() + "]=0"))).containsExactly("B", "Без полей");
        assertThat(names(api.get(cf + f.text() + "][]=МОСКВА"))).containsExactly("A", "C");
        assertThat(names(api.get(cf + f.user() + "][]=" + account.adminId() + "&" + "filter[custom_fields_values][" + f.select()
                + "][]=" + site))).containsExactly("A");
        assertThat(api.get(cf + f.number() + "][]=11").status()).isEqualTo(204);

        assertThat(paths(api.get(cf + "999999][]=1"))).containsExactly("filter[custom_fields_values][999999]");
        assertThat(paths(api.get(cf + f.select() + "][]=12345"))).containsExactly("filter[custom_fields_values][" + f.select() + "]");
        assertThat(paths(api.get(cf + f.number() + "][from]=abc")))
                .containsExactly("filter[custom_fields_values][" + f.number() + "][from]");
        assertThat(paths(api.get(cf + f.text() + "][from]=1"))).containsExactly("filter[custom_fields_values][" + f.text() + "]");
        assertThat(paths(api.get(cf + "name][]=1"))).containsExactly("filter[custom_fields_values][name]");
    }

    private static List<String> names(Response r) {
        List<String> names = new ArrayList<>();
        if (r.status() == 204) {
            return names;
        }
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        r.json().at("/_embedded/leads").forEach(l -> names.add(l.get("name").asString()));
        return names;
    }

    static JsonNode find(JsonNode lead, long fieldId) {
        JsonNode values = lead.get("custom_fields_values");
        if (values == null || values.isNull()) {
            return null;
        }
        for (JsonNode f : values) {
            if (f.get("field_id").asLong() == fieldId) {
                return f;
            }
        }
        return null;
    }

    static JsonNode field(JsonNode lead, long fieldId) {
        JsonNode f = find(lead, fieldId);
        assertThat(f).as("field " + fieldId + " in " + lead).isNotNull();
        return f;
    }

    static JsonNode value(JsonNode lead, long fieldId) {
        return field(lead, fieldId).at("/values/0");
    }
}
