package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.voronka.api.ContactApiTests.paths;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/** {@code /api/v4/{leads|contacts|companies}/custom_fields} and field groups. */
class CustomFieldApiTests extends ApiTest {

    @Test
    void createsListsChangesAndDeletesFields() {
        var account = newAccount();
        var api = account.api();
        JsonNode pipeline = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long pipelineId = pipeline.get("id").asLong();
        long stage = pipeline.at("/_embedded/statuses/2/id").asLong();

        Response created = api.post("/api/v4/leads/custom_fields", """
                [{"name": "Источник", "type": "select", "code": "source", "sort": 20, "request_id": "src",
                  "enums": [{"value": "Сайт", "sort": 2, "code": "site"}, {"value": "Звонок", "sort": 1}]},
                 {"name": "Замерщик", "type": "user", "required_statuses": [{"status_id": %d, "pipeline_id": %d}]},
                 {"name": "Площадь", "type": "numeric", "is_api_only": true, "settings": {"unit": "m2"}}]"""
                .formatted(stage, pipelineId));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().get("_total_items").asInt()).isEqualTo(3);
        JsonNode source = created.json().at("/_embedded/custom_fields/0");
        assertThat(source.get("request_id").asString()).isEqualTo("src");
        assertThat(source.get("code").asString()).isEqualTo("SOURCE");
        assertThat(source.get("type").asString()).isEqualTo("select");
        assertThat(source.get("entity_type").asString()).isEqualTo("leads");
        assertThat(source.get("account_id").asLong()).isEqualTo(account.accountId());
        assertThat(source.get("is_deletable").asBoolean()).isTrue();
        assertThat(source.get("is_predefined").asBoolean()).isFalse();
        assertThat(source.at("/enums/0/value").asString()).as("options ordered by sort").isEqualTo("Звонок");
        assertThat(source.at("/enums/1/code").asString()).isEqualTo("site");
        JsonNode user = created.json().at("/_embedded/custom_fields/1");
        assertThat(user.get("request_id").asString()).isEqualTo("1");
        assertThat(user.get("enums").isNull()).isTrue();
        assertThat(user.at("/required_statuses/0/status_id").asLong()).isEqualTo(stage);
        assertThat(user.at("/required_statuses/0/pipeline_id").asLong()).isEqualTo(pipelineId);
        JsonNode area = created.json().at("/_embedded/custom_fields/2");
        assertThat(area.get("is_api_only").asBoolean()).isTrue();
        assertThat(area.at("/settings/unit").asString()).isEqualTo("m2");
        assertThat(area.get("sort").asInt()).isGreaterThan(20);

        JsonNode list = api.get("/api/v4/leads/custom_fields").json();
        assertThat(list.get("_page").asInt()).isEqualTo(1);
        assertThat(names(list)).containsExactly("Источник", "Замерщик", "Площадь");
        assertThat(names(api.get("/api/v4/leads/custom_fields?filter[type][]=user&filter[type][]=numeric").json()))
                .containsExactly("Замерщик", "Площадь");
        assertThat(names(api.get("/api/v4/leads/custom_fields?order[id]=desc").json())).containsExactly("Площадь", "Замерщик", "Источник");
        JsonNode firstPage = api.get("/api/v4/leads/custom_fields?limit=2").json();
        assertThat(names(firstPage)).hasSize(2);
        assertThat(firstPage.at("/_links/next/href").asString()).contains("page=2");
        assertThat(names(api.get("/api/v4/leads/custom_fields?limit=2&page=2").json())).containsExactly("Площадь");
        assertThat(api.get("/api/v4/leads/custom_fields?limit=2&page=3").status()).isEqualTo(204);
        assertThat(api.get("/api/v4/contacts/custom_fields").json().at("/_embedded/custom_fields/0/code").asString())
                .isEqualTo("PHONE");

