package org.voronka.analytics;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

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

    /**
     * Each month's total won budget in each of {@code runs} futures: {@code [month][run]}. The runs
     * are shared out between the processors: the draws are those of one {@link SplittableRandom}
     * with the seed, one after the other, and a part that starts at run r starts at draw r × deals
     * (see {@link Draws}), so the futures do not depend on how the runs are shared out.
     */
    double[][] run(int runs, long seed) {
        long parts = Math.min(Runtime.getRuntime().availableProcessors(), (long) runs * size / MIN_DRAWS_PER_PART);
        return run(runs, seed, (int) Math.max(1, parts));
    }

    /** {@link #run(int, long)} with the runs shared out in {@code parts} parts. */
    double[][] run(int runs, long seed, int parts) {
        double[][] totals = new double[months][runs];
        IntStream.range(0, parts).parallel().forEach(part -> {
            int from = (int) ((long) runs * part / parts);
            int to = (int) ((long) runs * (part + 1) / parts);
            Draws draws = new Draws(seed, (long) from * size);
            double[] sums = new double[months];
            for (int run = from; run < to; run++) {
                Arrays.fill(sums, 0);
                if (months == 3) {
                    three(draws, sums);
                } else {
                    any(draws, sums);
                }
                for (int m = 0; m < months; m++) {
                    totals[m][run] = sums[m];
                }
            }
        });
        return totals;
    }

    /** Below this many draws in all, the runs are not shared out: starting a thread would cost more. */
    private static final long MIN_DRAWS_PER_PART = 1_000_000;

    /**
     * The draws of {@code new SplittableRandom(seed)}'s {@code nextLong()} from the n-th on: its
     * state after n draws is seed + n × gamma, and a draw is the state mixed (SplitMix64, as the
     * JDK computes it). ForecastSimulationTests compares the futures with those of the JDK's class.
     */
    private static final class Draws {
        private static final long GAMMA = 0x9e3779b97f4a7c15L;
        private long state;

        Draws(long seed, long n) {
            state = seed + n * GAMMA;
        }

        long next() {
            long z = state += GAMMA;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }
    }

    /** The forecast's case, unrolled: a mask is all ones when the draw lies below the edge. */
    private void three(Draws random, double[] sums) {
        long[] e0 = edges[0];
        long[] e1 = edges[1];
        long[] e2 = edges[2];
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        for (int d = 0; d < size; d++) {
            long x = random.next() >>> 11;
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

    private void any(Draws random, double[] sums) {
        for (int d = 0; d < size; d++) {
            long x = random.next() >>> 11;
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
