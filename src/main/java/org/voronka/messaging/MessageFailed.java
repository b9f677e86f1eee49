package org.voronka.messaging;

/**
 * A send ran out of retries and went to the dead-letter list; published in the transaction that
 * recorded it (automation marks the run that sent it as failed).
 */
public record MessageFailed(long accountId, long messageId, String channel, String recipient, Long dealId, Long ruleId, Long runId,
                            String error) {}
