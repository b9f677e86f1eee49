package org.voronka.messaging;

import java.time.Instant;

/** A queued e-mail or SMS; {@code state} pending, sent or failed (retries exhausted: the dead-letter list). */
public record OutboundMessage(long accountId, long id, String channel, String recipient, String subject, String body, Long dealId,
                              Long ruleId, Long runId, String ruleName, long userId, String state, int attempts, Instant nextAttemptAt,
                              String lastError, Instant lastAttemptAt, Instant createdAt, Instant sentAt) {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
}
