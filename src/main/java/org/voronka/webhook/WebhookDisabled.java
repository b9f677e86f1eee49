package org.voronka.webhook;

import java.time.Instant;

/** A hook was switched off because it kept failing; published in the transaction that switched it off. */
public record WebhookDisabled(long accountId, long webhookId, String destination, String reason, Instant at) {}
