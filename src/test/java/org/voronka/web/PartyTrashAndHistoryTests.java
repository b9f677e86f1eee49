package org.voronka.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.voronka.contact.PartyTrash;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * Contacts and companies: the trash (delete, restore, gone from lists, search and links, links back
 * on restore, purged after the retention), possible duplicates on create, and the history of their edits and of custom field changes.
 */
class PartyTrashAndHistoryTests extends ApiTest {

    @Autowired
    PartyTrash partyTrash;

    @Autowired
    JdbcTemplate jdbc;

    private static Map<String, Object> phone(String value) {
        return Map.of("field_code", "PHONE", "values", List.of(Map.of("value", value, "enum_code", "WORK")));
    }

    private static long created(Response r, String key) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().at("/_embedded/" + key + "/0/id").asLong();
    }

    private static List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.at("/_embedded/events").forEach(e -> types.add(e.get("type").asString()));
        return types;
    }

    @Test
    void aDeletedContactLeavesListsSearchAndLinksAndComesBackWithThem() {
        var account = newAccount();
        ApiClient api = account.api();
        long company = created(api.post("/api/v4/companies", List.of(Map.of("name", "ООО Стекло"))), "companies");
        long contact = created(api.post("/api/v4/contacts", List.of(Map.of("name", "Пётр Окнов",
                "custom_fields_values", List.of(phone("+7 912 700-00-01")),
                "_embedded", Map.of("companies", List.of(Map.of("id", company)))))), "contacts");
        long deal = created(api.post("/api/v4/leads", List.of(Map.of("name", "Окна", "_embedded",
                Map.of("contacts", List.of(Map.of("id", contact)), "companies", List.of(Map.of("id", company)))))), "leads");

        assertThat(api.delete("/api/v4/contacts/" + contact).status()).isEqualTo(204);
        assertThat(api.get("/api/v4/contacts/" + contact).status()).isEqualTo(204);
        assertThat(api.get("/api/v4/contacts").status()).isEqualTo(204);
        JsonNode trashed = api.get("/api/v4/contacts?with=only_deleted").json().at("/_embedded/contacts/0");
        assertThat(trashed.get("id").asLong()).isEqualTo(contact);
        assertThat(trashed.get("is_deleted").asBoolean()).isTrue();
        assertThat(api.get("/api/v4/contacts?query=89127000001").status()).isEqualTo(204);
        assertThat(api.get("/api/v4/leads/" + deal + "?with=contacts").json().at("/_embedded/contacts").size()).isZero();
        assertThat(api.get("/api/v4/leads/" + deal + "/links").json().at("/_embedded/links").toString()).doesNotContain("\"contacts\"");
        assertThat(api.get("/api/v4/companies/" + company + "?with=contacts").json().at("/_embedded/contacts").size()).isZero();
        Response again = api.delete("/api/v4/contacts/" + contact);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().at("/validation-errors/0/errors/0/path").asString()).isEqualTo("id");

        // the deals list no longer finds the deal by the deleted contact's phone
        String email = "u-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        tx.execute(s -> accounts.createUser(account.admin(), "Менеджер", email, "pw-123456789", "ru", false, 0));
        WebClient web = new WebClient("http://localhost:" + port);
        web.login(email, "pw-123456789", false);
        assertThat(web.get("/leads/list?q=89127000001").body()).doesNotContain("href=\"/leads/" + deal + "\"");

        Response restored = api.post("/api/v4/contacts/restore", List.of(Map.of("id", contact)));
        assertThat(restored.status()).as(restored.text()).isEqualTo(200);
        assertThat(restored.json().at("/_embedded/contacts/0/id").asLong()).isEqualTo(contact);
        assertThat(api.get("/api/v4/contacts?query=89127000001").json().at("/_embedded/contacts/0/id").asLong()).isEqualTo(contact);
        JsonNode lead = api.get("/api/v4/leads/" + deal + "?with=contacts").json();
        assertThat(lead.at("/_embedded/contacts/0/id").asLong()).isEqualTo(contact);
        assertThat(api.get("/api/v4/contacts/" + contact).json().at("/_embedded/companies/0/id").asLong()).isEqualTo(company);
        assertThat(types(api.get("/api/v4/events?filter[entity]=contact&filter[entity_id]=" + contact).json()))
                .contains("contact_deleted", "contact_restored");
        assertThat(api.post("/api/v4/contacts/restore", List.of(Map.of("id", contact))).status()).isEqualTo(400);
        assertThat(web.get("/leads/list?q=89127000001").body()).contains("href=\"/leads/" + deal + "\"");
    }

    @Test
    void contactsAndCompaniesInTheTrashArePurgedForGoodAfterTheRetention() {
        var account = newAccount();
        long a = account.accountId();
        ApiClient api = account.api();
        long company = created(api.post("/api/v4/companies", List.of(Map.of("name", "ООО Старое"))), "companies");
        long contact = created(api.post("/api/v4/contacts", List.of(Map.of("name", "Ушедший Клиент",
                "custom_fields_values", List.of(phone("+7 912 700-00-09")), "_embedded",
                Map.of("companies", List.of(Map.of("id", company)), "tags", List.of(Map.of("name", "архив")))))), "contacts");
        long colleague = created(api.post("/api/v4/contacts", List.of(Map.of("name", "Оставшийся Коллега",
                "_embedded", Map.of("companies", List.of(Map.of("id", company)))))), "contacts");
        long deal = created(api.post("/api/v4/leads", List.of(Map.of("name", "Старая сделка", "_embedded",
                Map.of("contacts", List.of(Map.of("id", contact), Map.of("id", colleague)), "companies", List.of(Map.of("id", company)))))),
                "leads");
        api.post("/api/v4/tasks", List.of(Map.of("text", "Позвонить", "complete_till", 1900000000, "entity_type", "contacts",
                "entity_id", contact)));
        api.post("/api/v4/contacts/" + contact + "/notes", List.of(Map.of("note_type", "common", "params", Map.of("text", "заметка"))));
        assertThat(api.delete("/api/v4/contacts/" + contact).status()).isEqualTo(204);
        assertThat(api.delete("/api/v4/companies/" + company).status()).isEqualTo(204);

        // within the retention nothing goes
        partyTrash.purgeDeletedBefore(java.time.Instant.now().minusSeconds(3600), tx);
        assertThat(api.get("/api/v4/contacts?with=only_deleted").status()).isEqualTo(200);
        assertThat(api.get("/api/v4/companies?with=only_deleted").status()).isEqualTo(200);

        // (other accounts' old trash goes in the same run)
        assertThat(partyTrash.purgeDeletedBefore(java.time.Instant.now().plusSeconds(5), tx)).isGreaterThanOrEqualTo(2);
        assertThat(api.get("/api/v4/contacts?with=only_deleted").status()).isEqualTo(204);
        assertThat(api.get("/api/v4/companies?with=only_deleted").status()).isEqualTo(204);
        assertThat(api.post("/api/v4/contacts/restore", List.of(Map.of("id", contact))).status()).isEqualTo(400);
        assertThat(api.post("/api/v4/companies/restore", List.of(Map.of("id", company))).status()).isEqualTo(400);
        // with everything they had: links, phones, tags, tasks, notes and events
        assertThat(count("select count(*) from deal_contacts where account_id = ? and contact_id = ?", a, contact)).isZero();
        assertThat(count("select count(*) from deals where account_id = ? and company_id = ?", a, company)).isZero();
        assertThat(count("select count(*) from contacts where account_id = ? and company_id = ?", a, company)).isZero();
        assertThat(count("select count(*) from custom_field_values where account_id = ? and entity_id = ?", a, contact)).isZero();
        assertThat(count("select count(*) from entity_tags where account_id = ? and entity_id = ?", a, contact)).isZero();
        assertThat(count("select count(*) from tasks where account_id = ? and entity_id = ?", a, contact)).isZero();
        assertThat(count("select count(*) from notes where account_id = ? and entity_id = ?", a, contact)).isZero();
        assertThat(api.get("/api/v4/events?filter[entity]=contact&filter[entity_id]=" + contact).status()).isEqualTo(204);
        // the deal and the colleague live on without them
        JsonNode lead = api.get("/api/v4/leads/" + deal + "?with=contacts").json();
        assertThat(lead.at("/_embedded/contacts").size()).isEqualTo(1);
        assertThat(lead.at("/_embedded/contacts/0/id").asLong()).isEqualTo(colleague);
        assertThat(api.get("/api/v4/contacts/" + colleague).json().get("name").asString()).isEqualTo("Оставшийся Коллега");
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    @Test
    void aDeletedCompanyLeavesItsDealsAndContactsUntilRestoredAndBadRequestsChangeNothing() {
        var account = newAccount();
        ApiClient api = account.api();
        long company = created(api.post("/api/v4/companies", List.of(Map.of("name", "АО Кровля"))), "companies");
        long other = created(api.post("/api/v4/companies", List.of(Map.of("name", "АО Фасад"))), "companies");
        long contact = created(api.post("/api/v4/contacts", List.of(Map.of("name", "Ирина",
                "_embedded", Map.of("companies", List.of(Map.of("id", company)))))), "contacts");
        long deal = created(api.post("/api/v4/leads", List.of(Map.of("name", "Кровля", "_embedded",
                Map.of("companies", List.of(Map.of("id", company)))))), "leads");

        // a batch with an unknown id deletes nothing
        Response bad = api.send("DELETE", "/api/v4/companies", List.of(Map.of("id", other), Map.of("id", 999_999_999L)), "application/json");
        assertThat(bad.status()).as(bad.text()).isEqualTo(400);
        assertThat(bad.json().at("/validation-errors/0/request_id").asString()).isEqualTo("1");
        assertThat(api.get("/api/v4/companies/" + other).status()).isEqualTo(200);
        assertThat(api.send("DELETE", "/api/v4/companies", List.of(Map.of("name", "x")), "application/json").status()).isEqualTo(400);

        assertThat(api.delete("/api/v4/companies/" + company).status()).isEqualTo(204);
        assertThat(api.get("/api/v4/leads/" + deal).json().at("/_embedded/companies").size()).isZero();
        assertThat(api.get("/api/v4/contacts/" + contact).json().at("/_embedded/companies").size()).isZero();
        assertThat(api.get("/api/v4/companies?query=Кровля").status()).isEqualTo(204);
        api.post("/api/v4/companies/restore", List.of(Map.of("id", company)));
        assertThat(api.get("/api/v4/leads/" + deal).json().at("/_embedded/companies/0/id").asLong()).isEqualTo(company);
        assertThat(api.get("/api/v4/contacts/" + contact).json().at("/_embedded/companies/0/id").asLong()).isEqualTo(company);
    }

    @Test
    void creatingAContactWithAKnownPhoneOrEMailOrACompanyWithAKnownNameHintsAtTheOtherOne() {
        var account = newAccount();
        ApiClient api = account.api();
        long known = created(api.post("/api/v4/contacts", List.of(Map.of("name", "Анна", "custom_fields_values", List.of(phone("+7 (912) 345-67-89"),
                Map.of("field_code", "EMAIL", "values", List.of(Map.of("value", "anna@example.ru", "enum_code", "WORK"))))))), "contacts");
        Response byPhone = api.post("/api/v4/contacts", List.of(Map.of("name", "Анна Б.", "custom_fields_values", List.of(phone("8 912 3456789")))));
        assertThat(byPhone.json().at("/_embedded/contacts/0/possible_duplicates/0/id").asLong()).isEqualTo(known);
        assertThat(byPhone.json().at("/_embedded/contacts/0/possible_duplicates/0/name").asString()).isEqualTo("Анна");
        Response byMail = api.post("/api/v4/contacts", List.of(Map.of("name", "А.", "custom_fields_values",
                List.of(Map.of("field_code", "EMAIL", "values", List.of(Map.of("value", "ANNA@Example.RU")))))));
        assertThat(byMail.json().at("/_embedded/contacts/0/possible_duplicates").toString()).contains("\"id\":" + known);
        Response unique = api.post("/api/v4/contacts", List.of(Map.of("name", "Другой", "custom_fields_values", List.of(phone("+7 900 000-00-00")))));
        assertThat(unique.json().at("/_embedded/contacts/0").has("possible_duplicates")).isFalse();

        long firm = created(api.post("/api/v4/companies", List.of(Map.of("name", "ООО Ромашка"))), "companies");
        Response sameName = api.post("/api/v4/companies", List.of(Map.of("name", "ооо ромашка")));
        assertThat(sameName.json().at("/_embedded/companies/0/possible_duplicates/0/id").asLong()).isEqualTo(firm);
        // a deleted one is no duplicate
        api.delete("/api/v4/companies/" + firm);
        assertThat(api.post("/api/v4/companies", List.of(Map.of("name", "ООО Ромашка"))).json().at("/_embedded/companies/0/possible_duplicates/0/id")
                .asLong()).isNotEqualTo(firm);
    }

    @Test
    void editsOfACompanyAndCustomFieldChangesOfADealAreEvents() {
        var account = newAccount();
        ApiClient api = account.api();
        long other = tx.execute(s -> accounts.createUser(account.admin(), "Второй", "second-" + UUID.randomUUID() + "@test.local",
                "password-1", "ru", false, 0)).id();
        long company = created(api.post("/api/v4/companies", List.of(Map.of("name", "ИП Старое", "custom_fields_values",
                List.of(phone("+7 912 000-00-01"))))), "companies");
        Response patched = api.patch("/api/v4/companies/" + company, Map.of("name", "ИП Новое", "responsible_user_id", other,
                "tags_to_add", List.of(Map.of("name", "опт")), "custom_fields_values", List.of(phone("+7 912 000-00-02"))));
        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        // the same values again change nothing and write nothing
        api.patch("/api/v4/companies/" + company, Map.of("name", "ИП Новое", "custom_fields_values", List.of(phone("+7 912 000-00-02"))));
        JsonNode events = api.get("/api/v4/events?filter[entity]=company&filter[entity_id]=" + company).json();
        assertThat(types(events)).containsExactlyInAnyOrder("company_added", "name_field_changed", "entity_responsible_changed",
                "entity_tag_added", "custom_field_value_changed");
        JsonNode field = null;
        for (JsonNode e : events.at("/_embedded/events")) {
            if ("custom_field_value_changed".equals(e.get("type").asString())) {
                field = e;
            }
        }
        assertThat(field.at("/value_before/0/custom_field_value/text").asString()).isEqualTo("+7 912 000-00-01");
        assertThat(field.at("/value_after/0/custom_field_value/text").asString()).isEqualTo("+7 912 000-00-02");
        assertThat(field.at("/value_after/0/custom_field_value/field_type").asInt()).isEqualTo(8);

        long fieldId = api.post("/api/v4/leads/custom_fields", List.of(Map.of("name", "Источник", "type", "text"))).json()
                .at("/_embedded/custom_fields/0/id").asLong();
        long deal = created(api.post("/api/v4/leads", List.of(Map.of("name", "Сделка"))), "leads");
        api.patch("/api/v4/leads/" + deal, Map.of("custom_fields_values", List.of(Map.of("field_id", fieldId, "values",
                List.of(Map.of("value", "Сайт"))))));
        JsonNode dealEvents = api.get("/api/v4/events?filter[entity]=lead&filter[entity_id]=" + deal
                + "&filter[type][]=custom_field_value_changed").json();
        assertThat(dealEvents.at("/_embedded/events/0/value_after/0/custom_field_value/field_id").asLong()).isEqualTo(fieldId);
        assertThat(dealEvents.at("/_embedded/events/0/value_after/0/custom_field_value/text").asString()).isEqualTo("Сайт");
        assertThat(dealEvents.at("/_embedded/events/0/value_before").size()).isZero();

        // the company card shows its history in words
        String email = "u-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        tx.execute(s -> accounts.createUser(account.admin(), "Менеджер", email, "pw-123456789", "ru", false, 0));
        WebClient web = new WebClient("http://localhost:" + port);
        web.login(email, "pw-123456789", false);
        String card = web.get("/companies/" + company).body();
        assertThat(card).contains("Название изменено: «ИП Старое» → «ИП Новое»").contains("Ответственный изменён")
                .contains("Добавлены теги: опт").contains("+7 912 000-00-01 → +7 912 000-00-02");
    }

    @Test
    void theCardsOfferActiveUsersAsResponsibleAndKeepADeactivatedOneMarked() {
        var account = newAccount();
        ApiClient api = account.api();
        long gone = tx.execute(s -> accounts.createUser(account.admin(), "Ушедший Сотрудник", "gone-" + UUID.randomUUID() + "@test.local",
                "password-1", "ru", false, 0)).id();
        long stays = tx.execute(s -> accounts.createUser(account.admin(), "Другой Сотрудник", "other-" + UUID.randomUUID() + "@test.local",
                "password-1", "ru", false, 0)).id();
        long deal = created(api.post("/api/v4/leads", List.of(Map.of("name", "Чужая", "responsible_user_id", gone))), "leads");
        long contact = created(api.post("/api/v4/contacts", List.of(Map.of("name", "Клиент", "responsible_user_id", stays))), "contacts");
        tx.execute(s -> accounts.setActive(account.admin(), gone, false));
        String email = "u-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        tx.execute(s -> accounts.createUser(account.admin(), "Менеджер", email, "pw-123456789", "ru", false, 0));
        WebClient web = new WebClient("http://localhost:" + port);
        web.login(email, "pw-123456789", false);
        String dealCard = web.get("/leads/" + deal).body();
        String select = dealCard.substring(dealCard.indexOf("id=\"deal-responsible\""), dealCard.indexOf("</select>", dealCard.indexOf("id=\"deal-responsible\"")));
        assertThat(select).contains("Ушедший Сотрудник (отключён)").contains("Другой Сотрудник");
        String contactCard = web.get("/contacts/" + contact).body();
        String options = contactCard.substring(contactCard.indexOf("id=\"contact-responsible\""),
                contactCard.indexOf("</select>", contactCard.indexOf("id=\"contact-responsible\"")));
        assertThat(options).doesNotContain("Ушедший Сотрудник").contains("Другой Сотрудник");
    }
}
