package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/** page=N and the cursor of _links.next walk the same deals of a stage filter in the same order. */
class LeadPagingTests extends ApiTest {

    @Test
    void offsetPagesAndCursorPagesAgree() {
        var account = newAccount();
        JsonNode pipeline = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long pipelineId = pipeline.get("id").asLong();
        long stage = pipeline.at("/_embedded/statuses/2/id").asLong();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            batch.add(Map.of("name", "d" + i, "pipeline_id", pipelineId, "status_id", i % 3 == 0 ? 142 : stage));
        }
        account.api().post("/api/v4/leads", batch);
        String filter = "/api/v4/leads?filter[statuses][0][pipeline_id]=" + pipelineId + "&filter[statuses][0][status_id]=" + stage
                + "&limit=2";
        List<String> byPage = new ArrayList<>();
        for (int page = 1; page <= 2; page++) {
            JsonNode body = account.api().get(filter + "&page=" + page).json();
            body.at("/_embedded/leads").forEach(l -> byPage.add(l.get("name").asString()));
        }
        assertThat(byPage).containsExactly("d1", "d2", "d4", "d5");
        assertThat(account.api().get(filter + "&page=3").status()).isEqualTo(204);

        List<String> byCursor = new ArrayList<>();
        JsonNode body = account.api().get(filter).json();
        while (true) {
            body.at("/_embedded/leads").forEach(l -> byCursor.add(l.get("name").asString()));
            JsonNode next = body.at("/_links/next/href");
            if (next.isMissingNode()) {
                break;
            }
            String href = next.asString();
            assertThat(href).contains("cursor=");
            body = account.api().get(href.substring(href.indexOf("/api/v4/"))).json();
        }
        assertThat(byCursor).isEqualTo(byPage);
    }
}
