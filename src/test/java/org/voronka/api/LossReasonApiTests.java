package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

class LossReasonApiTests extends ApiTest {

    @Test
    void lossReasonsAreListedCreatedRenamedAndDeleted() {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode defaults = api.get("/api/v4/leads/loss_reasons").json().at("/_embedded/loss_reasons");
        assertThat(defaults.size()).isEqualTo(4);
        assertThat(defaults.get(0).get("name").asString()).isEqualTo("Дорого");

        Response created = api.post("/api/v4/leads/loss_reasons", List.of(Map.of("name", "Сорвались сроки", "request_id", "r")));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().at("/_embedded/loss_reasons/0/request_id").asString()).isEqualTo("r");
        long id = created.json().at("/_embedded/loss_reasons/0/id").asLong();
        assertThat(api.get("/api/v4/leads/loss_reasons/" + id).json().get("sort").asInt()).isGreaterThan(defaults.get(3).get("sort").asInt());

        assertThat(api.patch("/api/v4/leads/loss_reasons/" + id, Map.of("name", "Сроки")).json().get("name").asString()).isEqualTo("Сроки");
        assertThat(api.patch("/api/v4/leads/loss_reasons/" + id, Map.of("name", " ")).status()).isEqualTo(400);
        assertThat(api.post("/api/v4/leads/loss_reasons", List.of(Map.of("sort", 5))).status()).isEqualTo(400);

        long pipeline = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/id").asLong();
        long deal = api.post("/api/v4/leads", List.of(Map.of("pipeline_id", pipeline, "status_id", 143, "loss_reason_id", id)))
                .json().at("/_embedded/leads/0/id").asLong();
        assertThat(api.get("/api/v4/leads/" + deal).json().get("loss_reason_id").asLong()).isEqualTo(id);
        assertThat(api.delete("/api/v4/leads/loss_reasons/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v4/leads/loss_reasons/" + id).status()).isEqualTo(204);
        JsonNode lead = api.get("/api/v4/leads/" + deal).json();
        assertThat(lead.get("status_id").asLong()).isEqualTo(143);
        assertThat(lead.get("loss_reason_id").isNull()).isTrue();
        // the deal's timeline tells the reason went
        JsonNode events = api.get("/api/v4/events?filter[entity]=lead&filter[entity_id]=" + deal + "&filter[type]=loss_reason_changed")
                .json().at("/_embedded/events");
        assertThat(events.size()).isEqualTo(1);
        assertThat(events.at("/0/value_before/0/loss_reason/id").asLong()).isEqualTo(id);
        assertThat(events.at("/0/value_after").size()).isZero();
        assertThat(newAccount().api().delete("/api/v4/leads/loss_reasons/" + defaults.get(0).get("id").asLong()).status()).isEqualTo(404);
    }
}
