package org.voronka.pipeline;

/** A partial update of a pipeline; null means unchanged. */
public record PipelineChange(String name, Integer sort, Boolean main, Boolean unsortedOn) {}
