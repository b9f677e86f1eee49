package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/** The filters of GET /api/v4/leads that the list view shares: departments, tags, tasks, presets, full-text search. */
class LeadFilterTests extends ApiTest {

    @Test
    void departmentsTagsBudgetAndStagesCombine() {
        var account = newAccount();
        ApiClient api = account.api();
        var sales = tx.execute(s -> accounts.createGroup(account.admin(), "Sales"));
        var seller = tx.execute(s -> accounts.createUser(account.admin(), "Seller", "seller-" + account.accountId() + "@test.local",
                "pw-secret-1", "ru", false, sales.id()));
        JsonNode p = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long pipeline = p.get("id").asLong();
        long s1 = p.at("/_embedded/statuses/1/id").asLong();
        long s2 = p.at("/_embedded/statuses/2/id").asLong();
        long a = lead(api, Map.of("name", "A", "price", 100, "status_id", s1, "tags_to_add", tags("hot", "vip")));
        long b = lead(api, Map.of("name", "B", "price", 500, "status_id", s2, "tags_to_add", tags("hot"),
                "responsible_user_id", seller.id()));
        long c = lead(api, Map.of("name", "C", "price", 900, "status_id", s1, "tags_to_add", tags("cold")));
        long d = lead(api, Map.of("name", "D", "price", 300, "status_id", s2));
        long hot = tagId(api, "hot");
        long vip = tagId(api, "vip");
        long cold = tagId(api, "cold");

        assertThat(ids(api, "filter[group_id]=" + sales.id())).containsExactly(b);
        assertThat(ids(api, "filter[tags][any][]=" + hot + "&filter[tags][any][]=" + cold)).containsExactly(a, b, c);
        assertThat(ids(api, "filter[tags][all][]=" + hot + "&filter[tags][all][]=" + vip)).containsExactly(a);
        assertThat(ids(api, "filter[tags][none][]=" + hot)).containsExactly(c, d);
        assertThat(ids(api, "filter[tags][any][]=" + hot + "&filter[price][from]=200&filter[price][to]=600")).containsExactly(b);
        assertThat(ids(api, "filter[statuses][0][pipeline_id]=" + pipeline + "&filter[statuses][0][status_id]=" + s2
                + "&filter[tags][none][]=" + cold + "&filter[price][from]=400")).containsExactly(b);
        assertThat(api.get("/api/v4/leads?filter[tags][any][]=x").status()).isEqualTo(400);
    }

