package org.voronka.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The forecast's simulated futures draw per group of alike deals how many are won and which, not
 * one draw per deal: the futures must still spread as the model says. Percentiles of 1,000 runs
 * are compared with the exact ones (binomial) or with a plain draw per deal; the tolerances are a
 * few standard errors of a percentile of 1,000 runs.
 */
class ForecastSimulationTests {

    @Test
    void manyAlikeDealsSpreadAsTheBinomial() {
        ForecastSimulation simulation = new ForecastSimulation(3);
        for (int i = 0; i < 1000; i++) {
            simulation.add(new double[] {0.3, 0.2, 0.1}, 1);
        }
        double[][] totals = simulation.run(1000, 7);
        // Binomial(1000, q): mean 1000q, standard deviation sqrt(1000q(1-q)); 10th/90th percentiles 1.2816 sd from the mean
        double[] q = {0.3, 0.2, 0.1};
        for (int m = 0; m < 3; m++) {
            double sd = Math.sqrt(1000 * q[m] * (1 - q[m]));
            assertThat(mean(totals[m])).as("month " + m).isCloseTo(1000 * q[m], within(0.15 * sd));
            assertThat(percentile(totals[m], 0.1)).as("month " + m).isCloseTo(1000 * q[m] - 1.2816 * sd, within(0.25 * sd + 1));
            assertThat(percentile(totals[m], 0.9)).as("month " + m).isCloseTo(1000 * q[m] + 1.2816 * sd, within(0.25 * sd + 1));
        }
        // a deal is won in one month at most: no run wins more deals than there are
        for (int run = 0; run < 1000; run++) {
            assertThat(totals[0][run] + totals[1][run] + totals[2][run]).isLessThanOrEqualTo(1000);
        }
    }

    @Test
    void budgetsOfAGroupSpreadAsOneDrawPerDeal() {
        SplittableRandom data = new SplittableRandom(3);
        double[][] chances = {{0.05, 0.04, 0.02}, {0.4, 0.2, 0.1}, {0.7, 0.2, 0.05}, {0, 0.01, 0.3}};
        int deals = 5000;
        double[][] dealChances = new double[deals][];
        double[] prices = new double[deals];
        ForecastSimulation simulation = new ForecastSimulation(3);
        for (int i = 0; i < deals; i++) {
            // groups of very different budgets, some of a single deal
            dealChances[i] = i < 5 ? new double[] {0.5, 0.1 * i, 0} : chances[data.nextInt(chances.length)];
            prices[i] = Math.round(Math.exp(11 + data.nextGaussian()));
            simulation.add(dealChances[i], prices[i]);
        }
        double[][] grouped = simulation.run(1000, 11);

        double[][] plain = new double[3][1000];
        SplittableRandom random = new SplittableRandom(12);
        for (int run = 0; run < 1000; run++) {
            for (int i = 0; i < deals; i++) {
                double u = random.nextDouble();
                double edge = 0;
                for (int m = 0; m < 3; m++) {
                    edge += dealChances[i][m];
                    if (u < edge) {
                        plain[m][run] += prices[i];
                        break;
                    }
                }
            }
        }
        for (int m = 0; m < 3; m++) {
            double expected = 0;
            double variance = 0;
            for (int i = 0; i < deals; i++) {
                expected += prices[i] * dealChances[i][m];
                variance += prices[i] * prices[i] * dealChances[i][m] * (1 - dealChances[i][m]);
            }
            double sd = Math.sqrt(variance);
            assertThat(mean(grouped[m])).as("month " + m).isCloseTo(expected, within(0.15 * sd));
            assertThat(sd(grouped[m])).as("month " + m).isCloseTo(sd, within(0.1 * sd));
            for (double share : new double[] {0.1, 0.9}) {
                assertThat(percentile(grouped[m], share)).as("month " + m + ", " + share)
                        .isCloseTo(percentile(plain[m], share), within(0.3 * sd));
            }
        }
    }

    @Test
    void theSameDealsAndSeedGiveTheSameFutures() {
        double[][] first = alike().run(200, 5);
        assertThat(alike().run(200, 5)).isDeepEqualTo(first);
        assertThat(Arrays.deepEquals(alike().run(200, 6), first)).isFalse();
    }

    private static ForecastSimulation alike() {
        ForecastSimulation simulation = new ForecastSimulation(3);
        for (int i = 0; i < 300; i++) {
            simulation.add(new double[] {0.2, 0.1, i % 3 == 0 ? 0.3 : 0.1}, 100 + i);
        }
        return simulation;
    }

    private static double mean(double[] x) {
        return Arrays.stream(x).average().orElseThrow();
    }

    private static double sd(double[] x) {
        double mean = mean(x);
        return Math.sqrt(Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (x.length - 1));
    }

    /** As the forecast takes them: the 10th from below, the 90th from above. */
    private static double percentile(double[] x, double share) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        int i = share < 0.5 ? (int) Math.floor(share * (x.length - 1)) : (int) Math.ceil(share * (x.length - 1));
        return sorted[i];
    }
}
