package org.voronka.deal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.voronka.customfield.FieldWrite;
import org.voronka.tag.TagRef;

/**
 * A partial update of one deal; null fields are left as they are. {@code clearLossReason} stands
 * for an explicit {@code loss_reason_id: null}; {@code replaceTags} (possibly empty) replaces the
 * whole tag set, {@code tagsToAdd}/{@code tagsToDelete} change it incrementally; {@code fields} (null: none)
 * writes custom field values, fields not named keep theirs.
 */
public record DealUpdate(
        String requestId,
        long id,
        String name,
        BigDecimal price,
        Long pipelineId,
        Long statusId,
        Long responsibleUserId,
        Long lossReasonId,
        boolean clearLossReason,
        Instant closedAt,
        Instant updatedAt,
        List<TagRef> replaceTags,
        List<TagRef> tagsToAdd,
        List<TagRef> tagsToDelete,
        List<FieldWrite> fields) {

    public DealUpdate(String requestId, long id, String name, BigDecimal price, Long pipelineId, Long statusId,
                      Long responsibleUserId, Long lossReasonId, boolean clearLossReason, Instant closedAt, Instant updatedAt,
                      List<TagRef> replaceTags, List<TagRef> tagsToAdd, List<TagRef> tagsToDelete) {
        this(requestId, id, name, price, pipelineId, statusId, responsibleUserId, lossReasonId, clearLossReason, closedAt, updatedAt,
                replaceTags, tagsToAdd, tagsToDelete, null);
    }

    /** Only custom field values, as the card saves them one field at a time. */
    public static DealUpdate fields(long id, List<FieldWrite> fields) {
        return new DealUpdate("0", id, null, null, null, null, null, null, false, null, null, null, null, null, fields);
    }

    /** Just a move, as the board and the card do it. */
    public static DealUpdate move(long id, Long pipelineId, long statusId, Long lossReasonId) {
        return new DealUpdate("0", id, null, null, pipelineId, statusId, null, lossReasonId, false, null, null, null, null, null);
    }
}
