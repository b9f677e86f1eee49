package org.voronka.analytics;

import java.time.Instant;
import java.util.List;
import org.voronka.customfield.FieldFilter;

/**
 * What a report covers: one pipeline and a period [from, to), and optional filters on the
 * deals: responsible users, departments (user groups), tags (any of them), sources and custom
 * field values (option, user, yes/no, number and date fields, as the deal list filters them). The
 * filters apply to the deals' current values.
 */
public record ReportFilter(long pipelineId, Instant from, Instant to, List<Long> responsibleUserIds, List<Long> groupIds,
                           List<Long> tagIds, List<Long> sourceIds, List<FieldFilter> fieldFilters) {

    public ReportFilter {
        responsibleUserIds = responsibleUserIds == null ? List.of() : List.copyOf(responsibleUserIds);
        groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
        tagIds = tagIds == null ? List.of() : List.copyOf(tagIds);
        sourceIds = sourceIds == null ? List.of() : List.copyOf(sourceIds);
        fieldFilters = fieldFilters == null ? List.of() : List.copyOf(fieldFilters);
    }

    public ReportFilter(long pipelineId, Instant from, Instant to, List<Long> responsibleUserIds, List<Long> groupIds,
                        List<Long> tagIds, List<Long> sourceIds) {
        this(pipelineId, from, to, responsibleUserIds, groupIds, tagIds, sourceIds, List.of());
    }

    public static ReportFilter of(long pipelineId, Instant from, Instant to) {
        return new ReportFilter(pipelineId, from, to, List.of(), List.of(), List.of(), List.of());
    }

    /** Whether the filter picks deals by their values (else it is the pipeline's whole cohort for the period). */
    public boolean filtersDeals() {
        return !responsibleUserIds.isEmpty() || !groupIds.isEmpty() || !tagIds.isEmpty() || !sourceIds.isEmpty() || !fieldFilters.isEmpty();
    }

    /** The same filter over another period. */
    public ReportFilter during(Instant from, Instant to) {
        return new ReportFilter(pipelineId, from, to, responsibleUserIds, groupIds, tagIds, sourceIds, fieldFilters);
    }

    /** The same filter with these custom field conditions. */
    public ReportFilter withFieldFilters(List<FieldFilter> filters) {
        return new ReportFilter(pipelineId, from, to, responsibleUserIds, groupIds, tagIds, sourceIds, filters);
    }
}
