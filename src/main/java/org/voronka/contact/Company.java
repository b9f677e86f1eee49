package org.voronka.contact;

import java.time.Instant;

/** A company as stored. */
public record Company(
        long accountId,
        long id,
        String name,
        long responsibleUserId,
        long groupId,
        long createdBy,
        long updatedBy,
        Instant createdAt,
        Instant updatedAt,
        Instant closestTaskAt,
        boolean deleted) implements Party {}
