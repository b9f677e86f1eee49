package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/** POST /api/v4/leads/mass_actions and the job endpoints: the filter of GET /leads, progress, failures, undo, errors. */
class MassActionApiTests extends ApiTest {

    @Test
    void aFilterOfTheLeadListMovesTheMatchingLeadsAndTheJobCanBeUndone() {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode p = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long pipeline = p.get("id").asLong();
        long from = p.at("/_embedded/statuses/1/id").asLong();
        long to = p.at("/_embedded/statuses/2/id").asLong();
        long cheap = LeadFilterTests.lead(api, Map.of("name", "Cheap", "price", 10, "status_id", from, "tags_to_add", LeadFilterTests.tags("q3")));
        long big1 = LeadFilterTests.lead(api, Map.of("name", "Big 1", "price", 5000, "status_id", from, "tags_to_add", LeadFilterTests.tags("q3")));
        long big2 = LeadFilterTests.lead(api, Map.of("name", "Big 2", "price", 7000, "status_id", from, "tags_to_add", LeadFilterTests.tags("q3")));
        long untagged = LeadFilterTests.lead(api, Map.of("name", "Big untagged", "price", 9000, "status_id", from));
        long tag = LeadFilterTests.tagId(api, "q3");
        Map<String, Object> filter = Map.of("tags", Map.of("any", List.of(tag)), "price", Map.of("from", 1000));

        Response dry = api.post("/api/v4/leads/mass_actions", Map.of("filter", filter, "dry_run", true,
                "action", Map.of("type", "stage", "pipeline_id", pipeline, "status_id", to)));
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        assertThat(dry.json().get("count").asInt()).isEqualTo(2);

        Response started = api.post("/api/v4/leads/mass_actions", Map.of("filter", filter,
                "action", Map.of("type", "stage", "pipeline_id", pipeline, "status_id", to)));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        long id = started.json().get("id").asLong();
        assertThat(started.json().get("total").asInt()).isEqualTo(2);
        JsonNode job = await(api, id);
        assertThat(job.get("state").asString()).isEqualTo("finished");
        assertThat(job.get("done").asInt()).isEqualTo(2);
        assertThat(job.get("progress").asInt()).isEqualTo(100);
        assertThat(job.get("can_undo").asBoolean()).isTrue();
        assertThat(job.at("/action/status_id").asLong()).isEqualTo(to);
        assertThat(job.at("/_embedded/failures").size()).isZero();
        assertThat(status(api, big1)).isEqualTo(to);
        assertThat(status(api, big2)).isEqualTo(to);
        assertThat(status(api, cheap)).isEqualTo(from);
        assertThat(status(api, untagged)).isEqualTo(from);
        assertThat(api.get("/api/v4/leads/mass_actions").json().at("/_embedded/mass_actions/0/id").asLong()).isEqualTo(id);

        Response undo = api.post("/api/v4/leads/mass_actions/" + id + "/undo", Map.of());
        assertThat(undo.status()).as(undo.toString()).isEqualTo(202);
        assertThat(undo.json().get("undo_of").asLong()).isEqualTo(id);
        assertThat(await(api, undo.json().get("id").asLong()).get("done").asInt()).isEqualTo(2);
        assertThat(status(api, big1)).isEqualTo(from);
        assertThat(api.get("/api/v4/leads/mass_actions/" + id).json().get("can_undo").asBoolean()).isFalse();
        Response again = api.post("/api/v4/leads/mass_actions/" + id + "/undo", Map.of());
        assertThat(again.status()).isEqualTo(422);
        assertThat(api.post("/api/v4/leads/mass_actions/" + id + "/cancel", Map.of()).json().get("state").asString())
                .isEqualTo("finished");
    }

