package org.voronka.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.voronka.deal.ImportedDeal;
import org.voronka.deal.ImportedDeal.Move;

/** The simulation on its own, without a database: determinism and the shape of the numbers. */
class DemoGeneratorTests {

    static final Instant UNTIL = Instant.parse("2026-03-02T12:00:00Z");

    static DemoLayout layout() {
        return new DemoLayout(new DemoLayout.Funnel(1, List.of(1001L, 1002L, 1003L, 1004L, 1005L)), 1000L,
                new DemoLayout.Funnel(2, List.of(2001L, 2002L, 2003L, 2004L, 2005L)),
                new DemoLayout.Funnel(3, List.of(3001L, 3002L, 3003L, 3004L)),
                new DemoLayout.Funnel(4, List.of(4001L, 4002L, 4003L)),
                List.of(11L, 12L, 13L, 14L, 15L), List.of(21L, 22L), List.of(31L, 32L),
                new DemoLayout.Reasons(1, 2, 3, 4, 5, 6));
    }

    static List<ImportedDeal> generate(long seed, int count) {
        List<ImportedDeal> all = new ArrayList<>();
        new DemoGenerator(layout(), seed, count, UNTIL).forEachRemaining(all::add);
        return all;
    }

    @Test
    void sameSeedGivesTheSameDealsAndAnotherSeedOthers() {
        assertThat(generate(42, 2000)).isEqualTo(generate(42, 2000));
        assertThat(generate(43, 200)).isNotEqualTo(generate(42, 200));
    }

    @Test
    void historiesAreConsistentAndLieInThePastYear() {
        for (ImportedDeal d : generate(7, 5000)) {
            assertThat(d.moves()).isNotEmpty();
            Move previous = null;
            for (Move m : d.moves()) {
                assertThat(m.at()).isBeforeOrEqualTo(UNTIL).isAfterOrEqualTo(UNTIL.minus(Duration.ofDays(366)));
                if (previous != null) {
                    assertThat(m.at()).isAfterOrEqualTo(previous.at());
                    assertThat(m.pipelineId() == previous.pipelineId() && m.statusId() == previous.statusId()).isFalse();
                }
                previous = m;
            }
            if (d.lossReasonId() != null) {
                assertThat(previous.statusId()).isEqualTo(143L);
            }
            assertThat(d.name()).contains(" — ");
            assertThat(d.price().signum()).isPositive();
        }
    }

    /** Generated on a Friday evening, after office hours: the next working morning is in the future, and no move may be. */
    @Test
    void noMoveLiesAfterThePresentWhenItIsOutsideOfficeHours() {
        Instant fridayEvening = Instant.parse("2026-11-27T18:14:00Z");
        List<ImportedDeal> all = new ArrayList<>();
        new DemoGenerator(layout(), 42, 20_000, fridayEvening).forEachRemaining(all::add);
        for (ImportedDeal d : all) {
            for (Move m : d.moves()) {
                assertThat(m.at()).as(d.name()).isBeforeOrEqualTo(fridayEvening);
            }
        }
    }

    @Test
    void theNumbersLookLikeARealSalesTeam() {
        List<ImportedDeal> deals = generate(42, 20_000);
        int salesCreated = 0;
        int salesWon = 0;
        int salesLost = 0;
        int open = 0;
        int toLegal = 0;
        int toWholesale = 0;
        int misDrops = 0;
        int backs = 0;
        int skips = 0;
        long transitions = 0;
        int[] reached = new int[5];
        for (ImportedDeal d : deals) {
            List<Move> moves = d.moves();
            transitions += moves.size();
            Move last = moves.get(moves.size() - 1);
            if (last.statusId() != 142 && last.statusId() != 143) {
                open++;
            }
            if (moves.get(0).pipelineId() == 1) {
                salesCreated++;
                boolean[] seen = new boolean[5];
                for (Move m : moves) {
                    if (m.pipelineId() == 1 && m.statusId() == 142) {
                        salesWon++;
                    } else if (m.pipelineId() == 1 && m.statusId() == 143) {
                        salesLost++;
                    } else if (m.pipelineId() == 1 && m.statusId() > 1000) {
                        seen[(int) (m.statusId() - 1001)] = true;
                    }
                }
                for (int i = 0; i < 5; i++) {
                    reached[i] += seen[i] ? 1 : 0;
                }
            }
            for (int i = 1; i < moves.size(); i++) {
                Move a = moves.get(i - 1);
                Move b = moves.get(i);
                if (a.pipelineId() == 1 && b.pipelineId() == 3) {
                    toLegal++;
                }
                if (a.pipelineId() == 1 && b.pipelineId() == 2) {
                    toWholesale++;
                }
                if (Duration.between(a.at(), b.at()).toSeconds() < 60 && i > 1 && b.pipelineId() == a.pipelineId()) {
                    misDrops++;
                }
                if (a.pipelineId() == b.pipelineId() && a.statusId() > 1000 && b.statusId() > 1000) {
                    if (b.statusId() < a.statusId()) {
                        backs++;
                    } else if (b.statusId() - a.statusId() > 1) {
                        skips++;
                    }
                }
            }
        }
        double winRate = salesWon / (double) (salesWon + salesLost);
        System.out.printf("sales deals %d, won %d, lost %d, win rate %.1f%%, open %.1f%%, legal %d, wholesale %d, "
                        + "mis-drops %d, backs %d, skips %d, transitions/deal %.2f, reached %s%n",
                salesCreated, salesWon, salesLost, 100 * winRate, 100.0 * open / deals.size(), toLegal, toWholesale, misDrops,
                backs, skips, transitions / (double) deals.size(), java.util.Arrays.toString(reached));
        assertThat(winRate).isBetween(0.18, 0.37);
        for (int i = 1; i < 5; i++) {
            assertThat(reached[i]).as("conversion falls stage by stage").isLessThan(reached[i - 1]);
        }
        assertThat(open).isBetween(deals.size() / 20, deals.size() / 3);
        assertThat(toLegal).isPositive();
        assertThat(toWholesale).isPositive();
        assertThat(misDrops).isPositive();
        assertThat(backs).isPositive();
        assertThat(skips).isPositive();
    }
}
