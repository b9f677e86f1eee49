package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.voronka.api.ContactApiTests.field;
import static org.voronka.api.ContactApiTests.paths;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

class ComplexLeadApiTests extends ApiTest {

    @Test
    void createsALeadWithANewContactAndANewCompanyLinkedToEachOther() {
        var account = newAccount();
        Response r = account.api().post("/api/v4/leads/complex", """
                [{"name": "Site order", "price": 5000, "request_id": "qweasd", "tags_to_add": [{"name": "site"}],
                  "_embedded": {
                    "contacts": [{"first_name": "Ivan", "last_name": "Petrov", "custom_fields_values": [
                       {"field_code": "PHONE", "values": [{"value": "+79990000000", "enum_code": "MOB"}]},
                       {"field_code": "EMAIL", "values": [{"value": "ivan@example.com", "enum_code": "WORK"}]}]}],
                    "companies": [{"name": "Acme"}]}}]""");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode item = r.json().get(0);
        assertThat(r.json().isArray()).isTrue();
        assertThat(item.get("request_id").isArray()).isTrue();
        assertThat(item.at("/request_id/0").asString()).isEqualTo("qweasd");
        assertThat(item.get("merged").asBoolean()).isFalse();
        long lead = item.get("id").asLong();
        long contact = item.get("contact_id").asLong();
        long company = item.get("company_id").asLong();

        JsonNode l = account.api().get("/api/v4/leads/" + lead + "?with=contacts").json();
        assertThat(l.get("name").asString()).isEqualTo("Site order");
        assertThat(l.at("/_embedded/tags/0/name").asString()).isEqualTo("site");
        assertThat(l.at("/_embedded/contacts/0/id").asLong()).isEqualTo(contact);
        assertThat(l.at("/_embedded/contacts/0/is_main").asBoolean()).isTrue();
        assertThat(l.at("/_embedded/companies/0/id").asLong()).isEqualTo(company);
        JsonNode c = account.api().get("/api/v4/contacts/" + contact).json();
        assertThat(c.get("name").asString()).isEqualTo("Ivan Petrov");
        assertThat(c.at("/_embedded/companies/0/id").asLong()).isEqualTo(company);
        assertThat(field(c, "PHONE").at("/values/0/enum_code").asString()).isEqualTo("MOB");
        assertThat(account.api().get("/api/v4/companies/" + company).json().get("name").asString()).isEqualTo("Acme");
    }

