package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.deal.DealManagement;
import org.voronka.deal.StageTransition;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/** Moving deals: forward, back, skipping, to another pipeline, closing and reopening, in parallel. */
class DealMoveTests extends ApiTest {

    @Autowired
    DealManagement deals;

    @Test
    void everyMoveIsRecordedAndClosingSetsClosedAt() {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode p = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long pipeline = p.get("id").asLong();
        long s1 = p.at("/_embedded/statuses/1/id").asLong();
        long s3 = p.at("/_embedded/statuses/3/id").asLong();
        long s2 = p.at("/_embedded/statuses/2/id").asLong();
        long id = api.post("/api/v4/leads", List.of(Map.of("name", "Move me"))).json().at("/_embedded/leads/0/id").asLong();

        assertThat(api.patch("/api/v4/leads/" + id, Map.of("status_id", s3)).status()).isEqualTo(200); // skip s2
        assertThat(api.patch("/api/v4/leads/" + id, Map.of("status_id", s2)).status()).isEqualTo(200); // back
        Response won = api.patch("/api/v4/leads/" + id, Map.of("status_id", 142, "pipeline_id", pipeline));
        assertThat(won.json().get("id").asLong()).isEqualTo(id);
        assertThat(won.json().has("updated_at")).isTrue();
        JsonNode closed = api.get("/api/v4/leads/" + id).json();
        assertThat(closed.get("status_id").asLong()).isEqualTo(142);
        assertThat(closed.get("closed_at").isNull()).isFalse();

        api.patch("/api/v4/leads/" + id, Map.of("status_id", s1)); // reopen
        JsonNode reopened = api.get("/api/v4/leads/" + id).json();
        assertThat(reopened.get("closed_at").isNull()).isTrue();

        List<StageTransition> history = deals.history(account.accountId(), id);
        assertThat(history).extracting(StageTransition::toStatusId).containsExactly(s1, s3, s2, 142L, s1);
        assertThat(history).extracting(StageTransition::source).containsOnly("api");
        assertThat(history.get(0).fromStatusId()).isNull();
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i).fromStatusId()).isEqualTo(history.get(i - 1).toStatusId());
        }
        JsonNode events = api.get("/api/v4/events?filter[entity][]=lead&filter[entity_id][]=" + id + "&filter[type][]=lead_status_changed").json();
        assertThat(events.at("/_embedded/events").size()).isEqualTo(4);
    }

    @Test
    void movesToAnotherPipelineAndToLostWithAReason() {
        var account = newAccount();
        ApiClient api = account.api();
        long main = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/id").asLong();
        JsonNode other = api.post("/api/v4/leads/pipelines", List.of(Map.of("name", "Юристы", "sort", 2, "is_main", false,
                "is_unsorted_on", false, "_embedded", Map.of("statuses", List.of(Map.of("name", "Проверка", "sort", 10)))))).json()
                .at("/_embedded/pipelines/0");
        long otherId = other.get("id").asLong();
        long check = other.at("/_embedded/statuses/0/id").asLong();
        long id = api.post("/api/v4/leads", List.of(Map.of("name", "Hand-off"))).json().at("/_embedded/leads/0/id").asLong();

        // a stage id alone finds its pipeline
        assertThat(api.patch("/api/v4/leads/" + id, Map.of("status_id", check)).status()).isEqualTo(200);
        JsonNode moved = api.get("/api/v4/leads/" + id).json();
        assertThat(moved.get("pipeline_id").asLong()).isEqualTo(otherId);
        // a pipeline id alone means its first working stage
        api.patch("/api/v4/leads/" + id, Map.of("pipeline_id", main));
        assertThat(api.get("/api/v4/leads/" + id).json().get("pipeline_id").asLong()).isEqualTo(main);

        long reason = api.get("/api/v4/leads/loss_reasons").json().at("/_embedded/loss_reasons/0/id").asLong();
        Response lost = api.patch("/api/v4/leads/" + id, Map.of("status_id", 143, "pipeline_id", main, "loss_reason_id", reason));
        assertThat(lost.status()).isEqualTo(200);
        JsonNode l = api.get("/api/v4/leads/" + id + "?with=loss_reason").json();
        assertThat(l.get("loss_reason_id").asLong()).isEqualTo(reason);
        assertThat(l.at("/_embedded/loss_reason").isArray()).isTrue();
        assertThat(l.at("/_embedded/loss_reason/0/id").asLong()).isEqualTo(reason);

        JsonNode events = api.get("/api/v4/events?filter[entity]=lead&filter[entity_id]=" + id
                + "&filter[value_after][leads_statuses][0][pipeline_id]=" + otherId + "&filter[value_after][leads_statuses][0][status_id]=" + check).json();
        assertThat(events.at("/_embedded/events").size()).isEqualTo(1);
        assertThat(events.at("/_embedded/events/0/value_before/0/lead_status/pipeline_id").asLong()).isEqualTo(main);
    }

    @Test
    void refusesStagesThatDoNotExistAndChangesNothing() {
        var account = newAccount();
        ApiClient api = account.api();
        long main = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/id").asLong();
        long a = api.post("/api/v4/leads", List.of(Map.of("name", "A"))).json().at("/_embedded/leads/0/id").asLong();
        long b = api.post("/api/v4/leads", List.of(Map.of("name", "B"))).json().at("/_embedded/leads/0/id").asLong();
        long before = api.get("/api/v4/leads/" + a).json().get("status_id").asLong();
        Response r = api.patch("/api/v4/leads", List.of(Map.of("id", a, "status_id", 142, "pipeline_id", main),
                Map.of("id", b, "status_id", 987654, "request_id", "bad")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/validation-errors/0/request_id").asString()).isEqualTo("bad");
        assertThat(r.json().at("/validation-errors/0/errors/0/path").asString()).isEqualTo("status_id");
        assertThat(api.get("/api/v4/leads/" + a).json().get("status_id").asLong()).isEqualTo(before);
        Response lossWithoutLost = api.patch("/api/v4/leads/" + a, Map.of("loss_reason_id",
                api.get("/api/v4/leads/loss_reasons").json().at("/_embedded/loss_reasons/0/id").asLong()));
        assertThat(lossWithoutLost.status()).isEqualTo(400);
    }

    @Test
    void parallelMovesOfOneDealKeepHistoryConsistent() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode p = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        List<Long> stages = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            stages.add(p.at("/_embedded/statuses/" + i + "/id").asLong());
        }
        long id = api.post("/api/v4/leads", List.of(Map.of("name", "Contended"))).json().at("/_embedded/leads/0/id").asLong();
        int clients = 4;
        int movesEach = 15;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Integer>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int offset = c;
            results.add(pool.submit(() -> {
                int ok = 0;
                for (int m = 0; m < movesEach; m++) {
                    long target = stages.get((offset + m) % stages.size());
                    if (api.patch("/api/v4/leads/" + id, Map.of("status_id", target)).status() == 200) {
                        ok++;
                    }
                }
                return ok;
            }));
        }
        int succeeded = 0;
        for (Future<Integer> f : results) {
            succeeded += f.get();
        }
        pool.shutdown();
        assertThat(succeeded).isEqualTo(clients * movesEach);
        List<StageTransition> history = deals.history(account.accountId(), id);
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i).fromStatusId()).as("transition %d starts where %d ended", i, i - 1)
                    .isEqualTo(history.get(i - 1).toStatusId());
            assertThat(history.get(i).fromStatusId()).isNotEqualTo(history.get(i).toStatusId());
        }
        long current = api.get("/api/v4/leads/" + id).json().get("status_id").asLong();
        assertThat(history.get(history.size() - 1).toStatusId()).isEqualTo(current);
        long statusEvents = api.get("/api/v4/events?limit=100&filter[entity]=lead&filter[entity_id]=" + id
                + "&filter[type]=lead_status_changed").json().at("/_embedded/events").size();
        assertThat(statusEvents).isEqualTo(history.size() - 1);
    }
}
