package org.voronka.deal;

import java.time.Instant;

/**
 * One record of a deal's stage history. The first record of a deal (its creation) has no "from";
 * moves between pipelines have a different from/to pipeline.
 */
public record StageTransition(long id, long dealId, Long fromPipelineId, Long fromStatusId, long toPipelineId,
                              long toStatusId, Instant movedAt, long userId, String source) {}
