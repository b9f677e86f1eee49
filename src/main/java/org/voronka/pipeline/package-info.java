/**
 * Pipelines (воронки) and their stages (этапы). Every pipeline ends with the shared system stages
 * Won (142) and Lost (143); it may start with Incoming (Неразобранное, type 1). Deals are not known
 * here: the deal module answers for them through {@link org.voronka.pipeline.StageOccupancy}.
 */
package org.voronka.pipeline;
