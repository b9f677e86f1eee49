package org.voronka.task;

import java.time.Instant;
import java.util.List;

/**
 * The nearest open task deadline of entities of one type changed (a null date: no open task).
 * Published in the transaction of the task change, once for all the entities a change touched, so
 * the owner of the entities keeps {@code closest_task_at} exact with one statement, however many
 * tasks were written together (a rule's runs, an import).
 */
public record ClosestTasksChanged(long accountId, String entityType, List<Closest> closest) {

    /** One entity's nearest open deadline. */
    public record Closest(long entityId, Instant closestTaskAt) {}
}
