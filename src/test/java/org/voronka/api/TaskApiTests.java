package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

class TaskApiTests extends ApiTest {

    @Test
    void createsTasksOnDealsAndKeepsClosestTaskAtExact() {
        var account = newAccount();
        ApiClient api = account.api();
        long deal = api.post("/api/v4/leads", List.of(Map.of("name", "With tasks"))).json().at("/_embedded/leads/0/id").asLong();
        Response created = api.post("/api/v4/tasks", List.of(
                Map.of("text", "Позвонить", "complete_till", 1900000000, "entity_type", "leads", "entity_id", deal, "request_id", "t1"),
                Map.of("text", "Встреча", "complete_till", 1800000000, "entity_type", "leads", "entity_id", deal, "task_type_id", 2)));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.json().at("/_embedded/tasks/0/request_id").asString()).isEqualTo("t1");
        long call = created.json().at("/_embedded/tasks/0/id").asLong();
        long meeting = created.json().at("/_embedded/tasks/1/id").asLong();
        assertThat(api.get("/api/v4/leads/" + deal).json().get("closest_task_at").asLong()).isEqualTo(1800000000L);

        JsonNode task = api.get("/api/v4/tasks/" + meeting).json();
        assertThat(task.get("task_type_id").asLong()).isEqualTo(2);
        assertThat(task.get("responsible_user_id").asLong()).isEqualTo(account.adminId());
        assertThat(task.get("result").isArray()).isTrue();
        assertThat(task.get("result").size()).isZero();
        assertThat(task.get("entity_type").asString()).isEqualTo("leads");

        Response done = api.patch("/api/v4/tasks/" + meeting, Map.of("is_completed", true, "result", Map.of("text", "Договорились")));
        assertThat(done.status()).isEqualTo(200);
        assertThat(api.get("/api/v4/tasks/" + meeting).json().at("/result/text").asString()).isEqualTo("Договорились");
        assertThat(api.get("/api/v4/leads/" + deal).json().get("closest_task_at").asLong()).isEqualTo(1900000000L);

        api.patch("/api/v4/tasks", List.of(Map.of("id", call, "is_completed", true)));
        assertThat(api.get("/api/v4/leads/" + deal).json().get("closest_task_at").isNull()).isTrue();

