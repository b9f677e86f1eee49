package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

class ContactApiTests extends ApiTest {

    static final String IVAN = """
            [{"first_name": "Ivan", "last_name": "Petrov", "request_id": "iv",
              "custom_fields_values": [
                {"field_code": "PHONE", "values": [{"value": "+7 999 000-00-00", "enum_code": "MOB"}, {"value": "8 (495) 123-45-67"}]},
                {"field_code": "EMAIL", "values": [{"value": "Ivan@Example.com", "enum_code": "WORK"}]}]}]""";

    static long create(TestAccount account, String body) {
        Response r = account.api().post("/api/v4/contacts", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().at("/_embedded/contacts/0/id").asLong();
    }

    static JsonNode field(JsonNode entity, String code) {
        for (JsonNode f : entity.get("custom_fields_values")) {
            if (code.equals(f.get("field_code").asString())) {
                return f;
            }
        }
        throw new AssertionError("no field " + code + " in " + entity);
    }

    @Test
    void createsAContactWithPhonesAndEmailByFieldCode() {
        var account = newAccount();
        Response r = account.api().post("/api/v4/contacts", IVAN);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/hal+json");
        assertThat(r.json().at("/_embedded/contacts/0/request_id").asString()).isEqualTo("iv");
        long id = r.json().at("/_embedded/contacts/0/id").asLong();

        JsonNode c = account.api().get("/api/v4/contacts/" + id).json();
        assertThat(c.get("name").asString()).isEqualTo("Ivan Petrov");
        assertThat(c.get("first_name").asString()).isEqualTo("Ivan");
        assertThat(c.get("responsible_user_id").asLong()).isEqualTo(account.adminId());
        assertThat(c.get("created_by").asLong()).isEqualTo(account.adminId());
        assertThat(c.get("created_at").asLong()).isPositive();
        assertThat(c.at("/_embedded/tags").isArray()).isTrue();
        assertThat(c.at("/_embedded/companies").isArray()).isTrue();
        assertThat(c.at("/_embedded/companies").size()).isZero();
        assertThat(c.at("/_links/self/href").asString()).endsWith("/api/v4/contacts/" + id);

        JsonNode phone = field(c, "PHONE");
        assertThat(phone.get("field_type").asString()).isEqualTo("multitext");
        assertThat(phone.get("field_name").asString()).isEqualTo("Телефон");
        assertThat(phone.at("/values/0/value").asString()).isEqualTo("+7 999 000-00-00");
        assertThat(phone.at("/values/0/enum_code").asString()).isEqualTo("MOB");
        assertThat(phone.at("/values/0/enum").asString()).isEqualTo("MOB");
        assertThat(phone.at("/values/0/enum_id").asLong()).isPositive();
        // without an enum a phone is a work phone
        assertThat(phone.at("/values/1/enum_code").asString()).isEqualTo("WORK");
        JsonNode email = field(c, "EMAIL");
        assertThat(email.at("/values/0/value").asString()).isEqualTo("Ivan@Example.com");
        assertThat(email.at("/values/0/enum_code").asString()).isEqualTo("WORK");
    }

    @Test
    void writesByFieldIdAndClearsWithNullValues() {
        var account = newAccount();
        long id = create(account, IVAN);
        JsonNode c = account.api().get("/api/v4/contacts/" + id).json();
        long phoneId = field(c, "PHONE").get("field_id").asLong();
        long emailId = field(c, "EMAIL").get("field_id").asLong();
        long homeEnum = -1;

        // by field_id and enum_id: take the enum id of HOME from a write by code first
        Response byCode = account.api().patch("/api/v4/contacts/" + id, """
                {"custom_fields_values": [{"field_id": %d, "values": [{"value": "111", "enum_code": "HOME"}]}]}""".formatted(phoneId));
        assertThat(byCode.status()).as(byCode.toString()).isEqualTo(200);
        assertThat(byCode.json().get("id").asLong()).isEqualTo(id);
        assertThat(byCode.json().has("updated_at")).isTrue();
        c = account.api().get("/api/v4/contacts/" + id).json();
        homeEnum = field(c, "PHONE").at("/values/0/enum_id").asLong();
        assertThat(field(c, "PHONE").get("values").size()).isEqualTo(1);
        // the e-mail was not mentioned and stays
        assertThat(field(c, "EMAIL").at("/values/0/value").asString()).isEqualTo("Ivan@Example.com");

        Response byEnumId = account.api().patch("/api/v4/contacts/" + id, """
                {"custom_fields_values": [{"field_id": %d, "values": [{"value": "222", "enum_id": %d}]}]}""".formatted(phoneId, homeEnum));
        assertThat(byEnumId.status()).as(byEnumId.toString()).isEqualTo(200);
        c = account.api().get("/api/v4/contacts/" + id).json();
        assertThat(field(c, "PHONE").at("/values/0/value").asString()).isEqualTo("222");
        assertThat(field(c, "PHONE").at("/values/0/enum_code").asString()).isEqualTo("HOME");

        // custom_fields_values: null changes nothing
        assertThat(account.api().patch("/api/v4/contacts/" + id, "{\"name\": \"Ivan\", \"custom_fields_values\": null}").status())
                .isEqualTo(200);
        c = account.api().get("/api/v4/contacts/" + id).json();
        assertThat(c.get("name").asString()).isEqualTo("Ivan");
        assertThat(c.get("custom_fields_values").size()).isEqualTo(2);

        // values: null clears a field; with none left the list is null
        Response clear = account.api().patch("/api/v4/contacts/" + id, """
                {"custom_fields_values": [{"field_id": %d, "values": null}, {"field_code": "EMAIL", "values": null}]}""".formatted(phoneId));
        assertThat(clear.status()).as(clear.toString()).isEqualTo(200);
        c = account.api().get("/api/v4/contacts/" + id).json();
        assertThat(c.get("custom_fields_values").isNull()).isTrue();
        assertThat(emailId).isNotEqualTo(phoneId);
    }

    @Test
    void wrongEnumCodeIsRefusedWithItsPathAndNothingIsCreated() {
        var account = newAccount();
        Response r = account.api().post("/api/v4/contacts", """
                [{"name": "ok"},
                 {"name": "bad", "request_id": "b", "custom_fields_values": [
                   {"field_code": "PHONE", "values": [{"value": "+79990000000", "enum_code": "MOB"}, {"value": "1", "enum_code": "PRIV"}]}]}]""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        JsonNode item = r.json().at("/validation-errors/0");
        assertThat(item.get("request_id").asString()).isEqualTo("b");
        assertThat(item.at("/errors/0/path").asString()).isEqualTo("custom_fields_values.0.values.1.enum_code");
        assertThat(item.at("/errors/0/code").asString()).isEqualTo("NotSupportedChoice");
        assertThat(account.api().get("/api/v4/contacts").status()).isEqualTo(204);
    }

    @Test
    void malformedValuesGetPrecisePaths() {
        var account = newAccount();
        Response r = account.api().post("/api/v4/contacts", """
                [{"name": 5, "responsible_user_id": "me", "custom_fields_values": [
                   {"field_code": "NOPE", "values": [{"value": "x"}]},
                   {"field_code": "PHONE", "values": [{"value": {"a": 1}}, {"value": "no digits"}, {"value": ""}]},
                   {"field_id": 999999999, "values": [{"value": "x"}]},
                   {"field_code": "EMAIL"},
                   {"values": [{"value": "x"}]},
                   {"field_code": "EMAIL", "values": [{"value": "a@b.c", "enum_id": 999999999}]}]}]""");
        assertThat(r.status()).isEqualTo(400);
        List<String> paths = paths(r);
        assertThat(paths).contains("name", "responsible_user_id", "custom_fields_values.1.values.0.value",
                "custom_fields_values.3.values", "custom_fields_values.4.field_id");
        // the facade's checks run once the request is well-formed
        Response semantic = account.api().post("/api/v4/contacts", """
                [{"custom_fields_values": [
                   {"field_code": "NOPE", "values": [{"value": "x"}]},
                   {"field_code": "PHONE", "values": [{"value": "no digits"}, {"value": " "}]},
                   {"field_id": 999999999, "values": [{"value": "x"}]},
                   {"field_code": "EMAIL", "values": [{"value": "a@b.c", "enum_id": 999999999}]}]}]""");
        assertThat(semantic.status()).isEqualTo(400);
        assertThat(paths(semantic)).containsExactlyInAnyOrder("custom_fields_values.0.field_code",
                "custom_fields_values.1.values.0.value", "custom_fields_values.1.values.1.value",
                "custom_fields_values.2.field_id", "custom_fields_values.3.values.0.enum_id");
        Response unknownUser = account.api().post("/api/v4/contacts", List.of(Map.of("name", "x", "responsible_user_id", 999999999)));
        assertThat(paths(unknownUser)).containsExactly("responsible_user_id");
        assertThat(account.api().post("/api/v4/contacts", "[{\"name\": ").status()).isEqualTo(400);
        assertThat(account.api().post("/api/v4/contacts", "[]").status()).isEqualTo(400);
        assertThat(account.api().get("/api/v4/contacts").status()).isEqualTo(204);
    }

    static List<String> paths(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        List<String> paths = new ArrayList<>();
        for (JsonNode item : r.json().get("validation-errors")) {
            for (JsonNode e : item.get("errors")) {
                paths.add(e.get("path").asString());
            }
        }
        return paths;
    }

    @Test
    void namesComeFromFirstAndLastNameOrAreNumbered() {
        var account = newAccount();
        long id = create(account, "[{\"first_name\": \"Anna\"}]");
        long unnamed = create(account, "[{}]");
        assertThat(account.api().get("/api/v4/contacts/" + id).json().get("name").asString()).isEqualTo("Anna");
        assertThat(account.api().get("/api/v4/contacts/" + unnamed).json().get("name").asString()).isEqualTo("Контакт #" + unnamed);
        account.api().patch("/api/v4/contacts/" + id, Map.of("last_name", "Karenina"));
        JsonNode c = account.api().get("/api/v4/contacts/" + id).json();
        assertThat(c.get("name").asString()).isEqualTo("Anna Karenina");
        assertThat(c.get("last_name").asString()).isEqualTo("Karenina");
        account.api().patch("/api/v4/contacts/" + id, Map.of("name", "Анна"));
        assertThat(account.api().get("/api/v4/contacts/" + id).json().get("name").asString()).isEqualTo("Анна");
    }

    @Test
    void tagsFollowAmoCrmSemantics() {
        var account = newAccount();
        long id = create(account, "[{\"name\": \"t\", \"tags_to_add\": [{\"name\": \"vip\"}], \"_embedded\": {\"tags\": [{\"name\": \"new\"}]}}]");
        assertThat(tagNames(account, id)).containsExactlyInAnyOrder("vip", "new");
        account.api().patch("/api/v4/contacts/" + id, "{\"tags_to_add\": [{\"name\": \"hot\"}], \"tags_to_delete\": [{\"name\": \"new\"}]}");
        assertThat(tagNames(account, id)).containsExactlyInAnyOrder("vip", "hot");
        account.api().patch("/api/v4/contacts/" + id, "{\"_embedded\": {\"tags\": [{\"name\": \"only\"}]}}");
        assertThat(tagNames(account, id)).containsExactly("only");
        account.api().patch("/api/v4/contacts/" + id, "{\"_embedded\": {\"tags\": null}}");
        assertThat(tagNames(account, id)).isEmpty();
        Response unknown = account.api().patch("/api/v4/contacts/" + id, "{\"tags_to_add\": [{\"id\": 999999999}]}");
        assertThat(paths(unknown)).containsExactly("tags_to_add.0.id");
    }

    private static List<String> tagNames(TestAccount account, long id) {
        List<String> names = new ArrayList<>();
        account.api().get("/api/v4/contacts/" + id).json().at("/_embedded/tags").forEach(t -> names.add(t.get("name").asString()));
        return names;
    }

    @Test
    void batchPatchIsAllOrNothing() {
        var account = newAccount();
        long a = create(account, "[{\"name\": \"a\"}]");
        long b = create(account, "[{\"name\": \"b\"}]");
        Response bad = account.api().patch("/api/v4/contacts", List.of(Map.of("id", a, "name", "a2"),
                Map.of("id", b, "responsible_user_id", 999999999, "request_id", "x")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/validation-errors/0/request_id").asString()).isEqualTo("x");
        assertThat(account.api().get("/api/v4/contacts/" + a).json().get("name").asString()).isEqualTo("a");

        Response ok = account.api().patch("/api/v4/contacts", List.of(Map.of("id", a, "name", "a2"), Map.of("id", b, "name", "b2")));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().at("/_embedded/contacts/1/id").asLong()).isEqualTo(b);
        assertThat(ok.json().at("/_embedded/contacts/1/request_id").asString()).isEqualTo("1");
        assertThat(account.api().get("/api/v4/contacts/" + b).json().get("name").asString()).isEqualTo("b2");
        assertThat(paths(account.api().patch("/api/v4/contacts", List.of(Map.of("name", "no id"))))).containsExactly("id");
        assertThat(paths(account.api().patch("/api/v4/contacts", "[{\"id\": " + a + ", \"name\": \"a3\"}, {\"id\": null}]")))
                .containsExactly("id");
        assertThat(account.api().get("/api/v4/contacts/" + a).json().get("name").asString()).isEqualTo("a2");
    }

    @Test
    void anotherAccountsContactIsInvisibleAndUnchangeable() {
        var mine = newAccount();
        var theirs = newAccount();
        long id = create(mine, IVAN);
        assertThat(theirs.api().get("/api/v4/contacts/" + id).status()).isEqualTo(204);
        assertThat(theirs.api().get("/api/v4/contacts/999999999").status()).isEqualTo(204);
        assertThat(theirs.api().get("/api/v4/contacts?filter[id]=" + id).status()).isEqualTo(204);
        assertThat(theirs.api().get("/api/v4/contacts?query=9990000000").status()).isEqualTo(204);
        assertThat(theirs.api().patch("/api/v4/contacts/" + id, Map.of("name", "stolen")).status()).isEqualTo(404);
        assertThat(paths(theirs.api().patch("/api/v4/contacts", List.of(Map.of("id", id, "name", "stolen"))))).containsExactly("id");
        // field ids are per account
        long phoneId = field(mine.api().get("/api/v4/contacts/" + id).json(), "PHONE").get("field_id").asLong();
        Response foreignField = theirs.api().post("/api/v4/contacts", """
                [{"custom_fields_values": [{"field_id": %d, "values": [{"value": "1"}]}]}]""".formatted(phoneId));
        assertThat(paths(foreignField)).containsExactly("custom_fields_values.0.field_id");
        assertThat(mine.api().get("/api/v4/contacts/" + id).json().get("name").asString()).isEqualTo("Ivan Petrov");
    }

    @Test
    void listsFilterSearchOrderAndPage() {
        var account = newAccount();
        long ivan = create(account, IVAN);
        long anna = create(account, "[{\"name\": \"Anna\", \"custom_fields_values\": [{\"field_code\": \"EMAIL\", \"values\": [{\"value\": \"anna@corp.ru\"}]}]}]");
        long boris = create(account, "[{\"name\": \"Boris\"}]");

        assertThat(ids(account, "/api/v4/contacts")).containsExactly(ivan, anna, boris);
        assertThat(ids(account, "/api/v4/contacts?order[id]=desc")).containsExactly(boris, anna, ivan);
        assertThat(ids(account, "/api/v4/contacts?filter[id][]=" + ivan + "&filter[id][]=" + boris)).containsExactly(ivan, boris);
        assertThat(ids(account, "/api/v4/contacts?filter[name]=Anna")).containsExactly(anna);
        assertThat(ids(account, "/api/v4/contacts?filter[responsible_user_id]=" + account.adminId())).hasSize(3);
        assertThat(ids(account, "/api/v4/contacts?filter[created_by][]=" + account.adminId())).hasSize(3);
        // phones match by digits whichever way they are written; e-mails case-insensitively; names by part
        assertThat(ids(account, "/api/v4/contacts?query=8%20999%20000%2000%2000")).containsExactly(ivan);
        assertThat(ids(account, "/api/v4/contacts?query=4951234567")).containsExactly(ivan);
        assertThat(ids(account, "/api/v4/contacts?query=ANNA@CORP")).containsExactly(anna);
        assertThat(ids(account, "/api/v4/contacts?query=bor")).containsExactly(boris);
        assertThat(account.api().get("/api/v4/contacts?query=nobody").status()).isEqualTo(204);
        long now = System.currentTimeMillis() / 1000;
        assertThat(ids(account, "/api/v4/contacts?filter[created_at][from]=" + (now - 600) + "&filter[created_at][to]=" + (now + 600))).hasSize(3);
        assertThat(account.api().get("/api/v4/contacts?filter[updated_at][from]=" + (now + 600)).status()).isEqualTo(204);

        Response page1 = account.api().get("/api/v4/contacts?limit=2");
        assertThat(page1.json().get("_page").asInt()).isEqualTo(1);
        assertThat(page1.json().at("/_links/next/href").asString()).contains("page=2");
        Response page2 = account.api().get("/api/v4/contacts?limit=2&page=2");
        assertThat(page2.json().at("/_embedded/contacts").size()).isEqualTo(1);
        assertThat(page2.json().at("/_links/next").isMissingNode()).isTrue();

        assertThat(account.api().get("/api/v4/contacts?limit=251").status()).isEqualTo(400);
        assertThat(account.api().get("/api/v4/contacts?order[name]=asc").status()).isEqualTo(400);
        assertThat(account.api().get("/api/v4/contacts?filter[id]=abc").status()).isEqualTo(400);
    }

    static List<Long> ids(TestAccount account, String path) {
        Response r = account.api().get(path);
        assertThat(r.status()).as(path + " -> " + r).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        JsonNode embedded = r.json().get("_embedded");
        embedded.properties().iterator().next().getValue().forEach(n -> ids.add(n.get("id").asLong()));
        return ids;
    }

    @Test
    void creationIsOnTheTimelineAndLeadsShowWithLeads() {
        var account = newAccount();
        long id = create(account, IVAN);
        JsonNode events = account.api().get("/api/v4/events?filter[entity][]=contact&filter[entity_id][]=" + id).json();
        assertThat(events.at("/_embedded/events/0/type").asString()).isEqualTo("contact_added");
        assertThat(events.at("/_embedded/events/0/entity_type").asString()).isEqualTo("contact");
        assertThat(events.at("/_embedded/events/0/created_by").asLong()).isEqualTo(account.adminId());

        long lead = account.api().post("/api/v4/leads", List.of(Map.of("_embedded", Map.of("contacts", List.of(Map.of("id", id))))))
                .json().at("/_embedded/leads/0/id").asLong();
        JsonNode c = account.api().get("/api/v4/contacts/" + id + "?with=leads").json();
        assertThat(c.at("/_embedded/leads/0/id").asLong()).isEqualTo(lead);
        assertThat(c.at("/_embedded/leads/0/_links/self/href").asString()).endsWith("/api/v4/leads/" + lead);
        assertThat(account.api().get("/api/v4/contacts/" + id).json().at("/_embedded/leads").isMissingNode()).isTrue();
    }

    @Test
    void aContactSentBackAsReadChangesNothing() {
        var account = newAccount();
        long company = CompanyApiTests.create(account, "[{\"name\": \"Acme\"}]");
        long id = create(account, IVAN.replace("\"request_id\": \"iv\",", "\"tags_to_add\": [{\"name\": \"vip\"}], \"_embedded\": {\"companies\": [{\"id\": " + company + "}]},"));
        JsonNode before = account.api().get("/api/v4/contacts/" + id + "?with=leads").json();
        Response back = account.api().patch("/api/v4/contacts/" + id, before.toString());
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        Response batch = account.api().patch("/api/v4/contacts", "[" + before + "]");
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        JsonNode after = account.api().get("/api/v4/contacts/" + id + "?with=leads").json();
        assertThat(after.get("custom_fields_values")).isEqualTo(before.get("custom_fields_values"));
        assertThat(after.at("/_embedded/tags")).isEqualTo(before.at("/_embedded/tags"));
        assertThat(after.at("/_embedded/companies/0/id").asLong()).isEqualTo(company);
        assertThat(after.get("name")).isEqualTo(before.get("name"));
    }
}
