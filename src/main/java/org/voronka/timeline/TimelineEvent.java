package org.voronka.timeline;

import java.time.Instant;

/**
 * One event. {@code entityType} is singular as amoCRM has it (lead, contact, company);
 * {@code valueBefore}/{@code valueAfter} are JSON arrays in amoCRM's shapes.
 */
public record TimelineEvent(long id, String type, String entityType, long entityId, long createdBy, Instant createdAt,
                            String valueBefore, String valueAfter) {}
