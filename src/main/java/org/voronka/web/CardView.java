package org.voronka.web;

import java.math.BigDecimal;
import java.util.List;
import org.voronka.tag.Tag;

/**
 * A deal as a board card or a list row shows it, with the names of what it refers to resolved;
 * {@code task} is the task indicator: "none" (no open task), "overdue", or "open".
 */
record CardView(long id, String name, BigDecimal price, long pipelineId, long statusId, String pipeline, String stage,
                String stageColor, String contact, String company, List<Tag> tags, String responsible,
                java.time.Instant createdAt, java.time.Instant closedAt, String task, java.time.Instant taskAt) {

    static String taskState(java.time.Instant closestTaskAt, java.time.Instant now) {
        return closestTaskAt == null ? "none" : closestTaskAt.isBefore(now) ? "overdue" : "open";
    }
}
