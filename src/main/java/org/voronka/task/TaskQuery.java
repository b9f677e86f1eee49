package org.voronka.task;

import java.time.Instant;
import java.util.List;

/** Filters of GET /api/v4/tasks; empty lists and nulls mean "any". */
public record TaskQuery(List<Long> ids, List<Long> responsibleUserIds, Boolean completed, List<Long> taskTypeIds, String entityType,
                        List<Long> entityIds, List<Long> createdBy, Instant updatedFrom, Instant updatedTo, Order order,
                        int offset, int limit) {

    public enum Field { ID, CREATED_AT, COMPLETE_TILL }

    public record Order(Field field, boolean descending) {}
}
