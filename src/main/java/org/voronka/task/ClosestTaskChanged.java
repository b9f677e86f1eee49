package org.voronka.task;

import java.time.Instant;

/**
 * The nearest open task deadline of an entity changed (null: no open task). Published in the
 * transaction of the task change, so the owner of the entity keeps {@code closest_task_at} exact.
 */
public record ClosestTaskChanged(long accountId, String entityType, long entityId, Instant closestTaskAt) {}
