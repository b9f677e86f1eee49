package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.voronka.api.ContactApiTests.paths;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

class LinkApiTests extends ApiTest {

    private static long lead(TestAccount account) {
        return account.api().post("/api/v4/leads", List.of(Map.of("name", "deal"))).json().at("/_embedded/leads/0/id").asLong();
    }

    private static long contact(TestAccount account, String name) {
        return ContactApiTests.create(account, "[{\"name\": \"" + name + "\"}]");
    }

    private static long company(TestAccount account) {
        return CompanyApiTests.create(account, "[{\"name\": \"Co\"}]");
    }

    private static Map<String, Object> to(long id, String type) {
        return Map.of("to_entity_id", id, "to_entity_type", type);
    }

    private static Map<String, Object> main(long id) {
        return Map.of("to_entity_id", id, "to_entity_type", "contacts", "metadata", Map.of("is_main", true));
    }

    @Test
    void linksContactsAndACompanyToALeadWithTheMainFlagReadAsMainContact() {
        var account = newAccount();
        long lead = lead(account);
        long anna = contact(account, "Anna");
        long boris = contact(account, "Boris");
        long co = company(account);

        Response linked = account.api().post("/api/v4/leads/" + lead + "/link", List.of(to(anna, "contacts"), to(co, "companies")));
        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        assertThat(linked.json().get("_total_items").asInt()).isEqualTo(2);
        JsonNode first = linked.json().at("/_embedded/links/0");
        assertThat(first.get("entity_id").asLong()).isEqualTo(lead);
        assertThat(first.get("entity_type").asString()).isEqualTo("leads");
        assertThat(first.get("to_entity_id").asLong()).isEqualTo(anna);
        // the first contact of a lead becomes its main contact
        assertThat(first.at("/metadata/main_contact").asBoolean()).isTrue();
        assertThat(linked.json().at("/_embedded/links/1/metadata").isNull()).isTrue();

        // a new main contact takes the flag over; is_main on write, main_contact on read
        assertThat(account.api().post("/api/v4/leads/" + lead + "/link", List.of(main(boris))).status()).isEqualTo(200);
        JsonNode links = account.api().get("/api/v4/leads/" + lead + "/links").json();
        assertThat(links.get("_total_items").asInt()).isEqualTo(3);
        assertThat(mainOf(links, anna)).isFalse();
        assertThat(mainOf(links, boris)).isTrue();
        assertThat(links.at("/_embedded/links/2/to_entity_type").asString()).isEqualTo("companies");
        assertThat(links.at("/_embedded/links/2/metadata").isNull()).isTrue();
        assertThat(links.at("/_embedded/links/0").has("entity_id")).isFalse();

        JsonNode l = account.api().get("/api/v4/leads/" + lead + "?with=contacts").json();
        assertThat(l.at("/_embedded/companies/0/id").asLong()).isEqualTo(co);
        assertThat(l.at("/_embedded/contacts/0/id").asLong()).isEqualTo(boris);
        assertThat(l.at("/_embedded/contacts/0/is_main").asBoolean()).isTrue();

        JsonNode fromContact = account.api().get("/api/v4/contacts/" + boris + "/links").json();
        assertThat(fromContact.at("/_embedded/links/0/to_entity_type").asString()).isEqualTo("leads");
        assertThat(fromContact.at("/_embedded/links/0/metadata/main_contact").asBoolean()).isTrue();
        JsonNode fromCompany = account.api().get("/api/v4/companies/" + co + "/links").json();
        assertThat(fromCompany.at("/_embedded/links/0/to_entity_id").asLong()).isEqualTo(lead);
        assertThat(fromCompany.at("/_embedded/links/0/metadata").isNull()).isTrue();

        JsonNode filtered = account.api().get("/api/v4/leads/" + lead + "/links?filter[to_entity_type]=companies").json();
        assertThat(filtered.get("_total_items").asInt()).isEqualTo(1);
        filtered = account.api().get("/api/v4/leads/" + lead + "/links?filter[to_entity_id]=" + anna + "&filter[to_entity_type]=contacts").json();
        assertThat(filtered.at("/_embedded/links/0/to_entity_id").asLong()).isEqualTo(anna);

        JsonNode events = account.api().get("/api/v4/events?filter[entity][]=lead&filter[entity_id][]=" + lead + "&filter[type][]=entity_linked").json();
        assertThat(events.at("/_embedded/events").size()).isEqualTo(3);
    }