    @Test
    void taskConditionsUseTheNearestOpenTask() {
        var account = newAccount();
        ApiClient api = account.api();
        long none = lead(api, Map.of("name", "No task"));
        long overdue = lead(api, Map.of("name", "Overdue"));
        long later = lead(api, Map.of("name", "Later"));
        long today = lead(api, Map.of("name", "Today"));
        long now = Instant.now().getEpochSecond();
        task(api, overdue, now - 3 * 86400);
        task(api, later, now + 30 * 86400);
        // the last second of today in the account's time zone: due today and not yet overdue
        java.time.ZonedDateTime moscow = java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Moscow"));
        long endOfToday = moscow.toLocalDate().plusDays(1).atStartOfDay(moscow.getZone()).toEpochSecond() - 1;
        task(api, today, endOfToday);

        assertThat(ids(api, "filter[tasks]=none")).containsExactly(none);
        assertThat(ids(api, "filter[tasks]=overdue")).containsExactly(overdue);
        assertThat(ids(api, "filter[tasks]=today")).containsExactly(today);
        Response bad = api.get("/api/v4/leads?filter[tasks]=someday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("filter[tasks]");
    }

    @Test
    void datePresetsAreDaysOfTheAccountTimeZone() {
        var account = newAccount();
        ApiClient api = account.api();
        long old = lead(api, Map.of("name", "Old", "created_at", Instant.now().minusSeconds(40L * 86400).getEpochSecond()));
        long fresh = lead(api, Map.of("name", "Fresh"));
        assertThat(ids(api, "filter[created_at][preset]=today")).containsExactly(fresh);
        assertThat(ids(api, "filter[created_at][preset]=this_quarter")).contains(fresh);
        assertThat(ids(api, "filter[created_at][preset]=yesterday")).isEmpty();
        assertThat(ids(api, "filter[created_at][to]=" + Instant.now().minusSeconds(86400).getEpochSecond())).containsExactly(old);
        Response bad = api.get("/api/v4/leads?filter[created_at][preset]=soon");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("filter[created_at][preset]");
    }

    @Test
    void fullTextSearchFindsNamesPhonesEmailsCompaniesAndNotes() {
        var account = newAccount();
        ApiClient api = account.api();
        long contact = created(api.post("/api/v4/contacts", """
                [{"name": "Маргарита Лебедева", "custom_fields_values": [
                  {"field_code": "PHONE", "values": [{"value": "+7 (916) 555-12-34"}]},
                  {"field_code": "EMAIL", "values": [{"value": "Rita@Lebedeva.example"}]}]}]"""), "contacts");
        long company = created(api.post("/api/v4/companies", List.of(Map.of("name", "Рога и копыта"))), "companies");
        long byName = lead(api, Map.of("name", "Поставка бумаги"));
        long byContact = lead(api, Map.of("name", "Первая", "_embedded", Map.of("contacts", List.of(Map.of("id", contact)))));
        long byCompany = lead(api, Map.of("name", "Вторая", "_embedded", Map.of("companies", List.of(Map.of("id", company)))));
        long byNote = lead(api, Map.of("name", "Третья"));
        api.post("/api/v4/leads/" + byNote + "/notes", List.of(Map.of("note_type", "common", "params", Map.of("text", "Обещали оплату в пятницу"))));
        lead(api, Map.of("name", "Посторонняя"));

        assertThat(search(api, "бумаг")).containsExactly(byName);
        assertThat(search(api, "ЛЕБЕДЕВА")).containsExactly(byContact);
        assertThat(search(api, "89165551234")).containsExactly(byContact);
        assertThat(search(api, "+7 916 555-12-34")).containsExactly(byContact);
        assertThat(search(api, "555-12")).containsExactly(byContact);
        assertThat(search(api, "rita@lebedeva")).containsExactly(byContact);
        assertThat(search(api, "копыта")).containsExactly(byCompany);
        assertThat(search(api, "оплату в пятницу")).containsExactly(byNote);
        assertThat(search(api, Long.toString(byName))).contains(byName);
        assertThat(search(api, "100%_")).isEmpty();
    }

    @Test
    void searchFollowsRenamesOfEveryKindAndIgnoresMoves() {
        var account = newAccount();
        ApiClient api = account.api();
        long a = lead(api, Map.of("name", "Аренда склада"));
        long b = lead(api, Map.of("name", "Ремонт офиса"));
        long c = lead(api, Map.of("name", "Печать буклетов"));

        assertThat(api.patch("/api/v4/leads/" + a, Map.of("name", "Покупка станка")).status()).isEqualTo(200);
        assertThat(api.patch("/api/v4/leads", List.of(Map.of("id", b, "name", "Монтаж вывески"), Map.of("id", c, "price", 500)))
                .status()).isEqualTo(200);
        assertThat(search(api, "склад")).isEmpty();
        assertThat(search(api, "СТАНКА")).containsExactly(a);
        assertThat(search(api, "ремонт")).isEmpty();
        assertThat(search(api, "вывеск")).containsExactly(b);
        assertThat(search(api, "буклет")).containsExactly(c);

        Response merged = api.post("/api/v4/leads/merge", Map.of("id", a, "merge_ids", List.of(c), "name", "Станок и буклеты"));
        assertThat(merged.status()).as(merged.text()).isEqualTo(200);
        assertThat(search(api, "станок и")).containsExactly(a);
        assertThat(api.post("/api/v4/leads/merge/" + merged.json().get("id").asLong() + "/undo", null).status()).isEqualTo(200);
        assertThat(search(api, "станок и")).isEmpty();
        assertThat(search(api, "покупка")).containsExactly(a);
        assertThat(search(api, "буклет")).containsExactly(c);
    }

    static List<Long> search(ApiClient api, String text) {
        return ids(api, "query=" + java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8));
    }

    static List<Long> ids(ApiClient api, String query) {
        Response r = api.get("/api/v4/leads?limit=250&" + query);
        if (r.status() == 204) {
            return List.of();
        }
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        r.json().at("/_embedded/leads").forEach(l -> ids.add(l.get("id").asLong()));
        return ids;
    }

    static long lead(ApiClient api, Map<String, Object> fields) {
        return created(api.post("/api/v4/leads", List.of(new LinkedHashMap<>(fields))), "leads");
    }

    static long created(Response r, String key) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().at("/_embedded/" + key + "/0/id").asLong();
    }

    static List<Map<String, Object>> tags(String... names) {
        return java.util.Arrays.stream(names).map(n -> Map.<String, Object>of("name", n)).toList();
    }

    static long tagId(ApiClient api, String name) {
        for (JsonNode t : api.get("/api/v4/leads/tags?limit=250").json().at("/_embedded/tags")) {
            if (t.get("name").asString().equals(name)) {
                return t.get("id").asLong();
            }
        }
        throw new AssertionError("no tag " + name);
    }

    static void task(ApiClient api, long dealId, long completeTill) {
        Response r = api.post("/api/v4/tasks", List.of(Map.of("text", "call", "complete_till", completeTill, "entity_type", "leads",
                "entity_id", dealId)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
}