        JsonNode events = api.get("/api/v4/events?filter[entity]=lead&filter[entity_id]=" + deal + "&filter[type][]=task_completed").json();
        assertThat(events.at("/_embedded/events").size()).isEqualTo(2);
    }

    @Test
    void aBatchOfTasksOnManyDealsContactsAndCompaniesKeepsEachClosestTaskAtExact() {
        var account = newAccount();
        ApiClient api = account.api();
        List<Map<String, Object>> newDeals = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            newDeals.add(Map.of("name", "Сделка " + i));
        }
        List<Long> deals = api.post("/api/v4/leads", newDeals).json().at("/_embedded/leads").valueStream()
                .map(d -> d.get("id").asLong()).toList();
        long contact = api.post("/api/v4/contacts", List.of(Map.of("name", "Иван"))).json().at("/_embedded/contacts/0/id").asLong();
        long company = api.post("/api/v4/companies", List.of(Map.of("name", "ООО Окна"))).json().at("/_embedded/companies/0/id").asLong();
        // the even deals already have an early task
        List<Map<String, Object>> early = new java.util.ArrayList<>();
        for (int i = 0; i < deals.size(); i += 2) {
            early.add(Map.of("text", "Рано " + i, "complete_till", 1_800_000_000 + i, "entity_type", "leads", "entity_id", deals.get(i)));
        }
        Response first = api.post("/api/v4/tasks", early);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        // one batch: a later task on every deal, two on the contact, one on the company
        List<Map<String, Object>> batch = new java.util.ArrayList<>();
        for (int i = 0; i < deals.size(); i++) {
            batch.add(Map.of("text", "Позже " + i, "complete_till", 1_850_000_000 - i * 1000, "entity_type", "leads", "entity_id", deals.get(i)));
        }
        batch.add(Map.of("text", "Контакт 1", "complete_till", 1_795_000_000, "entity_type", "contacts", "entity_id", contact));
        batch.add(Map.of("text", "Контакт 2", "complete_till", 1_790_000_000, "entity_type", "contacts", "entity_id", contact));
        batch.add(Map.of("text", "Компания", "complete_till", 1_780_000_000, "entity_type", "companies", "entity_id", company));
        Response second = api.post("/api/v4/tasks", batch);
        assertThat(second.status()).as(second.text()).isEqualTo(200);
        Map<Long, Long> closest = closestOfDeals(api, deals);
        for (int i = 0; i < deals.size(); i++) {
            assertThat(closest.get(deals.get(i))).as("deal " + i).isEqualTo(i % 2 == 0 ? 1_800_000_000L + i : 1_850_000_000L - i * 1000L);
        }
        assertThat(api.get("/api/v4/contacts/" + contact).json().get("closest_task_at").asLong()).isEqualTo(1_790_000_000L);
        assertThat(api.get("/api/v4/companies/" + company).json().get("closest_task_at").asLong()).isEqualTo(1_780_000_000L);

        // completing the early tasks in one batch: each even deal's date moves on to its later task; the company has none left
        List<Map<String, Object>> done = new java.util.ArrayList<>();
        first.json().at("/_embedded/tasks").forEach(t -> done.add(Map.of("id", t.get("id").asLong(), "is_completed", true)));
        long companyTask = second.json().at("/_embedded/tasks/" + (batch.size() - 1) + "/id").asLong();
        done.add(Map.of("id", companyTask, "is_completed", true));
        assertThat(api.patch("/api/v4/tasks", done).status()).isEqualTo(200);
        closest = closestOfDeals(api, deals);
        for (int i = 0; i < deals.size(); i++) {
            assertThat(closest.get(deals.get(i))).as("deal " + i).isEqualTo(1_850_000_000L - i * 1000L);
        }
        assertThat(api.get("/api/v4/companies/" + company).json().get("closest_task_at").isNull()).isTrue();
        assertThat(api.get("/api/v4/contacts/" + contact).json().get("closest_task_at").asLong()).isEqualTo(1_790_000_000L);
    }

    private static Map<Long, Long> closestOfDeals(ApiClient api, List<Long> deals) {
        StringBuilder query = new StringBuilder("/api/v4/leads?limit=250");
        deals.forEach(id -> query.append("&filter[id][]=").append(id));
        Map<Long, Long> closest = new java.util.HashMap<>();
        api.get(query.toString()).json().at("/_embedded/leads").forEach(d -> closest.put(d.get("id").asLong(),
                d.get("closest_task_at").isNull() ? null : d.get("closest_task_at").asLong()));
        assertThat(closest).hasSize(deals.size());
        return closest;
    }

    @Test
    void filtersTasks() {
        var account = newAccount();
        ApiClient api = account.api();
        long deal = api.post("/api/v4/leads", List.of(Map.of("name", "x"))).json().at("/_embedded/leads/0/id").asLong();
        api.post("/api/v4/tasks", List.of(
                Map.of("text", "a", "complete_till", 1800000000, "entity_type", "leads", "entity_id", deal),
                Map.of("text", "b", "complete_till", 1700000000),
                Map.of("text", "c", "complete_till", 1750000000, "task_type_id", 2)));
        assertThat(texts(api.get("/api/v4/tasks?filter[entity_type]=leads&filter[entity_id][]=" + deal))).containsExactly("a");
        assertThat(texts(api.get("/api/v4/tasks?filter[task_type][]=2"))).containsExactly("c");
        assertThat(texts(api.get("/api/v4/tasks?order[complete_till]=asc"))).containsExactly("b", "c", "a");
        assertThat(texts(api.get("/api/v4/tasks?filter[is_completed]=0&filter[responsible_user_id]=" + account.adminId()))).hasSize(3);
        assertThat(api.get("/api/v4/tasks?filter[is_completed]=1").status()).isEqualTo(204);
        assertThat(api.get("/api/v4/tasks?filter[entity_id]=" + deal).status()).isEqualTo(400);
    }

    @Test
    void refusesTasksWithoutTextOrDeadlineAndOnUnknownEntities() {
        var account = newAccount();
        ApiClient api = account.api();
        Response r = api.post("/api/v4/tasks", List.of(Map.of("entity_type", "leads", "entity_id", 987654321)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/validation-errors/0/errors").toString()).contains("text").contains("complete_till");
        Response unknown = api.post("/api/v4/tasks", List.of(Map.of("text", "x", "complete_till", 1800000000, "entity_type", "leads",
                "entity_id", 987654321)));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/validation-errors/0/errors/0/path").asString()).isEqualTo("entity_id");
        var other = newAccount();
        long foreign = other.api().post("/api/v4/leads", List.of(Map.of("name", "theirs"))).json().at("/_embedded/leads/0/id").asLong();
        assertThat(api.post("/api/v4/tasks", List.of(Map.of("text", "x", "complete_till", 1800000000, "entity_type", "leads",
                "entity_id", foreign))).status()).isEqualTo(400);
        assertThat(api.get("/api/v4/tasks").status()).isEqualTo(204);
    }

    private static List<String> texts(Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().at("/_embedded/tasks").valueStream().map(t -> t.get("text").asString()).toList();
    }
}
