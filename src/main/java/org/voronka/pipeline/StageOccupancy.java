package org.voronka.pipeline;

import org.voronka.shared.Actor;

/**
 * What the pipeline module needs to know about deals, implemented by the deal module, so that
 * pipelines never depend on deals.
 */
public interface StageOccupancy {

    /** Deals (including those in the trash) in a pipeline, or in one of its stages when statusId is given. */
    long countDeals(long accountId, long pipelineId, Long statusId);

    /** Moves every deal of a stage to another stage of the same pipeline, recording each move in its history. */
    int relocate(Actor actor, long pipelineId, long fromStatusId, long toStatusId);
}
