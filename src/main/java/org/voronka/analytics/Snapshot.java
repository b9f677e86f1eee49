package org.voronka.analytics;

import java.util.List;
import org.voronka.pipeline.Stage;

/** Open deals of a pipeline now, with budgets: per stage (in order) and per responsible user. */
public record Snapshot(long pipelineId, Amount total, List<StageAmount> stages, List<UserAmount> users) {

    public record StageAmount(Stage stage, Amount amount) {}

    public record UserAmount(long userId, String name, Amount amount) {}
}
