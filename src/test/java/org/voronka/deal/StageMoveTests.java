package org.voronka.deal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/** Single and batch stage moves write one history row and one timeline event per move, with distinct ids. */
class StageMoveTests extends ApiTest {

    @Autowired
    DealManagement deals;

    @Test
    void eachMoveIsRecordedOnceInHistoryAndTimeline() {
        var account = newAccount();
        JsonNode stages = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/_embedded/statuses");
        long pipeline = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/id").asLong();
        long second = stages.get(2).get("id").asLong();
        long third = stages.get(3).get("id").asLong();
        long a = account.api().post("/api/v4/leads", List.of(Map.of("name", "a"), Map.of("name", "b"))).json()
                .at("/_embedded/leads/0/id").asLong();
        long b = a + 1;

        assertThat(account.api().patch("/api/v4/leads/" + a, Map.of("status_id", second)).status()).isEqualTo(200);
        assertThat(account.api().patch("/api/v4/leads/" + a, Map.of("status_id", third)).status()).isEqualTo(200);
        assertThat(account.api().patch("/api/v4/leads", List.of(Map.of("id", a, "status_id", 142, "pipeline_id", pipeline),
                Map.of("id", b, "status_id", third))).status()).isEqualTo(200);
        assertThat(account.api().patch("/api/v4/leads/99999999", Map.of("status_id", second)).status()).isEqualTo(404);

        List<StageTransition> history = deals.history(account.accountId(), a);
        assertThat(history).extracting(StageTransition::toStatusId).containsExactly(stages.get(1).get("id").asLong(), second, third, 142L);
        assertThat(history).extracting(StageTransition::id).doesNotHaveDuplicates().isSorted();
        assertThat(history.get(3).fromStatusId()).isEqualTo(third);
        assertThat(deals.deal(account.accountId(), a).orElseThrow().closedAt()).isNotNull();

        JsonNode events = account.api().get("/api/v4/events?filter[entity]=lead&filter[entity_id]=" + a
                + "&filter[type]=lead_status_changed").json().at("/_embedded/events");
        assertThat(events.size()).isEqualTo(3);
        assertThat(events.get(0).get("id").asString()).isNotEqualTo(events.get(1).get("id").asString());
        assertThat(deals.history(account.accountId(), b)).hasSize(2);
    }
}
