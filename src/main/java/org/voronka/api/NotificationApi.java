package org.voronka.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.voronka.messaging.Messaging;
import org.voronka.messaging.OutboundMessage;
import org.voronka.notification.Notification;
import org.voronka.notification.Notifications;
import org.voronka.shared.Actor;
import org.voronka.shared.ValidationException;

/**
 * Our extensions: {@code /api/v4/notifications} (the calling user's bell) and
 * {@code /api/v4/messages} (the account's e-mail and SMS sends with their dead letters; administrators).
 */
@RestController
class NotificationApi {

    private static final List<String> MESSAGE_STATES = List.of(OutboundMessage.PENDING, OutboundMessage.SENT, OutboundMessage.FAILED);

    private final Notifications notifications;
    private final Messaging messaging;

    NotificationApi(Notifications notifications, Messaging messaging) {
        this.notifications = notifications;
        this.messaging = messaging;
    }

    @GetMapping("/api/v4/notifications")
    ResponseEntity<Object> list(Actor actor, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        int limit = params.get("limit").intValue(50, 1, 250);
        int page = params.get("page").intValue(1, 1, 1_000_000);
        String unread = params.get("filter").get("unread").first();
        if (unread != null && !List.of("true", "false", "1", "0").contains(unread)) {
            throw ValidationException.of("0", "filter[unread]", "InvalidType", "true or false");
        }
        boolean unreadOnly = "true".equals(unread) || "1".equals(unread);
        List<Notification> rows = notifications.list(actor, unreadOnly, (page - 1) * limit, limit + 1);
        if (rows.isEmpty()) {
            return Hal.noContent();
        }
        Map<String, Object> body = Hal.page("notifications", rows.stream().limit(limit).map(NotificationApi::json).toList(), page, null,
                rows.size() > limit);
        body.put("_unread", notifications.unread(actor));
        return Hal.ok(body);
    }

    @PostMapping("/api/v4/notifications/{id}/read")
    ResponseEntity<Object> read(Actor actor, @PathVariable long id) {
        notifications.markRead(actor, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v4/notifications/read_all")
    ResponseEntity<Object> readAll(Actor actor) {
        return Hal.ok(Map.of("updated", notifications.markAllRead(actor)));
    }

    @GetMapping("/api/v4/messages")
    ResponseEntity<Object> messages(Actor actor, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        int limit = params.get("limit").intValue(50, 1, 250);
        int page = params.get("page").intValue(1, 1, 1_000_000);
        String state = params.get("filter").get("state").first();
        if (state != null && !MESSAGE_STATES.contains(state)) {
            throw ValidationException.of("0", "filter[state]", "NotSupportedChoice", "One of " + String.join(", ", MESSAGE_STATES));
        }
        List<OutboundMessage> rows = messaging.messages(actor, state, (page - 1) * limit, limit + 1);
        if (rows.isEmpty()) {
            return Hal.noContent();
        }
        return Hal.ok(Hal.page("messages", rows.stream().limit(limit).map(NotificationApi::json).toList(), page, null, rows.size() > limit));
    }

    @PostMapping("/api/v4/messages/{id}/retry")
    ResponseEntity<Object> retry(Actor actor, @PathVariable long id) {
        return Hal.ok(json(messaging.retry(actor, id)));
    }

    private static Map<String, Object> json(Notification n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("kind", n.kind());
        m.put("text", n.text());
        m.put("lead_id", n.dealId());
        m.put("is_read", !n.unread());
        m.put("created_at", n.createdAt().getEpochSecond());
        m.put("read_at", n.readAt() == null ? null : n.readAt().getEpochSecond());
        return m;
    }

    private static Map<String, Object> json(OutboundMessage x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", x.id());
        m.put("channel", x.channel());
        m.put("recipient", x.recipient());
        m.put("subject", x.subject());
        m.put("body", x.body());
        m.put("lead_id", x.dealId());
        m.put("rule_id", x.ruleId());
        m.put("rule_name", x.ruleName());
        m.put("state", x.state());
        m.put("attempts", x.attempts());
        m.put("next_attempt_at", x.state().equals(OutboundMessage.PENDING) ? x.nextAttemptAt().getEpochSecond() : null);
        m.put("last_error", x.lastError());
        m.put("last_attempt_at", x.lastAttemptAt() == null ? null : x.lastAttemptAt().getEpochSecond());
        m.put("created_at", x.createdAt().getEpochSecond());
        m.put("sent_at", x.sentAt() == null ? null : x.sentAt().getEpochSecond());
        return m;
    }
}
