package org.voronka.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The forecast's simulated futures: one draw per deal and run, compared without branches. They
 * must spread as the model says (percentiles of 1,000 runs against the binomial's, within a few
 * standard errors) and be the very futures of a plain draw per deal, so that a seed keeps giving
 * the numbers it gave, however the runs are shared out between threads.
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

    /** ADR 15's definition: one double per deal and run, won in the first month whose running sum of chances lies above it. */
    @Test
    void theFuturesAreThoseOfOneDrawPerDealBitForBit() {
        SplittableRandom data = new SplittableRandom(3);
        int deals = 3000;
        double[][] chances = new double[deals][];
        double[] prices = new double[deals];
        ForecastSimulation simulation = new ForecastSimulation(3);
        for (int i = 0; i < deals; i++) {
            double p = data.nextDouble();
            chances[i] = switch (i % 5) {
                case 0 -> new double[] {0, 0, 0};
                case 1 -> new double[] {1, 0, 0};
                case 2 -> new double[] {0.1, 0.7, 0.2 + 1e-12}; // adds up to a little over 1
                default -> new double[] {p * 0.5, p * 0.3, p * 0.2};
            };
            prices[i] = Math.round(Math.exp(11 + data.nextGaussian())) / 100.0;
            simulation.add(chances[i], prices[i]);
        }
        double[][] plain = new double[3][500];
        SplittableRandom random = new SplittableRandom(11);
        for (int run = 0; run < 500; run++) {
            for (int i = 0; i < deals; i++) {
                double u = random.nextDouble();
                double edge = 0;
                for (int m = 0; m < 3; m++) {
                    edge += chances[i][m];
                    if (u < edge) {
                        plain[m][run] += prices[i];
                        break;
                    }
                }
            }
        }
        assertThat(simulation.run(500, 11)).isDeepEqualTo(plain);
        // however the runs are shared out between threads
        for (int parts : new int[] {2, 3, 7}) {
            assertThat(simulation.run(500, 11, parts)).as(parts + " parts").isDeepEqualTo(plain);
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