    @Test
    void takesExistingContactsAndCompaniesByIdAndLeadsWithoutThem() {
        var account = newAccount();
        long contact = ContactApiTests.create(account, "[{\"name\": \"Known\"}]");
        long company = CompanyApiTests.create(account, "[{\"name\": \"Known Co\"}]");
        Response r = account.api().post("/api/v4/leads/complex", List.of(
                Map.of("name", "a", "_embedded", Map.of("contacts", List.of(Map.of("id", contact)), "companies", List.of(Map.of("id", company)))),
                Map.of("name", "b", "_embedded", Map.of("contacts", List.of(Map.of("id", contact)), "companies", List.of(Map.of("name", "New Co")))),
                Map.of("name", "c")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        Response nullId = account.api().post("/api/v4/leads/complex", """
                [{"_embedded": {"contacts": [{"id": null, "name": "Fresh"}]}}]""");
        assertThat(nullId.status()).as(nullId.toString()).isEqualTo(200);
        long fresh = nullId.json().at("/0/contact_id").asLong();
        assertThat(account.api().get("/api/v4/contacts/" + fresh).json().get("name").asString()).isEqualTo("Fresh");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().at("/0/contact_id").asLong()).isEqualTo(contact);
        assertThat(r.json().at("/0/company_id").asLong()).isEqualTo(company);
        assertThat(r.json().at("/0/request_id/0").asString()).isEqualTo("0");
        long newCompany = r.json().at("/1/company_id").asLong();
        assertThat(newCompany).isNotEqualTo(company);
        assertThat(r.json().at("/2/contact_id").isNull()).isTrue();
        assertThat(r.json().at("/2/company_id").isNull()).isTrue();
        // an existing contact is not moved into a new company
        assertThat(account.api().get("/api/v4/contacts/" + contact).json().at("/_embedded/companies").size()).isZero();
        Response newIntoExisting = account.api().post("/api/v4/leads/complex", List.of(
                Map.of("_embedded", Map.of("contacts", List.of(Map.of("name", "Newcomer")), "companies", List.of(Map.of("id", company))))));
        long newcomer = newIntoExisting.json().at("/0/contact_id").asLong();
        assertThat(account.api().get("/api/v4/contacts/" + newcomer).json().at("/_embedded/companies/0/id").asLong()).isEqualTo(company);
    }

    @Test
    void anInvalidPartRejectsEverythingWithThePathOfThePart() {
        var account = newAccount();
        Response r = account.api().post("/api/v4/leads/complex", """
                [{"name": "fine", "_embedded": {"contacts": [{"name": "ok"}], "companies": [{"name": "ok"}]}},
                 {"name": "broken", "request_id": "r2", "_embedded": {
                    "contacts": [{"name": "x", "custom_fields_values": [{"field_code": "PHONE", "values": [{"value": "+7999", "enum_code": "CELL"}]}]}],
                    "companies": [{"name": "y"}]}}]""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/validation-errors/0/request_id").asString()).isEqualTo("r2");
        assertThat(paths(r)).containsExactly("_embedded.contacts.0.custom_fields_values.0.values.0.enum_code");
        assertNothingCreated(account);

        // a lead that fails after its contact and company were made leaves nothing behind either
        Response lateFailure = account.api().post("/api/v4/leads/complex", """
                [{"status_id": 1, "_embedded": {"contacts": [{"name": "c"}], "companies": [{"name": "co"}]}}]""");
        assertThat(paths(lateFailure)).containsExactly("status_id");
        assertNothingCreated(account);

        assertThat(paths(account.api().post("/api/v4/leads/complex", """
                [{"_embedded": {"contacts": [{"name": 1}]}}]"""))).containsExactly("_embedded.contacts.0.name");
        assertThat(paths(account.api().post("/api/v4/leads/complex", """
                [{"_embedded": {"contacts": [{"id": 999999999}], "companies": [{"id": 999999999}]}}]""")))
                .containsExactly("_embedded.contacts.0.id", "_embedded.companies.0.id");
        assertThat(paths(account.api().post("/api/v4/leads/complex", """
                [{"_embedded": {"contacts": [{"name": "a"}, {"name": "b"}]}}]"""))).containsExactly("_embedded.contacts");
        assertThat(paths(account.api().post("/api/v4/leads/complex", """
                [{"_embedded": {"companies": {"name": "a"}}}]"""))).containsExactly("_embedded.companies");
        assertThat(paths(account.api().post("/api/v4/leads/complex", """
                [{"_embedded": {"contacts": [{"responsible_user_id": 999999999}]}}]"""))).containsExactly("_embedded.contacts.0.responsible_user_id");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(Map.of("name", "n" + i));
        }
        assertThat(account.api().post("/api/v4/leads/complex", tooMany).status()).isEqualTo(400);
        assertNothingCreated(account);
    }

    @Test
    void anotherAccountsContactCannotBeUsed() {
        var mine = newAccount();
        var theirs = newAccount();
        long foreign = ContactApiTests.create(theirs, "[{\"name\": \"Stranger\"}]");
        Response r = mine.api().post("/api/v4/leads/complex", List.of(Map.of("_embedded", Map.of("contacts", List.of(Map.of("id", foreign))))));
        assertThat(paths(r)).containsExactly("_embedded.contacts.0.id");
        assertNothingCreated(mine);
    }

    private static void assertNothingCreated(TestAccount account) {
        assertThat(account.api().get("/api/v4/leads").status()).isEqualTo(204);
        assertThat(account.api().get("/api/v4/contacts").status()).isEqualTo(204);
        assertThat(account.api().get("/api/v4/companies").status()).isEqualTo(204);
    }
}
