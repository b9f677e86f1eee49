package org.voronka.deal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.voronka.tag.TagRef;

/**
 * A partial update of one deal; null fields are left as they are. {@code clearLossReason} stands
 * for an explicit {@code loss_reason_id: null}; {@code replaceTags} (possibly empty) replaces the
 * whole tag set, {@code tagsToAdd}/{@code tagsToDelete} change it incrementally.
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
        List<TagRef> tagsToDelete) {

    /** Just a move, as the board and the card do it. */
    public static DealUpdate move(long id, Long pipelineId, long statusId, Long lossReasonId) {
        return new DealUpdate("0", id, null, null, pipelineId, statusId, null, lossReasonId, false, null, null, null, null, null);
    }
}