    private static boolean mainOf(JsonNode links, long contactId) {
        for (JsonNode l : links.at("/_embedded/links")) {
            if (l.get("to_entity_id").asLong() == contactId && l.get("to_entity_type").asString().equals("contacts")) {
                return l.at("/metadata/main_contact").asBoolean();
            }
        }
        throw new AssertionError("contact " + contactId + " not linked: " + links);
    }

    @Test
    void aLeadAndAContactHaveOneCompanyAndUnlinkAnswersNoContent() {
        var account = newAccount();
        long lead = lead(account);
        long anna = contact(account, "Anna");
        long first = company(account);
        long second = company(account);
        account.api().post("/api/v4/leads/" + lead + "/link", List.of(to(first, "companies")));
        account.api().post("/api/v4/leads/" + lead + "/link", List.of(to(second, "companies")));
        assertThat(account.api().get("/api/v4/leads/" + lead).json().at("/_embedded/companies/0/id").asLong()).isEqualTo(second);
        Response two = account.api().post("/api/v4/leads/" + lead + "/link", List.of(to(first, "companies"), to(second, "companies")));
        assertThat(paths(two)).containsExactly("to_entity_id");

        // contact ↔ company from the company's side
        assertThat(account.api().post("/api/v4/companies/" + first + "/link", List.of(to(anna, "contacts"))).status()).isEqualTo(200);
        assertThat(account.api().get("/api/v4/contacts/" + anna).json().at("/_embedded/companies/0/id").asLong()).isEqualTo(first);
        account.api().post("/api/v4/contacts/" + anna + "/link", List.of(to(second, "companies")));
        assertThat(account.api().get("/api/v4/contacts/" + anna).json().at("/_embedded/companies/0/id").asLong()).isEqualTo(second);
        assertThat(account.api().get("/api/v4/companies/" + first + "/links?filter[to_entity_type]=contacts").status()).isEqualTo(204);

        Response unlink = account.api().post("/api/v4/contacts/" + anna + "/unlink", List.of(to(second, "companies")));
        assertThat(unlink.status()).isEqualTo(204);
        assertThat(unlink.text()).isEmpty();
        assertThat(account.api().get("/api/v4/contacts/" + anna).json().at("/_embedded/companies").size()).isZero();
        // unlinking a company the lead does not have changes nothing
        assertThat(account.api().post("/api/v4/leads/" + lead + "/unlink", List.of(to(first, "companies"))).status()).isEqualTo(204);
        assertThat(account.api().get("/api/v4/leads/" + lead).json().at("/_embedded/companies/0/id").asLong()).isEqualTo(second);
        assertThat(account.api().post("/api/v4/companies/" + second + "/unlink", List.of(to(lead, "leads"))).status()).isEqualTo(204);
        assertThat(account.api().get("/api/v4/leads/" + lead + "/links").status()).isEqualTo(204);
    }

