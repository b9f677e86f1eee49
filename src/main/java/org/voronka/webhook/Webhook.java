package org.voronka.webhook;

import java.time.Instant;
import java.util.List;

/** A subscribed destination; {@code secret} keys the signature of its deliveries. */
public record Webhook(long accountId, long id, String destination, List<String> settings, int sort, boolean disabled,
                      String disabledReason, Instant disabledAt, String secret, long createdBy, Instant createdAt,
                      Instant updatedAt) {}
