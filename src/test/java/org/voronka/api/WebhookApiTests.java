package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/** The contract of {@code /api/v4/webhooks}: subscribe a single object, list, unsubscribe by destination, administrators only. */
class WebhookApiTests extends ApiTest {

    @Test
    void subscribesListsAndUnsubscribes() {
        var account = newAccount();
        ApiClient api = account.api();
        Response created = api.post("/api/v4/webhooks", Map.of("destination", "https://example.com/amo",
                "settings", List.of("add_lead", "status_lead"), "sort", 5));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode hook = created.json();
        assertThat(hook.get("id").asLong()).isPositive();
        assertThat(hook.get("destination").asString()).isEqualTo("https://example.com/amo");
        assertThat(hook.get("account_id").asLong()).isEqualTo(account.accountId());
        assertThat(hook.get("created_by").asLong()).isEqualTo(account.adminId());
        assertThat(hook.get("sort").asInt()).isEqualTo(5);
        assertThat(hook.get("disabled").asBoolean()).isFalse();
        assertThat(hook.get("settings").toString()).isEqualTo("[\"add_lead\",\"status_lead\"]");
        assertThat(hook.get("secret").asString()).hasSize(64);

        api.post("/api/v4/webhooks", Map.of("destination", "https://example.com/other", "settings", List.of("add_task")));
        JsonNode list = api.get("/api/v4/webhooks").json();
        assertThat(list.get("_total_items").asInt()).isEqualTo(2);
        JsonNode filtered = api.get("/api/v4/webhooks?filter[destination]=https://example.com/other").json();
        assertThat(filtered.at("/_embedded/webhooks").size()).isEqualTo(1);
        assertThat(filtered.at("/_embedded/webhooks/0/settings/0").asString()).isEqualTo("add_task");

        // subscribing the same destination again replaces its events
        Response again = api.post("/api/v4/webhooks", Map.of("destination", "https://example.com/amo", "settings", List.of("delete_lead")));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("id").asLong()).isEqualTo(hook.get("id").asLong());
        assertThat(again.json().get("settings").toString()).isEqualTo("[\"delete_lead\"]");

        Response deleted = api.send("DELETE", "/api/v4/webhooks", Map.of("destination", "https://example.com/amo"), "application/json");
        assertThat(deleted.status()).isEqualTo(204);
        Response missing = api.send("DELETE", "/api/v4/webhooks", Map.of("destination", "https://example.com/amo"), "application/json");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(api.get("/api/v4/webhooks").json().get("_total_items").asInt()).isEqualTo(1);
        assertThat(newAccount().api().get("/api/v4/webhooks").json().get("_total_items").asInt()).as("other accounts see none").isZero();
    }

    @Test
    void refusesBadSubscriptionsPreciselyAndChangesNothing() {
        var account = newAccount();
        ApiClient api = account.api();
        Response array = api.post("/api/v4/webhooks", List.of(Map.of("destination", "https://example.com", "settings", List.of("add_lead"))));
        assertThat(array.status()).isEqualTo(400);
        Response unknown = api.post("/api/v4/webhooks", Map.of("destination", "https://example.com", "settings", List.of("add_lead", "fly_away")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text()).contains("settings[1]").contains("fly_away");
        Response url = api.post("/api/v4/webhooks", Map.of("destination", "ftp://example.com", "settings", List.of("add_lead")));
        assertThat(url.status()).isEqualTo(400);
        assertThat(url.text()).contains("destination");
        Response none = api.post("/api/v4/webhooks", Map.of("destination", "https://example.com", "settings", List.of()));
        assertThat(none.status()).isEqualTo(400);
        Response noBody = api.send("DELETE", "/api/v4/webhooks", null, null);
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(api.get("/api/v4/webhooks").json().get("_total_items").asInt()).isZero();
        assertThat(api.get("/api/v4/webhooks/999999/deliveries").status()).isEqualTo(404);
        assertThat(api.get("/api/v4/webhooks/x/deliveries").status()).isEqualTo(400);
    }

    @Test
    void anAccountHasAtMostOneHundredHooks() {
        ApiClient api = newAccount().api();
        for (int i = 0; i < 100; i++) {
            assertThat(api.post("/api/v4/webhooks", Map.of("destination", "https://example.com/" + i, "settings", List.of("add_lead"))).status())
                    .isEqualTo(201);
        }
        Response over = api.post("/api/v4/webhooks", Map.of("destination", "https://example.com/101", "settings", List.of("add_lead")));
        assertThat(over.status()).isEqualTo(422);
        assertThat(over.text()).contains("100");
    }

    @Test
    void onlyAdministratorsManageWebhooks() {
        var account = newAccount();
        var user = tx.execute(s -> accounts.createUser(account.admin(), "Manager", "m-" + account.accountId() + "@test.local",
                "pw-123456", "ru", false, 0));
        ApiClient manager = account.api().withToken(tokens.issue(account.admin(), user.id(), "m", java.time.Duration.ofDays(1)).token());
        assertThat(manager.get("/api/v4/webhooks").status()).isEqualTo(403);
        assertThat(manager.post("/api/v4/webhooks", Map.of("destination", "https://example.com", "settings", List.of("add_lead"))).status())
                .isEqualTo(403);
    }
}