    @Test
    void massLinkReadAndUnlinkTakeEntityIdPerItem() {
        var account = newAccount();
        long a = lead(account);
        long b = lead(account);
        long anna = contact(account, "Anna");
        Response linked = account.api().post("/api/v4/leads/link", List.of(
                Map.of("entity_id", a, "to_entity_id", anna, "to_entity_type", "contacts"),
                Map.of("entity_id", b, "to_entity_id", anna, "to_entity_type", "contacts", "metadata", Map.of("is_main", false))));
        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        JsonNode links = account.api().get("/api/v4/leads/links?filter[entity_id][]=" + a + "&filter[entity_id][]=" + b).json();
        assertThat(links.get("_total_items").asInt()).isEqualTo(2);
        assertThat(links.at("/_embedded/links/1/entity_id").asLong()).isEqualTo(b);
        assertThat(links.at("/_embedded/links/1/entity_type").asString()).isEqualTo("leads");
        JsonNode ofContact = account.api().get("/api/v4/contacts/links?filter[entity_id]=" + anna).json();
        assertThat(ofContact.get("_total_items").asInt()).isEqualTo(2);

        assertThat(account.api().post("/api/v4/contacts/unlink", List.of(Map.of("entity_id", anna, "to_entity_id", a, "to_entity_type", "leads")))
                .status()).isEqualTo(204);
        assertThat(account.api().get("/api/v4/leads/links?filter[entity_id][]=" + a + "&filter[entity_id][]=" + b).json()
                .get("_total_items").asInt()).isEqualTo(1);
        assertThat(paths(account.api().get("/api/v4/leads/links"))).containsExactly("filter[entity_id]");
        assertThat(account.api().get("/api/v4/leads/links?filter[entity_id]=999999999").status()).isEqualTo(204);
    }

    @Test
    void unknownForeignOrUnsupportedTargetsRejectTheWholeRequest() {
        var mine = newAccount();
        var theirs = newAccount();
        long lead = lead(mine);
        long anna = contact(mine, "Anna");
        long foreign = contact(theirs, "Stranger");

        Response r = mine.api().post("/api/v4/leads/" + lead + "/link", List.of(to(anna, "contacts"), to(foreign, "contacts")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/validation-errors/0/request_id").asString()).isEqualTo("1");
        assertThat(r.json().at("/validation-errors/0/errors/0/path").asString()).isEqualTo("to_entity_id");
        assertThat(mine.api().get("/api/v4/leads/" + lead + "/links").status()).isEqualTo(204);

        assertThat(paths(mine.api().post("/api/v4/leads/" + lead + "/link", List.of(to(anna, "catalog_elements"))))).containsExactly("to_entity_type");
        assertThat(paths(mine.api().post("/api/v4/leads/" + lead + "/link", List.of(to(lead, "leads"))))).containsExactly("to_entity_type");
        assertThat(paths(mine.api().post("/api/v4/leads/" + lead + "/link", List.of(Map.of("to_entity_id", "x", "to_entity_type", "contacts")))))
                .containsExactly("to_entity_id");
        assertThat(paths(mine.api().post("/api/v4/leads/" + lead + "/link", List.of(Map.of("to_entity_id", anna))))).containsExactly("to_entity_type");
        assertThat(paths(mine.api().post("/api/v4/leads/" + lead + "/link",
                "[{\"to_entity_id\": " + anna + ", \"to_entity_type\": \"contacts\"}, {\"to_entity_id\": null, \"to_entity_type\": \"contacts\"}]")))
                .containsExactly("to_entity_id");
        assertThat(paths(mine.api().post("/api/v4/leads/999999999/link", List.of(to(anna, "contacts"))))).containsExactly("entity_id");
        assertThat(paths(theirs.api().post("/api/v4/leads/" + lead + "/link", List.of(to(foreign, "contacts"))))).containsExactly("entity_id");
        assertThat(paths(mine.api().post("/api/v4/leads/" + lead + "/link", List.of(main(anna), main(contact(mine, "Boris"))))))
                .containsExactly("to_entity_id");
        assertThat(paths(mine.api().post("/api/v4/leads/link", List.of(to(anna, "contacts"))))).containsExactly("entity_id");
        assertThat(paths(mine.api().post("/api/v4/leads/" + lead + "/unlink", List.of(to(foreign, "contacts"))))).containsExactly("to_entity_id");
        assertThat(mine.api().post("/api/v4/leads/" + lead + "/link", "{").status()).isEqualTo(400);
        assertThat(mine.api().get("/api/v4/leads/abc/links").status()).isEqualTo(400);
        assertThat(theirs.api().get("/api/v4/leads/" + lead + "/links").status()).isEqualTo(204);
        assertThat(mine.api().get("/api/v4/leads/" + lead + "/links").status()).isEqualTo(204);
    }
}