        long sourceId = source.get("id").asLong();
        long site = source.at("/enums/1/id").asLong();
        Response patched = api.patch("/api/v4/leads/custom_fields/" + sourceId, """
                {"name": "Канал", "enums": [{"id": %d, "value": "Сайт компании"}, {"value": "Выставка", "code": "expo"}]}"""
                .formatted(site));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("name").asString()).isEqualTo("Канал");
        JsonNode got = api.get("/api/v4/leads/custom_fields/" + sourceId).json();
        assertThat(got.get("enums").size()).as("Звонок was left out, so it is gone").isEqualTo(2);
        assertThat(got.at("/enums/0/id").asLong()).isEqualTo(site);
        assertThat(got.at("/enums/0/value").asString()).isEqualTo("Сайт компании");
        assertThat(got.at("/enums/1/code").asString()).isEqualTo("expo");

        Response batch = api.patch("/api/v4/leads/custom_fields", List.of(Map.of("id", area.get("id").asLong(), "sort", 1,
                "is_required", true)));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().at("/_embedded/custom_fields/0/is_required").asBoolean()).isTrue();
        assertThat(names(api.get("/api/v4/leads/custom_fields").json())).containsExactly("Площадь", "Канал", "Замерщик");

        assertThat(api.delete("/api/v4/leads/custom_fields/" + sourceId).status()).isEqualTo(204);
        assertThat(api.get("/api/v4/leads/custom_fields/" + sourceId).status()).isEqualTo(204);
        assertThat(api.get("/api/v4/contacts/custom_fields/" + user.get("id").asLong()).status())
                .as("a leads field is not a contacts field").isEqualTo(204);
    }

    @Test
    void invalidDefinitionsAreRefusedWithTheirPathsAndChangeNothing() {
        var account = newAccount();
        var api = account.api();
        long pipelineId = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/id").asLong();
        api.post("/api/v4/leads/custom_fields", List.of(Map.of("name", "Код", "type", "text", "code", "INN")));
        Response r = api.post("/api/v4/leads/custom_fields", """
                [{"name": "", "type": "text"},
                 {"name": "Без типа"},
                 {"name": "Странный", "type": "hologram"},
                 {"name": "Выбор", "type": "select"},
                 {"name": "Дубль", "type": "select", "enums": [{"value": "A"}, {"value": "a"}, {"value": ""}]},
                 {"name": "ИНН", "type": "text", "code": "inn"},
                 {"name": "Этап", "type": "text", "required_statuses": [{"status_id": 1, "pipeline_id": %d}]},
                 {"name": "Группа", "type": "text", "group_id": "leads_999"},
                 {"name": "Телефоны", "type": "multitext"},
                 {"name": "Флаг", "type": "checkbox", "enums": [{"value": "x"}]}]""".formatted(pipelineId));
        assertThat(paths(r)).containsExactly("name", "type", "type", "enums", "enums.1.value", "enums.2.value", "code",
                "required_statuses.0.status_id", "group_id", "type", "enums");
        assertThat(r.json().at("/validation-errors/1/request_id").asString()).isEqualTo("1");
        assertThat(names(api.get("/api/v4/leads/custom_fields").json())).containsExactly("Код");
        assertThat(paths(api.post("/api/v4/leads/custom_fields", List.of(Map.of("name", "Этап", "type", "text",
                "required_statuses", List.of(Map.of("status_id", 1))))))).containsExactly("required_statuses.0.pipeline_id");

        long id = api.get("/api/v4/leads/custom_fields").json().at("/_embedded/custom_fields/0/id").asLong();
        Response typeChange = api.patch("/api/v4/leads/custom_fields/" + id, Map.of("type", "numeric"));
        assertThat(paths(typeChange)).containsExactly("type");
        assertThat(api.patch("/api/v4/leads/custom_fields/999999", Map.of("name", "x")).status()).isEqualTo(404);
        Response notJson = api.send("POST", "/api/v4/leads/custom_fields", "{oops", "application/json");
        assertThat(notJson.status()).isEqualTo(400);

        long phone = api.get("/api/v4/contacts/custom_fields?filter[type][]=multitext").json().at("/_embedded/custom_fields/0/id").asLong();
        Response predefined = api.delete("/api/v4/contacts/custom_fields/" + phone);
        assertThat(predefined.status()).isEqualTo(422);
        assertThat(predefined.json().at("/validation-errors/0/errors/0/code").asString()).isEqualTo("NotDeletable");
        assertThat(paths(api.patch("/api/v4/contacts/custom_fields/" + phone, Map.of("code", "TEL")))).containsExactly("code");
    }

    @Test
    void onlyAdministratorsDefineFields() {
        var account = newAccount();
        var user = tx.execute(s -> accounts.createUser(account.admin(), "Manager", "m-" + account.accountId() + "@test.local",
                "pw-123456", "ru", false, 0));
        var manager = account.api().withToken(tokens.issue(account.admin(), user.id(), "m", java.time.Duration.ofDays(2)).token());
        assertThat(manager.get("/api/v4/contacts/custom_fields").status()).isEqualTo(200);
        assertThat(manager.post("/api/v4/leads/custom_fields", List.of(Map.of("name", "X", "type", "text"))).status()).isEqualTo(403);
        assertThat(account.api().get("/api/v4/leads/custom_fields").status()).isEqualTo(204);
    }

    @Test
    void groupsHoldFieldsAndLeaveThemBehindWhenDeleted() {
        var account = newAccount();
        var api = account.api();
        assertThat(api.get("/api/v4/leads/custom_fields/groups").status()).isEqualTo(204);
        Response created = api.post("/api/v4/leads/custom_fields/groups", List.of(Map.of("name", "Замер", "sort", 5),
                Map.of("name", "Доставка", "request_id", "d")));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String groupId = created.json().at("/_embedded/custom_field_groups/0/id").asString();
        assertThat(groupId).startsWith("leads_");
        assertThat(created.json().at("/_embedded/custom_field_groups/1/request_id").asString()).isEqualTo("d");
        assertThat(created.json().at("/_embedded/custom_field_groups/1/sort").asInt()).isEqualTo(6);

        long field = api.post("/api/v4/leads/custom_fields", List.of(Map.of("name", "Дата замера", "type", "date", "group_id", groupId)))
                .json().at("/_embedded/custom_fields/0/id").asLong();
        assertThat(api.get("/api/v4/leads/custom_fields/" + field).json().get("group_id").asString()).isEqualTo(groupId);

        Response renamed = api.patch("/api/v4/leads/custom_fields/groups/" + groupId, Map.of("name", "Замеры"));
        assertThat(renamed.json().get("name").asString()).isEqualTo("Замеры");
        assertThat(api.get("/api/v4/leads/custom_fields/groups/" + groupId).json().get("name").asString()).isEqualTo("Замеры");
        assertThat(paths(api.patch("/api/v4/leads/custom_fields/groups/" + groupId, Map.of("name", " ")))).containsExactly("name");
        assertThat(api.get("/api/v4/contacts/custom_fields/groups/" + groupId).status()).isEqualTo(204);
        assertThat(paths(api.post("/api/v4/leads/custom_fields/groups", List.of(Map.of("sort", 1))))).containsExactly("name");

        assertThat(api.delete("/api/v4/leads/custom_fields/groups/" + groupId).status()).isEqualTo(204);
        assertThat(api.get("/api/v4/leads/custom_fields/" + field).json().get("group_id").isNull()).isTrue();
        assertThat(api.delete("/api/v4/leads/custom_fields/groups/" + groupId).status()).isEqualTo(404);
    }

    static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.at("/_embedded/custom_fields").forEach(f -> names.add(f.get("name").asString()));
        return names;
    }
}
