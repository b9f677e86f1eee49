package org.voronka.deal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A deal with its complete stage history, as an import brings it. The first move is the creation
 * (the deal appears in that stage at that time); every further move is a stage change. The deal's
 * current pipeline, stage, {@code closed_at} and {@code updated_at} follow from the last move.
 *
 * @param lossReasonId only for a deal whose last move is into Lost (143); may be null
 */
public record ImportedDeal(String name, BigDecimal price, long responsibleUserId, long createdBy, Long lossReasonId,
                           List<Move> moves) {

    /** The deal entered stage {@code statusId} of {@code pipelineId} at {@code at}, moved by {@code userId} (0 = robot). */
    public record Move(long pipelineId, long statusId, Instant at, long userId) {}
}
