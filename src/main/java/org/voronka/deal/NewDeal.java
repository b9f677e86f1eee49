package org.voronka.deal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.voronka.customfield.FieldWrite;
import org.voronka.tag.TagRef;

/**
 * A deal to create; every field but requestId may be null and then gets its default. {@code fields}
 * are its custom field values ({@code custom_fields_values}).
 */
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
        Long companyId,
        List<FieldWrite> fields) {

    public NewDeal(String requestId, String name, BigDecimal price, Long pipelineId, Long statusId, Long responsibleUserId,
                   Long createdBy, Instant createdAt, Instant updatedAt, Instant closedAt, Long lossReasonId, List<TagRef> tags,
                   List<DealContact> contacts, Long companyId) {
        this(requestId, name, price, pipelineId, statusId, responsibleUserId, createdBy, createdAt, updatedAt, closedAt, lossReasonId,
                tags, contacts, companyId, null);
    }
}
