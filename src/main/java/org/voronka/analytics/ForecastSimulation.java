package org.voronka.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulated futures behind the forecast's range (ADR 15, ADR 30). Open deals with the same
 * chance of being won in each month are alike but for their budgets, so each run draws per group
 * of such deals how many are won in each month (a multinomial draw, as one binomial draw per month
 * given the deals still left) and which ones (a partial shuffle of the group's budgets), instead of
 * one draw per deal: the work of a run grows with the deals it wins, not with the open deals, and
 * every run has exactly the model's distribution. Everything comes from one generator with the
 * given seed, the groups in the order their first deal was added, so the same deals in the same
 * order give the same futures.
 */
final class ForecastSimulation {

    /** Trials per binomial draw at most: (1 - p)^256 with p ≤ 1/2 stays far above the smallest double. */
    private static final int CHUNK = 256;
    /** A group this small draws each deal, as a multinomial draw would cost more. */
    private static final int FEW = 8;

    private final int months;
    private final Map<Key, Group> groups = new LinkedHashMap<>();

    ForecastSimulation(int months) {
        this.months = months;
    }

    /** Adds a deal that is won in month m with {@code chances[m]} (and not within the months with the rest). */
    void add(double[] chances, double price) {
        groups.computeIfAbsent(new Key(chances), k -> new Group(k.chances)).add(price);
    }

    /** Each month's total won budget in each of {@code runs} futures: {@code [month][run]}. */
    double[][] run(int runs, long seed) {
        double[][] totals = new double[months][runs];
        List<Group> all = new ArrayList<>(groups.values());
        all.forEach(Group::prepare);
        SplittableRandom random = new SplittableRandom(seed);
        for (int run = 0; run < runs; run++) {
            for (Group g : all) {
                if (g.size <= FEW) {
                    g.eachDeal(random, totals, run);
                } else {
                    g.draw(random, totals, run);
                }
            }
        }
        return totals;
    }

    @Override
    public String toString() {
        double wins = groups.values().stream().mapToDouble(g -> g.size * Arrays.stream(g.chances).sum()).sum();
        return groups.values().stream().mapToInt(g -> g.size).sum() + " deals in " + groups.size() + " groups, " + Math.round(wins)
                + " won per run on average";
    }

    private record Key(double[] chances) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(chances, k.chances);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(chances);
        }
    }

    private static final class Group {

        final double[] chances;
        double[] prices = new double[4];
        int size;
        /** The chance of a win within the months, folded to at most 1/2 (then counting the deals not won). */
        double win;
        boolean flipped;
        /** Given a win, the month's end on [0, 1): month m when the draw is below month[m]. */
        double[] month;
        /** Binomial(CHUNK, win) and Binomial(size % CHUNK, win) as inverse distribution tables. */
        Table full;
        Table rest;

        Group(double[] chances) {
            this.chances = chances;
        }

        void add(double price) {
            if (size == prices.length) {
                prices = Arrays.copyOf(prices, size * 2);
            }
            prices[size++] = price;
        }

        void prepare() {
            double w = 0;
            for (double c : chances) {
                w += c;
            }
            w = Math.min(1, w);
            month = new double[chances.length];
            double edge = 0;
            for (int m = 0; m < chances.length; m++) {
                edge += chances[m];
                month[m] = w == 0 ? 1 : edge / w;
            }
            month[chances.length - 1] = 1; // the last month takes what rounding left over
            flipped = w > 0.5;
            win = flipped ? 1 - w : w;
            if (size > FEW) {
                full = size >= CHUNK ? new Table(CHUNK, win) : null;
                rest = size % CHUNK == 0 ? null : new Table(size % CHUNK, win);
            }
        }

        /** One draw per deal, in the group's order: the month it is won in, if any. */
        void eachDeal(SplittableRandom random, double[][] totals, int run) {
            for (int d = 0; d < size; d++) {
                double u = random.nextDouble();
                double edge = 0;
                for (int m = 0; m < chances.length; m++) {
                    edge += chances[m];
                    if (u < edge) {
                        totals[m][run] += prices[d];
                        break;
                    }
                }
            }
        }

        /** How many deals are won (a binomial draw), which (a partial shuffle), and each one's month. */
        void draw(SplittableRandom random, double[][] totals, int run) {
            int last = month.length - 1;
            int won = 0;
            for (int t = 0; t + CHUNK <= size; t += CHUNK) {
                won += full.draw(random);
            }
            if (rest != null) {
                won += rest.draw(random);
            }
            if (flipped) {
                won = size - won;
            }
            for (int j = 0; j < won; j++) {
                int pick = j + below(random, size - j);
                double price = prices[pick];
                prices[pick] = prices[j];
                prices[j] = price;
                double u = random.nextDouble();
                int m = 0;
                for (int k = 0; k < last; k++) {
                    m += u >= month[k] ? 1 : 0; // no branch: the month of a win is a coin toss to the processor
                }
                totals[m][run] += price;
            }
        }

        /** Uniform in [0, bound): Lemire's multiply and shift, rejecting the few values that would bias it (no division as a rule). */
        private static int below(SplittableRandom random, int bound) {
            long x = (random.nextInt() & 0xFFFFFFFFL) * bound;
            if ((x & 0xFFFFFFFFL) < bound) {
                long floor = (1L << 32) % bound;
                while ((x & 0xFFFFFFFFL) < floor) {
                    x = (random.nextInt() & 0xFFFFFFFFL) * bound;
                }
            }
            return (int) (x >>> 32);
        }
    }

    /** Binomial(trials, p) by inversion of its distribution function, found from a guide table in a step or two. */
    private static final class Table {

        private static final int GUIDE = 32;

        private final double[] cdf;
        private final int[] guide = new int[GUIDE];

        Table(int trials, double p) {
            cdf = new double[trials + 1];
            double pmf = Math.pow(1 - p, trials);
            double sum = 0;
            for (int k = 0; k <= trials; k++) {
                sum += pmf;
                cdf[k] = sum;
                pmf *= p / (1 - p) * (trials - k) / (k + 1);
            }
            cdf[trials] = Double.POSITIVE_INFINITY; // rounding never leaves a draw above the last count
            int k = 0;
            for (int g = 0; g < GUIDE; g++) {
                while (cdf[k] <= (double) g / GUIDE) {
                    k++;
                }
                guide[g] = k;
            }
        }

        int draw(SplittableRandom random) {
            double u = random.nextDouble();
            int k = guide[(int) (u * GUIDE)];
            while (cdf[k] <= u) {
                k++;
            }
            return k;
        }
    }
}
