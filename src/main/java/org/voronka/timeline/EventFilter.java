package org.voronka.timeline;

import java.time.Instant;
import java.util.List;

/**
 * Filters of {@code GET /api/v4/events}; empty lists mean "any". Status filters match
 * lead_status_changed events by the status before or after the change.
 */
public record EventFilter(
        List<Long> ids,
        Instant createdFrom,
        Instant createdTo,
        List<Long> createdBy,
        List<String> entityTypes,
        List<Long> entityIds,
        List<String> types,
        List<StatusRef> statusBefore,
        List<StatusRef> statusAfter,
        List<Long> responsibleBefore,
        List<Long> responsibleAfter) {

    public record StatusRef(Long pipelineId, Long statusId) {}
}
