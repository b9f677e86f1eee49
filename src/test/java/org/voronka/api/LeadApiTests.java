package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

class LeadApiTests extends ApiTest {

    @Test
    void createsDealsWithDefaultsAndAutomaticNames() {
        var account = newAccount();
        Response created = account.api().post("/api/v4/leads", List.of(Map.of("price", 1500), Map.of("name", "Окна", "request_id", "a1")));
        assertThat(created.status()).isEqualTo(200);
        JsonNode items = created.json().at("/_embedded/leads");
        assertThat(items.get(0).get("request_id").asString()).isEqualTo("0");
        assertThat(items.get(1).get("request_id").asString()).isEqualTo("a1");
        long id = items.get(0).get("id").asLong();

        JsonNode lead = account.api().get("/api/v4/leads/" + id).json();
        assertThat(lead.get("name").asString()).isEqualTo("Сделка #" + id);
        assertThat(lead.get("price").asLong()).isEqualTo(1500);
        assertThat(lead.get("responsible_user_id").asLong()).isEqualTo(account.adminId());
        JsonNode pipelines = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines");
        JsonNode main = pipelines.get(0);
        assertThat(lead.get("pipeline_id").asLong()).isEqualTo(main.get("id").asLong());
        // first working stage: after Неразобранное
        assertThat(lead.get("status_id").asLong()).isEqualTo(main.at("/_embedded/statuses/1/id").asLong());
        assertThat(lead.at("/_embedded/tags").isArray()).isTrue();
        assertThat(lead.at("/_embedded/companies").isArray()).isTrue();
        assertThat(lead.get("custom_fields_values").isNull()).isTrue();
        assertThat(lead.at("/_links/self/href").asString()).isEqualTo("http://localhost:" + port + "/api/v4/leads/" + id);
    }

    @Test
    void unknownDealIsNoContent() {
        var account = newAccount();
        Response r = account.api().get("/api/v4/leads/999999999");
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.text()).isEmpty();
    }

    @Test
    void anotherAccountsDealIsInvisibleAndUnchangeable() {
        var mine = newAccount();
        var theirs = newAccount();
        long id = mine.api().post("/api/v4/leads", List.of(Map.of("name", "secret"))).json().at("/_embedded/leads/0/id").asLong();
        assertThat(theirs.api().get("/api/v4/leads/" + id).status()).isEqualTo(204);
        Response patch = theirs.api().patch("/api/v4/leads/" + id, Map.of("name", "stolen"));
        assertThat(patch.status()).isEqualTo(404);
        assertThat(mine.api().get("/api/v4/leads/" + id).json().get("name").asString()).isEqualTo("secret");
    }

    @Test
    void invalidItemRejectsTheWholeBatch() {
        var account = newAccount();
        Response r = account.api().post("/api/v4/leads", List.of(Map.of("name", "ok"), Map.of("name", "bad", "price", "many", "request_id", "r2")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        JsonNode errors = r.json().get("validation-errors");
        assertThat(errors.get(0).get("request_id").asString()).isEqualTo("r2");
        assertThat(errors.get(0).at("/errors/0/path").asString()).isEqualTo("price");
        assertThat(r.json().has("status")).isTrue();
        assertThat(account.api().get("/api/v4/leads").status()).isEqualTo(204);
    }
}
