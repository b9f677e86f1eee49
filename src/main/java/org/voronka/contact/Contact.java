package org.voronka.contact;

import java.time.Instant;

/** A contact (a person) as stored; it belongs to at most one company. */
public record Contact(
        long accountId,
        long id,
        String name,
        String firstName,
        String lastName,
        long responsibleUserId,
        long groupId,
        Long companyId,
        long createdBy,
        long updatedBy,
        Instant createdAt,
        Instant updatedAt,
        Instant closestTaskAt,
        boolean deleted) implements Party {}
