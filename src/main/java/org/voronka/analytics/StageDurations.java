package org.voronka.analytics;

import java.util.List;
import org.voronka.pipeline.Stage;

/**
 * Time in stage for a cohort (seconds). A stay runs from a move into the stage to the deal's
 * next move; stays shorter than the threshold are mis-drops, counted as passing through.
 *
 * @param thresholdSeconds the mis-drop threshold used
 */
public record StageDurations(ReportFilter filter, long thresholdSeconds, List<StageTime> stages) {

    /**
     * @param perVisit   finished stays that are not mis-drops
     * @param misdrops   finished stays shorter than the threshold
     * @param cumulative per deal, all its stays in the stage summed, over deals that have left it
     * @param current    deals still in the stage: their current stay's age
     * @param skipped    deals that reached a later stage without standing in this one
     */
    public record StageTime(Stage stage, Stats perVisit, long misdrops, Stats cumulative, Stats current, long skipped) {}

    /** Count, mean, median, 90th percentile and maximum, in seconds; null statistics when there is nothing to count. */
    public record Stats(long count, Double mean, Double median, Double p90, Double max) {

        public static final Stats EMPTY = new Stats(0, null, null, null, null);
    }
}
