package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.voronka.api.ContactApiTests.field;
import static org.voronka.api.ContactApiTests.ids;
import static org.voronka.api.ContactApiTests.paths;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

class CompanyApiTests extends ApiTest {

    static long create(TestAccount account, String body) {
        Response r = account.api().post("/api/v4/companies", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().at("/_embedded/companies/0/id").asLong();
    }

    @Test
    void createsACompanyWithPhoneTagsAndDefaults() {
        var account = newAccount("en");
        Response r = account.api().post("/api/v4/companies", """
                [{"name": "Roga i Kopyta", "request_id": "rk", "tags_to_add": [{"name": "b2b"}],
                  "custom_fields_values": [{"field_code": "PHONE", "values": [{"value": "+7 495 000 00 00", "enum_code": "WORKDD"}]}]},
                 {}]""");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().at("/_embedded/companies/0/request_id").asString()).isEqualTo("rk");
        long id = r.json().at("/_embedded/companies/0/id").asLong();
        long unnamed = r.json().at("/_embedded/companies/1/id").asLong();

        JsonNode c = account.api().get("/api/v4/companies/" + id).json();
        assertThat(c.get("name").asString()).isEqualTo("Roga i Kopyta");
        assertThat(c.has("first_name")).isFalse();
        assertThat(c.get("responsible_user_id").asLong()).isEqualTo(account.adminId());
        assertThat(c.at("/_embedded/tags/0/name").asString()).isEqualTo("b2b");
        JsonNode phone = field(c, "PHONE");
        assertThat(phone.get("field_name").asString()).isEqualTo("Phone");
        assertThat(phone.at("/values/0/enum_code").asString()).isEqualTo("WORKDD");
        assertThat(c.at("/_embedded/contacts").isMissingNode()).isTrue();
        assertThat(account.api().get("/api/v4/companies/" + unnamed).json().get("name").asString()).isEqualTo("Company #" + unnamed);
        assertThat(account.api().get("/api/v4/companies/" + unnamed).json().get("custom_fields_values").isNull()).isTrue();

        JsonNode events = account.api().get("/api/v4/events?filter[entity][]=company&filter[entity_id][]=" + id).json();
        assertThat(events.at("/_embedded/events/0/type").asString()).isEqualTo("company_added");
    }

    @Test
    void companyFieldsAreNotContactFields() {
        var account = newAccount();
        long contact = ContactApiTests.create(account, ContactApiTests.IVAN);
        long contactPhone = field(account.api().get("/api/v4/contacts/" + contact).json(), "PHONE").get("field_id").asLong();
        Response r = account.api().post("/api/v4/companies", """
                [{"custom_fields_values": [{"field_id": %d, "values": [{"value": "1"}]}]}]""".formatted(contactPhone));
        assertThat(paths(r)).containsExactly("custom_fields_values.0.field_id");
        Response wrongEmailEnum = account.api().post("/api/v4/companies", """
                [{"custom_fields_values": [{"field_code": "email", "values": [{"value": "a@b.c", "enum_code": "MOB"}]}]}]""");
        assertThat(paths(wrongEmailEnum)).containsExactly("custom_fields_values.0.values.0.enum_code");
    }

    @Test
    void showsContactsAndLeadsWhenAskedFor() {
        var account = newAccount();
        long company = create(account, "[{\"name\": \"Acme\"}]");
        long contact = ContactApiTests.create(account, "[{\"name\": \"Worker\", \"_embedded\": {\"companies\": [{\"id\": " + company + "}]}}]");
        long lead = account.api().post("/api/v4/leads", List.of(Map.of("_embedded", Map.of("companies", List.of(Map.of("id", company))))))
                .json().at("/_embedded/leads/0/id").asLong();

        JsonNode c = account.api().get("/api/v4/companies/" + company + "?with=contacts,leads").json();
        assertThat(c.at("/_embedded/contacts/0/id").asLong()).isEqualTo(contact);
        assertThat(c.at("/_embedded/contacts/0/_links/self/href").asString()).endsWith("/api/v4/contacts/" + contact);
        assertThat(c.at("/_embedded/leads/0/id").asLong()).isEqualTo(lead);
        assertThat(account.api().get("/api/v4/contacts/" + contact).json().at("/_embedded/companies/0/id").asLong()).isEqualTo(company);
        JsonNode list = account.api().get("/api/v4/companies?with=contacts").json();
        assertThat(list.at("/_embedded/companies/0/_embedded/contacts/0/id").asLong()).isEqualTo(contact);
        assertThat(list.at("/_embedded/companies/0/_embedded/leads").isMissingNode()).isTrue();
        // joining a company is on both timelines
        JsonNode events = account.api().get("/api/v4/events?filter[entity][]=company&filter[entity_id][]=" + company
                + "&filter[type][]=entity_linked").json();
        assertThat(events.at("/_embedded/events/0/value_after/0/link/entity/id").asLong()).isEqualTo(contact);
    }

