package org.voronka.deal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.voronka.tag.TagRef;

/** A deal to create; every field but requestId may be null and then gets its default. */
public record NewDeal(
        String requestId,
        String name,
        BigDecimal price,
        Long pipelineId,
        Long statusId,
        Long responsibleUserId,
        Long createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant closedAt,
        Long lossReasonId,
        List<TagRef> tags,
        List<DealContact> contacts,
        Long companyId) {}