    @Test
    void idsQueryAndPerLeadFailures() {
        var account = newAccount();
        ApiClient api = account.api();
        long a = LeadFilterTests.lead(api, Map.of("name", "Ремонт кухни"));
        long b = LeadFilterTests.lead(api, Map.of("name", "Ремонт ванной"));
        LeadFilterTests.lead(api, Map.of("name", "Окна"));
        Response byQuery = api.post("/api/v4/leads/mass_actions", Map.of("query", "ремонт",
                "action", Map.of("type", "add_tags", "tags", List.of(Map.of("name", "ремонт")))));
        assertThat(byQuery.status()).as(byQuery.toString()).isEqualTo(202);
        assertThat(await(api, byQuery.json().get("id").asLong()).get("done").asInt()).isEqualTo(2);

        api.delete("/api/v4/leads/" + b);
        Response byIds = api.post("/api/v4/leads/mass_actions", Map.of("ids", List.of(a, b), "action", Map.of("type", "won")));
        assertThat(byIds.status()).as(byIds.toString()).isEqualTo(202);
        JsonNode job = await(api, byIds.json().get("id").asLong());
        assertThat(job.get("done").asInt()).isEqualTo(1);
        assertThat(job.get("failed").asInt()).isEqualTo(1);
        assertThat(job.at("/_embedded/failures/0/lead_id").asLong()).isEqualTo(b);
        assertThat(job.at("/_embedded/failures/0/reason").asString()).isNotBlank();
    }

    @Test
    void badRequestsNameThePathAndStartNothing() {
        var account = newAccount();
        ApiClient api = account.api();
        long lead = LeadFilterTests.lead(api, Map.of("name", "Solo"));
        assertProblem(api.post("/api/v4/leads/mass_actions", Map.of("ids", List.of(lead))), 400, "action");
        assertProblem(api.post("/api/v4/leads/mass_actions", Map.of("ids", List.of(lead), "action", Map.of("type", "explode"))), 400,
                "action.type");
        assertProblem(api.post("/api/v4/leads/mass_actions", Map.of("action", Map.of("type", "won"))), 400, "ids");
        assertProblem(api.post("/api/v4/leads/mass_actions", Map.of("ids", List.of(lead), "filter", Map.of(),
                "action", Map.of("type", "won"))), 400, "ids");
        assertProblem(api.post("/api/v4/leads/mass_actions", Map.of("ids", List.of("x"), "action", Map.of("type", "won"))), 400, "ids.0");
        assertProblem(api.post("/api/v4/leads/mass_actions", Map.of("filter", Map.of("price", Map.of("from", "cheap")),
                "action", Map.of("type", "won"))), 400, "filter[price][from]");
        assertProblem(api.post("/api/v4/leads/mass_actions", Map.of("ids", List.of(lead),
                "action", Map.of("type", "stage", "status_id", 999999))), 400, "action.status_id");
        assertProblem(api.post("/api/v4/leads/mass_actions", Map.of("ids", List.of(lead),
                "action", Map.of("type", "responsible", "responsible_user_id", 999999))), 400, "action.responsible_user_id");
        assertProblem(api.post("/api/v4/leads/mass_actions", Map.of("ids", List.of(lead),
                "action", Map.of("type", "task", "text", "call"))), 400, "action.complete_till");
        assertProblem(api.post("/api/v4/leads/mass_actions", "{not json"), 400, null);
        assertThat(api.get("/api/v4/leads/mass_actions").status()).isEqualTo(204);

        Response started = api.post("/api/v4/leads/mass_actions", Map.of("ids", List.of(lead), "action", Map.of("type", "won")));
        long id = started.json().get("id").asLong();
        var other = newAccount();
        assertThat(other.api().get("/api/v4/leads/mass_actions/" + id).status()).isEqualTo(404);
        assertThat(other.api().post("/api/v4/leads/mass_actions/" + id + "/undo", Map.of()).status()).isEqualTo(404);
        assertThat(api.get("/api/v4/leads/mass_actions/abc").status()).isEqualTo(400);
    }

    private static void assertProblem(Response r, int status, String path) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        if (path != null) {
            List<String> paths = new ArrayList<>();
            r.json().at("/validation-errors").forEach(v -> v.at("/errors").forEach(e -> paths.add(e.get("path").asString())));
            assertThat(paths).as(r.toString()).contains(path);
        }
    }

    private static long status(ApiClient api, long lead) {
        return api.get("/api/v4/leads/" + lead).json().get("status_id").asLong();
    }

    static JsonNode await(ApiClient api, long id) {
        long until = System.currentTimeMillis() + 120_000;
        while (true) {
            JsonNode job = api.get("/api/v4/leads/mass_actions/" + id).json();
            String state = job.get("state").asString();
            if (state.equals("finished") || state.equals("cancelled")) {
                return job;
            }
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("job " + id + " did not finish: " + job);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
