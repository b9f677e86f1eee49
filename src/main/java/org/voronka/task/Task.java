package org.voronka.task;

import java.time.Instant;

/** A task; {@code entityType} is leads, contacts or companies (null for a free-standing task). */
public record Task(long accountId, long id, String entityType, Long entityId, long taskTypeId, String text, Instant completeTill,
                   int duration, long responsibleUserId, long groupId, boolean completed, String result, long createdBy,
                   long updatedBy, Instant createdAt, Instant updatedAt) {}
