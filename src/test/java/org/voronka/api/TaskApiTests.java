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
