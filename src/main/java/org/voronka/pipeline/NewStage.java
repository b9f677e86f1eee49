package org.voronka.pipeline;

/** A stage to add; {@code id} is only used to rename 142/143 when a pipeline is created. */
public record NewStage(String requestId, Long id, String name, Integer sort, String color) {}
