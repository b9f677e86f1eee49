package org.voronka.automation;

import java.time.Instant;

/** One firing of a rule for a deal; {@code state} is pending, done, skipped or failed. */
public record Run(long accountId, long id, long ruleId, long dealId, Instant enteredAt, Instant dueAt, String state, String result,
                  String error, Instant createdAt, Instant finishedAt) {}
