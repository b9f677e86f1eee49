package org.voronka.analytics;

import java.time.Instant;
import java.util.List;
import org.voronka.pipeline.Stage;

/**
 * Where open deals pile up («ведро»): per open stage the open deals, those without an open task,
 * those whose nearest open task is overdue, and those in the stage for longer than its target
 * duration (counted only where the stage has one).
 */
public record StalledStages(long pipelineId, Instant at, List<Row> stages) {

    public record Row(Stage stage, long open, long withoutTask, long overdueTask, long overTarget) {}
}
