package org.voronka.analytics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The simulated futures behind the forecast's range (ADR 15, ADR 30): in each run every deal that
 * can be won draws once, in the order added, from one generator with the given seed, and is won in
 * the first month whose running sum of chances lies above the draw. The comparisons are made on the
 * draw's 53 bits against precomputed integer edges and the budgets added through bit masks, without
 * a branch per deal: a branch that goes either way about half the time cost more than the rest of
 * the work together. The futures are the same, bit for bit, as comparing the draw as a double.
 */
final class ForecastSimulation {

    private final int months;
    /** Per month, per deal: the draws (53-bit integers) below this are won by then. */
    private long[][] edges;
    private double[] prices;
    private int size;

    ForecastSimulation(int months) {
        this.months = months;
        this.edges = new long[months][16];
        this.prices = new double[16];
    }

    /** Adds a deal won in month m with {@code chances[m]} (and not within the months with the rest). */
    void add(double[] chances, double price) {
        if (size == prices.length) {
            prices = Arrays.copyOf(prices, size * 2);
            for (int m = 0; m < months; m++) {
                edges[m] = Arrays.copyOf(edges[m], size * 2);
            }
        }
        double edge = 0;
        for (int m = 0; m < months; m++) {
            edge += chances[m];
            // u = x·2^-53 < edge exactly when the integer x < ceil(edge·2^53)
            edges[m][size] = (long) Math.ceil(Math.min(edge, 1) * 0x1p53);
        }
        prices[size++] = price;
    }

    int size() {
        return size;
    }

    /** Each month's total won budget in each of {@code runs} futures: {@code [month][run]}. */
    double[][] run(int runs, long seed) {
        double[][] totals = new double[months][runs];
        SplittableRandom random = new SplittableRandom(seed);
        double[] sums = new double[months];
        for (int run = 0; run < runs; run++) {
            Arrays.fill(sums, 0);
            if (months == 3) {
                three(random, sums);
            } else {
                any(random, sums);
            }
            for (int m = 0; m < months; m++) {
                totals[m][run] = sums[m];
            }
        }
        return totals;
    }

    /** The forecast's case, unrolled: a mask is all ones when the draw lies below the edge. */
    private void three(SplittableRandom random, double[] sums) {
        long[] e0 = edges[0];
        long[] e1 = edges[1];
        long[] e2 = edges[2];
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        for (int d = 0; d < size; d++) {
            long x = random.nextLong() >>> 11;
            long in0 = (x - e0[d]) >> 63;
            long in1 = (x - e1[d]) >> 63;
            long in2 = (x - e2[d]) >> 63;
            long price = Double.doubleToRawLongBits(prices[d]);
            s0 += Double.longBitsToDouble(price & in0);
            s1 += Double.longBitsToDouble(price & in1 & ~in0);
            s2 += Double.longBitsToDouble(price & in2 & ~in1);
        }
        sums[0] = s0;
        sums[1] = s1;
        sums[2] = s2;
    }

    private void any(SplittableRandom random, double[] sums) {
        for (int d = 0; d < size; d++) {
            long x = random.nextLong() >>> 11;
            long price = Double.doubleToRawLongBits(prices[d]);
            long before = 0;
            for (int m = 0; m < months; m++) {
                long in = (x - edges[m][d]) >> 63;
                sums[m] += Double.longBitsToDouble(price & in & ~before);
                before = in;
            }
        }
    }
}
