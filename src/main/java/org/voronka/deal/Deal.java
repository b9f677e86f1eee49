package org.voronka.deal;

import java.math.BigDecimal;
import java.time.Instant;

/** A deal as stored. */
public record Deal(
        long accountId,
        long id,
        String name,
        BigDecimal price,
        long responsibleUserId,
        long groupId,
        long pipelineId,
        long statusId,
        Long lossReasonId,
        Long sourceId,
        Long companyId,
        long createdBy,
        long updatedBy,
        Instant createdAt,
        Instant updatedAt,
        Instant closedAt,
        Instant closestTaskAt,
        boolean deleted,
        Integer score,
        Integer laborCost) {}
