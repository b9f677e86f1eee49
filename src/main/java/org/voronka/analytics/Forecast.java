package org.voronka.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.voronka.pipeline.Stage;

/**
 * The forecast of a pipeline made at {@code at}: the weighted pipeline per open stage, and the
 * expected won revenue of the current month (from {@code at} on) and the next two, with a low–high
 * range from a seeded Monte Carlo simulation over the open deals.
 *
 * @param windowDays the trailing window of history the observed probabilities and durations come from
 * @param runs       how many simulated futures the range is taken from
 * @param seed       the simulation's seed: the same seed over the same data gives the same numbers
 */
public record Forecast(long pipelineId, Instant at, int windowDays, int runs, long seed, Amount open, BigDecimal weighted,
                       List<StageForecast> stages, List<MonthForecast> months) {

    /**
     * One open stage. {@code setProbability} is the admin's (percent, null when not set);
     * {@code observedProbability} the share of the deals that reached the stage in the window and
     * have since been won, among those that were won or lost (null without such deals), out of
     * {@code observedDeals}; {@code probability} is the one the forecast uses (observed, else set,
     * else 0). Weighted amounts are the open budget times a probability (null without it).
     */
    public record StageForecast(Stage stage, Amount open, Integer setProbability, Double observedProbability, long observedDeals,
                                long observedWon, double probability, BigDecimal weightedSet, BigDecimal weightedObserved,
                                BigDecimal weighted) {}

    /**
     * A month's expected won revenue (the exact mean over the model) and the 10th and 90th
     * percentiles of the simulated totals. The current month counts from the forecast's moment on.
     */
    public record MonthForecast(YearMonth month, BigDecimal expected, BigDecimal low, BigDecimal high) {}
}
