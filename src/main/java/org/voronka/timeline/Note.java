package org.voronka.timeline;

import java.time.Instant;
import java.util.Map;

/** A note on a deal, contact or company; {@code params} holds the type's fields (text, phone, duration …). */
public record Note(long accountId, long id, String entityType, long entityId, String noteType, Map<String, Object> params,
                   long responsibleUserId, long groupId, boolean pinned, long createdBy, long updatedBy, Instant createdAt,
                   Instant updatedAt) {}
