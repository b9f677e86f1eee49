package org.voronka.webhook;

import java.time.Instant;

/** One POST to a hook (or, for an automation action, to its own {@code destination}); {@code state} is pending, delivered or failed (retries exhausted). */
public record Delivery(long accountId, long id, Long webhookId, String destination, String event, String body, String state, int attempts,
                       Instant nextAttemptAt, Integer lastStatus, String lastError, Instant lastAttemptAt, Instant createdAt) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
}
