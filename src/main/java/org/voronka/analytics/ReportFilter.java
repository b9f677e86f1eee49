package org.voronka.analytics;

import java.time.Instant;
import java.util.List;

/**
 * What a report covers: one pipeline and a period [from, to), and optional filters on the
 * deals: responsible users, departments (user groups), tags (any of them) and sources. The
 * filters apply to the deals' current values.
 */
public record ReportFilter(long pipelineId, Instant from, Instant to, List<Long> responsibleUserIds, List<Long> groupIds,
                           List<Long> tagIds, List<Long> sourceIds) {

    public ReportFilter {
        responsibleUserIds = responsibleUserIds == null ? List.of() : List.copyOf(responsibleUserIds);
        groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
        tagIds = tagIds == null ? List.of() : List.copyOf(tagIds);
        sourceIds = sourceIds == null ? List.of() : List.copyOf(sourceIds);
    }

    public static ReportFilter of(long pipelineId, Instant from, Instant to) {
        return new ReportFilter(pipelineId, from, to, List.of(), List.of(), List.of(), List.of());
    }
}