    @Test
    void patchesListsAndKeepsAccountsApart() {
        var mine = newAccount();
        var theirs = newAccount();
        long a = create(mine, "[{\"name\": \"Alpha\"}]");
        long b = create(mine, "[{\"name\": \"Beta\", \"custom_fields_values\": [{\"field_code\": \"EMAIL\", \"values\": [{\"value\": \"info@beta.io\"}]}]}]");
        Response patched = mine.api().patch("/api/v4/companies/" + a, Map.of("name", "Alpha LLC"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("id").asLong()).isEqualTo(a);
        assertThat(mine.api().get("/api/v4/companies/" + a).json().get("name").asString()).isEqualTo("Alpha LLC");
        assertThat(mine.api().get("/api/v4/companies/" + a).json().get("updated_by").asLong()).isEqualTo(mine.adminId());

        assertThat(ids(mine, "/api/v4/companies?query=beta.io")).containsExactly(b);
        assertThat(ids(mine, "/api/v4/companies?order[updated_at]=desc")).containsExactly(a, b);
        assertThat(ids(mine, "/api/v4/companies?filter[name][]=Beta")).containsExactly(b);

        Response batch = mine.api().patch("/api/v4/companies", List.of(Map.of("id", a, "name", "A"), Map.of("id", b, "name", 7)));
        assertThat(paths(batch)).containsExactly("name");
        assertThat(mine.api().get("/api/v4/companies/" + a).json().get("name").asString()).isEqualTo("Alpha LLC");

        assertThat(theirs.api().get("/api/v4/companies/" + a).status()).isEqualTo(204);
        assertThat(theirs.api().get("/api/v4/companies").status()).isEqualTo(204);
        assertThat(theirs.api().patch("/api/v4/companies/" + a, Map.of("name", "x")).status()).isEqualTo(404);
        Response foreignLink = theirs.api().post("/api/v4/contacts", "[{\"_embedded\": {\"companies\": [{\"id\": " + a + "}]}}]");
        assertThat(paths(foreignLink)).containsExactly("_embedded.companies.0.id");
    }

    @Test
    void tasksAndNotesAttachToContactsAndCompanies() {
        var account = newAccount();
        long company = create(account, "[{\"name\": \"Acme\"}]");
        long contact = ContactApiTests.create(account, "[{\"name\": \"Anna\"}]");
        Response r = account.api().post("/api/v4/tasks", List.of(
                Map.of("text", "call", "complete_till", 1800000000, "entity_type", "contacts", "entity_id", contact),
                Map.of("text", "visit", "complete_till", 1900000000, "entity_type", "companies", "entity_id", company)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(account.api().get("/api/v4/contacts/" + contact).json().get("closest_task_at").asLong()).isEqualTo(1800000000L);
        assertThat(account.api().get("/api/v4/companies/" + company).json().get("closest_task_at").asLong()).isEqualTo(1900000000L);
        assertThat(ContactApiTests.ids(account, "/api/v4/contacts?filter[closest_task_at][from]=1700000000")).containsExactly(contact);
        assertThat(account.api().get("/api/v4/companies?filter[closest_task_at][to]=1700000000").status()).isEqualTo(204);
        assertThat(account.api().get("/api/v4/contacts?with=only_deleted").status()).isEqualTo(204);
        Response note = account.api().post("/api/v4/contacts/" + contact + "/notes",
                List.of(Map.of("note_type", "common", "params", Map.of("text", "Позвонить после обеда"))));
        assertThat(note.status()).as(note.toString()).isEqualTo(200);
        Response companyNote = account.api().post("/api/v4/companies/notes",
                List.of(Map.of("entity_id", company, "note_type", "common", "params", Map.of("text", "Реквизиты в почте"))));
        assertThat(companyNote.status()).as(companyNote.toString()).isEqualTo(200);
        assertThat(account.api().get("/api/v4/companies/" + company + "/notes").json().at("/_embedded/notes/0/params/text").asString())
                .isEqualTo("Реквизиты в почте");
        var theirs = newAccount();
        assertThat(theirs.api().post("/api/v4/contacts/" + contact + "/notes",
                List.of(Map.of("note_type", "common", "params", Map.of("text", "x")))).status()).isEqualTo(400);
        Response foreign = theirs.api().post("/api/v4/tasks", List.of(
                Map.of("text", "x", "complete_till", 1800000000, "entity_type", "contacts", "entity_id", contact)));
        assertThat(foreign.status()).isEqualTo(400);
    }
}
