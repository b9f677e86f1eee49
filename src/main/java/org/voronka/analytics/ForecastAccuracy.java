package org.voronka.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * Saved forecasts of a pipeline against what was won: per month and per forecast made for it
 * (in that month or one or two months before), the expected revenue and range, and the won
 * revenue of the month (so far, for the current month).
 */
public record ForecastAccuracy(long pipelineId, YearMonth current, List<Row> rows) {

    /**
     * @param ahead    how many months before the forecast month it was made (0: in the month itself)
     * @param complete whether the month is over
     */
    public record Row(YearMonth month, YearMonth madeIn, int ahead, Instant madeAt, BigDecimal expected, BigDecimal low,
                      BigDecimal high, BigDecimal actual, boolean complete) {

        /** Whether the won revenue fell inside the forecast's range. */
        public boolean withinRange() {
            return actual.compareTo(low) >= 0 && actual.compareTo(high) <= 0;
        }

        /** The won revenue minus the expected one, as a share of the expected one (null when nothing was expected). */
        public Double error() {
            return expected.signum() == 0 ? null : actual.subtract(expected).doubleValue() / expected.doubleValue();
        }
    }
}
