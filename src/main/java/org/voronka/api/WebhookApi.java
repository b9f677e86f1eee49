package org.voronka.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.webhook.Delivery;
import org.voronka.webhook.Webhook;
import org.voronka.webhook.WebhookManagement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /api/v4/webhooks} as in amoCRM (subscribe a single object, unsubscribe by destination),
 * plus our delivery log: a hook's deliveries and a retry of a dead letter.
 */
@RestController
class WebhookApi {

    private static final List<String> STATES = List.of(Delivery.PENDING, Delivery.DELIVERED, Delivery.FAILED);

    private final WebhookManagement webhooks;
    private final ObjectMapper json;

    WebhookApi(WebhookManagement webhooks, ObjectMapper json) {
        this.webhooks = webhooks;
        this.json = json;
    }

    @GetMapping("/api/v4/webhooks")
    ResponseEntity<Object> list(Actor actor, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        List<Webhook> hooks = webhooks.list(actor, params.get("filter").get("destination").first());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("_total_items", hooks.size());
        body.put("_links", Hal.self("/api/v4/webhooks"));
        body.put("_embedded", Map.of("webhooks", hooks.stream().map(WebhookApi::json).toList()));
        return Hal.ok(body);
    }

    @PostMapping("/api/v4/webhooks")
    ResponseEntity<Object> subscribe(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        In in = In.single(Body.parse(json, body), problems);
        String destination = in.string("destination", 2000);
        List<String> settings = null;
        JsonNode s = in.node().get("settings");
        if (s == null || s.isNull()) {
            in.problem("settings", "NotBlank", "Choose at least one event");
        } else if (!s.isArray()) {
            in.problem("settings", "InvalidType", "Must be an array of event names");
        } else {
            settings = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                if (!s.get(i).isString()) {
                    in.problem("settings[" + i + "]", "InvalidType", "Must be a string");
                } else {
                    settings.add(s.get(i).asString());
                }
            }
        }
        Long sort = in.integer("sort", 0, 1_000_000);
        In.throwIfAny(problems);
        Webhook hook = webhooks.subscribe(actor, destination, settings, sort == null ? null : sort.intValue());
        return ResponseEntity.status(HttpStatus.CREATED).contentType(Hal.HAL_JSON).body(json(hook));
    }

    @DeleteMapping("/api/v4/webhooks")
    ResponseEntity<Object> unsubscribe(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        In in = In.single(Body.parse(json, body), problems);
        String destination = in.requiredString("destination", 2000);
        In.throwIfAny(problems);
        if (!webhooks.unsubscribe(actor, destination)) {
            throw new NotFoundException("No webhook with this destination");
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v4/webhooks/{id}/deliveries")
    ResponseEntity<Object> deliveries(Actor actor, @PathVariable long id, HttpServletRequest request) {
        long hookId = id;
        Params params = Params.of(request.getParameterMap());
        int limit = params.get("limit").intValue(50, 1, 250);
        int page = params.get("page").intValue(1, 1, 1_000_000);
        String state = params.get("filter").get("state").first();
        if (state != null && !STATES.contains(state)) {
            throw org.voronka.shared.ValidationException.of("0", "filter[state]", "NotSupportedChoice",
                    "One of " + String.join(", ", STATES));
        }
        List<Delivery> rows = webhooks.deliveries(actor, hookId, state, (page - 1) * limit, limit + 1);
        if (rows.isEmpty()) {
            return Hal.noContent();
        }
        return Hal.ok(Hal.page("deliveries", rows.stream().limit(limit).map(WebhookApi::json).toList(), page, null,
                rows.size() > limit));
    }

    @PostMapping("/api/v4/webhooks/deliveries/{id}/retry")
    ResponseEntity<Object> retry(Actor actor, @PathVariable long id) {
        Delivery d = webhooks.retry(actor, id);
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(Hal.HAL_JSON).body(json(d));
    }

    private static Map<String, Object> json(Webhook h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.id());
        m.put("destination", h.destination());
        m.put("created_at", h.createdAt().getEpochSecond());
        m.put("updated_at", h.updatedAt().getEpochSecond());
        m.put("account_id", h.accountId());
        m.put("created_by", h.createdBy());
        m.put("sort", h.sort());
        m.put("disabled", h.disabled());
        m.put("settings", h.settings());
        // our additions: why a failing hook was switched off, and the key of the delivery signature
        m.put("disabled_reason", h.disabledReason());
        m.put("secret", h.secret());
        return m;
    }

    private static Map<String, Object> json(Delivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("webhook_id", d.webhookId());
        m.put("event", d.event());
        m.put("state", d.state());
        m.put("attempts", d.attempts());
        m.put("next_attempt_at", Delivery.PENDING.equals(d.state()) ? d.nextAttemptAt().getEpochSecond() : null);
        m.put("last_status", d.lastStatus());
        m.put("last_error", d.lastError());
        m.put("last_attempt_at", d.lastAttemptAt() == null ? null : d.lastAttemptAt().getEpochSecond());
        m.put("created_at", d.createdAt().getEpochSecond());
        m.put("body", d.body());
        return m;
    }
}
