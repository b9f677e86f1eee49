package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealTrash;
import org.voronka.deal.StageTransition;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

class TrashTests extends ApiTest {

    @Autowired
    DealTrash trash;

    @Autowired
    DealManagement deals;

    @Test
    void deletedDealsDisappearAndComeBackAsTheyWere() {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode p = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long s2 = p.at("/_embedded/statuses/2/id").asLong();
        long id = api.post("/api/v4/leads", List.of(Map.of("name", "Fragile", "price", 700, "tags_to_add", List.of(Map.of("name", "vip")))))
                .json().at("/_embedded/leads/0/id").asLong();
        api.patch("/api/v4/leads/" + id, Map.of("status_id", s2));
        api.post("/api/v4/tasks", List.of(Map.of("text", "call", "complete_till", 1900000000, "entity_type", "leads", "entity_id", id)));
        api.post("/api/v4/leads/" + id + "/notes", List.of(Map.of("note_type", "common", "params", Map.of("text", "keep me"))));
        List<StageTransition> historyBefore = deals.history(account.accountId(), id);

        assertThat(api.delete("/api/v4/leads/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v4/leads/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v4/leads").status()).isEqualTo(204);
        JsonNode deleted = api.get("/api/v4/leads?with=only_deleted").json().at("/_embedded/leads/0");
        assertThat(deleted.get("id").asLong()).isEqualTo(id);
        assertThat(deleted.get("is_deleted").asBoolean()).isTrue();
        assertThat(api.patch("/api/v4/leads/" + id, Map.of("name", "x")).status()).isEqualTo(404);
        assertThat(api.delete("/api/v4/leads/" + id).status()).isEqualTo(400);

        Response restored = api.post("/api/v4/leads/restore", List.of(Map.of("id", id)));
        assertThat(restored.status()).as(restored.text()).isEqualTo(200);
        JsonNode lead = api.get("/api/v4/leads/" + id).json();
        assertThat(lead.get("status_id").asLong()).isEqualTo(s2);
        assertThat(lead.get("price").asLong()).isEqualTo(700);
        assertThat(lead.at("/_embedded/tags/0/name").asString()).isEqualTo("vip");
        assertThat(lead.get("closest_task_at").asLong()).isEqualTo(1900000000L);
        assertThat(api.get("/api/v4/leads/" + id + "/notes").json().at("/_embedded/notes").size()).isEqualTo(1);
        assertThat(deals.history(account.accountId(), id)).isEqualTo(historyBefore);
        JsonNode events = api.get("/api/v4/events?filter[entity]=lead&filter[entity_id]=" + id
                + "&filter[type][]=lead_deleted&filter[type][]=lead_restored").json();
        assertThat(events.at("/_embedded/events").size()).isEqualTo(2);
    }

    @Test
    void restoringADealWhoseStageWasDeletedPutsItInTheFirstWorkingStage() {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode p = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long pipeline = p.get("id").asLong();
        long first = p.at("/_embedded/statuses/1/id").asLong();
        long s3 = p.at("/_embedded/statuses/3/id").asLong();
        long id = api.post("/api/v4/leads", List.of(Map.of("status_id", s3))).json().at("/_embedded/leads/0/id").asLong();
        api.delete("/api/v4/leads/" + id);
        api.delete("/api/v4/leads/pipelines/" + pipeline + "/statuses/" + s3);
        api.post("/api/v4/leads/restore", List.of(Map.of("id", id)));
        assertThat(api.get("/api/v4/leads/" + id).json().get("status_id").asLong()).isEqualTo(first);
        List<StageTransition> history = deals.history(account.accountId(), id);
        assertThat(history.get(history.size() - 1).fromStatusId()).isEqualTo(s3);
        assertThat(history.get(history.size() - 1).toStatusId()).isEqualTo(first);
    }

    @Test
    void batchDeleteIsAllOrNothingAndOtherAccountsCannotDelete() {
        var account = newAccount();
        ApiClient api = account.api();
        long a = api.post("/api/v4/leads", List.of(Map.of("name", "a"))).json().at("/_embedded/leads/0/id").asLong();
        Response bad = api.send("DELETE", "/api/v4/leads", List.of(Map.of("id", a), Map.of("id", 987654321)), "application/json");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(api.get("/api/v4/leads/" + a).status()).isEqualTo(200);
        assertThat(newAccount().api().delete("/api/v4/leads/" + a).status()).isEqualTo(400);
        assertThat(api.get("/api/v4/leads/" + a).status()).isEqualTo(200);
        assertThat(api.send("DELETE", "/api/v4/leads", List.of(Map.of("id", a)), "application/json").status()).isEqualTo(204);
        assertThat(api.get("/api/v4/leads/" + a).status()).isEqualTo(204);
    }

    @Test
    void purgeRemovesDealsAfterTheRetentionWithEverythingTheyHad() {
        var account = newAccount();
        ApiClient api = account.api();
        long id = api.post("/api/v4/leads", List.of(Map.of("name", "old", "tags_to_add", List.of(Map.of("name", "t")))))
                .json().at("/_embedded/leads/0/id").asLong();
        api.post("/api/v4/tasks", List.of(Map.of("text", "x", "complete_till", 1900000000, "entity_type", "leads", "entity_id", id)));
        api.delete("/api/v4/leads/" + id);
        trash.purgeDeletedBefore(Instant.now().minusSeconds(3600), tx);
        assertThat(api.get("/api/v4/leads?with=only_deleted").status()).isEqualTo(200); // an hour's retention keeps it
        trash.purgeDeletedBefore(Instant.now().plusSeconds(5), tx);
        assertThat(api.get("/api/v4/leads?with=only_deleted").status()).isEqualTo(204);
        assertThat(api.post("/api/v4/leads/restore", List.of(Map.of("id", id))).status()).isEqualTo(400);
        assertThat(deals.history(account.accountId(), id)).isEmpty();
        assertThat(api.get("/api/v4/tasks").status()).isEqualTo(204);
        assertThat(api.get("/api/v4/events?filter[entity]=lead&filter[entity_id]=" + id).status()).isEqualTo(204);
    }
}
