package org.voronka.notification;

import java.time.Instant;

/** A notification to one user; {@code kind} automation or webhook_disabled; {@code readAt} null while unread. */
public record Notification(long accountId, long id, long userId, String kind, Long dealId, String text, Instant createdAt,
                           Instant readAt) {

    public static final String AUTOMATION = "automation";
    public static final String WEBHOOK_DISABLED = "webhook_disabled";

    public boolean unread() {
        return readAt == null;
    }
}
