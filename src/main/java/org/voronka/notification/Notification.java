package org.voronka.notification;

import java.time.Instant;

/**
 * A notification to one user; {@code kind} automation, webhook_disabled or overstay (a deal is about to stay longer in its
 * stage than the stage's target); {@code readAt} null while unread.
 */
public record Notification(long accountId, long id, long userId, String kind, Long dealId, String text, Instant createdAt,
                           Instant readAt) {

    public static final String AUTOMATION = "automation";
    public static final String WEBHOOK_DISABLED = "webhook_disabled";
    public static final String OVERSTAY = "overstay";

    public boolean unread() {
        return readAt == null;
    }
}
