package org.voronka.support;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The account's main pipeline as a client reads it from the API: its id and its first two working stages. */
public record MainPipeline(long pipeline, long first, long second) {

    public static MainPipeline of(ApiClient api) {
        JsonNode p = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        List<Long> working = new ArrayList<>();
        p.at("/_embedded/statuses").forEach(x -> {
            if (x.get("type").asInt() == 0 && x.get("id").asLong() != 142 && x.get("id").asLong() != 143) {
                working.add(x.get("id").asLong());
            }
        });
        return new MainPipeline(p.get("id").asLong(), working.get(0), working.get(1));
    }
}
