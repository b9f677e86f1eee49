package org.voronka.pipeline;

/**
 * Published inside the transaction when the stages of a pipeline were added, deleted or put in
 * another order, so that what is kept by stage order (the analytics' furthest stage reached) can
 * follow.
 */
public record StagesReordered(long accountId, long pipelineId) {}
