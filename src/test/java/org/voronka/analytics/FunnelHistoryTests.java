package org.voronka.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.deal.DealImport;
import org.voronka.deal.ImportedDeal;
import org.voronka.deal.ImportedDeal.Move;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * Hand-made histories in a pipeline A → B → C → D with the expected numbers worked out by hand:
 * a skip, a move back, a reopen from Lost, a transfer out from a working stage and one from Won,
 * an entry from another pipeline, a mis-drop, a deal from before the period, a deleted deal, a
 * deleted and restored one, and a merge.
 */
class FunnelHistoryTests extends ApiTest {

    static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    static final long FROM = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    static final long TO = Instant.parse("2026-02-01T00:00:00Z").getEpochSecond();

    @Autowired
    DealImport dealImport;

    @Autowired
    SalesAnalytics analytics;

    TestAccount account;
    ApiClient api;
    long p;
    long a;
    long b;
    long c;
    long d;
    long q;
    long x;
    long reason;
    List<Long> ids;

    @BeforeEach
    void history() {
        account = newAccount();
        api = account.api();
        JsonNode t = api.post("/api/v4/leads/pipelines", List.of(Map.of("name", "T", "sort", 5, "is_main", false, "is_unsorted_on", false,
                "_embedded", Map.of("statuses", List.of(Map.of("name", "A", "sort", 10), Map.of("name", "B", "sort", 20),
                        Map.of("name", "C", "sort", 30), Map.of("name", "D", "sort", 40)))))).json().at("/_embedded/pipelines/0");
        p = t.get("id").asLong();
        a = t.at("/_embedded/statuses/0/id").asLong();
        b = t.at("/_embedded/statuses/1/id").asLong();
        c = t.at("/_embedded/statuses/2/id").asLong();
        d = t.at("/_embedded/statuses/3/id").asLong();
        JsonNode other = api.post("/api/v4/leads/pipelines", List.of(Map.of("name", "Q", "sort", 6, "is_main", false,
                "is_unsorted_on", false, "_embedded", Map.of("statuses", List.of(Map.of("name", "X", "sort", 10)))))).json()
                .at("/_embedded/pipelines/0");
        q = other.get("id").asLong();
        x = other.at("/_embedded/statuses/0/id").asLong();
        reason = api.post("/api/v4/leads/loss_reasons", List.of(Map.of("name", "Дорого"))).json()
                .at("/_embedded/loss_reasons/0/id").asLong();

        List<ImportedDeal> deals = new ArrayList<>();
        deals.add(deal("d1 skip B to won", 100, null, m(a, 0), m(c, h(2)), m(142, h(5))));
        deals.add(deal("d2 back and lost", 200, reason, m(a, 0), m(b, h(1)), m(a, h(3)), m(b, h(4)), m(143, h(10))));
        deals.add(deal("d3 reopened from lost", 300, null, m(a, 0), m(143, h(1)), m(b, h(2)), m(c, h(4))));
        deals.add(deal("d4 moved out", 400, null, m(a, 0), m(b, h(2)), new Move(q, x, T0.plusSeconds(h(6)), account.adminId())));
        deals.add(deal("d5 won then handed on", 500, null, m(a, 0), m(142, h(1)), new Move(q, x, T0.plusSeconds(h(2)), account.adminId())));
        deals.add(deal("d6 mis-drop", 600, null, m(a, 0), m(d, h(1)), m(b, h(1) + 20), m(143, h(3))));
        deals.add(deal("d7 came from Q", 700, null, new Move(q, x, Instant.parse("2025-12-20T10:00:00Z"), account.adminId()),
                m(b, 0), m(c, h(5))));
        deals.add(new ImportedDeal("d8 before the period", new BigDecimal(800), account.adminId(), account.adminId(), null,
                List.of(new Move(p, a, Instant.parse("2025-12-10T10:00:00Z"), account.adminId()), m(b, 0))));
        deals.add(deal("d9 deleted and restored", 900, null, m(a, 0)));
        deals.add(deal("d10 deleted", 1000, null, m(a, 0), m(b, h(1))));
        deals.add(deal("d11 survivor", 1100, null, m(a, 0), m(b, h(1))));
        deals.add(deal("d12 merged away", 1200, null, m(a, 0), m(c, h(1))));
        ids = tx.execute(s -> dealImport.importDeals(account.admin(), deals));

        assertThat(api.delete("/api/v4/leads/" + ids.get(8)).status()).isEqualTo(204);
        assertThat(api.delete("/api/v4/leads/" + ids.get(9)).status()).isEqualTo(204);
        assertThat(api.post("/api/v4/leads/restore", List.of(Map.of("id", ids.get(8)))).status()).isEqualTo(200);
        Response merged = api.post("/api/v4/leads/merge", Map.of("id", ids.get(10), "merge_ids", List.of(ids.get(11))));
        assertThat(merged.status()).as(merged.text()).isEqualTo(200);
    }

    @Test
    void reachedFunnelCountsEveryStageUpToTheFurthestOne() {
        JsonNode f = funnel("reached");
        assertThat(f.at("/cohort/deals").asLong()).isEqualTo(9);
        assertThat(f.at("/cohort/budget").decimalValue()).isEqualByComparingTo("4800");
        assertThat(f.at("/outcomes/won/deals").asLong()).isEqualTo(2);
        assertThat(f.at("/outcomes/won/budget").decimalValue()).isEqualByComparingTo("600");
        assertThat(f.at("/outcomes/lost/deals").asLong()).isEqualTo(2);
        assertThat(f.at("/outcomes/moved_out/deals").asLong()).isEqualTo(1);
        assertThat(f.at("/outcomes/open/deals").asLong()).isEqualTo(4);
        assertThat(f.at("/outcomes/open/budget").decimalValue()).isEqualByComparingTo("3000");

        JsonNode stages = f.at("/_embedded/stages");
        assertThat(stages.size()).isEqualTo(5);
        assertStep(stages.get(0), a, 9, "4800", 2, 8.0 / 9, 2.0 / 9);
        assertStep(stages.get(1), b, 8, "3900", 2, 5.0 / 8, 2.0 / 8);
        assertStep(stages.get(2), c, 5, "2200", 2, 3.0 / 5, 2.0 / 5);
        assertStep(stages.get(3), d, 3, "1200", 2, 2.0 / 3, 2.0 / 3);
        assertThat(stages.get(4).get("status_id").asLong()).isEqualTo(142);
        assertThat(stages.get(4).get("deals").asLong()).isEqualTo(2);
        assertThat(stages.get(4).get("conversion_to_next").isNull()).isTrue();

        // both lost deals were lost from B: d2 with a reason, d6 without
        JsonNode losses = f.at("/_embedded/losses");
        assertThat(losses.size()).isEqualTo(1);
        assertThat(losses.get(0).get("status_id").asLong()).isEqualTo(b);
        assertThat(losses.get(0).get("deals").asLong()).isEqualTo(2);
        assertThat(losses.get(0).get("budget").decimalValue()).isEqualByComparingTo("800");
        JsonNode reasons = losses.get(0).get("reasons");
        assertThat(reasons.size()).isEqualTo(2);
        assertThat(reasons.findValuesAsString("name")).contains("Дорого");
        for (JsonNode r : reasons) {
            assertThat(r.get("deals").asLong()).isEqualTo(1);
            assertThat(r.get("budget").decimalValue()).isEqualByComparingTo(r.get("loss_reason_id").isNull() ? "600" : "200");
        }
    }

    @Test
    void aLossReasonChangedWithoutAMoveMovesTheDealToItsNewReason() {
        long competitor = api.post("/api/v4/leads/loss_reasons", List.of(Map.of("name", "Выбрали конкурента"))).json()
                .at("/_embedded/loss_reasons/0/id").asLong();
        long d2 = ids.get(1);
        long d6 = ids.get(5);
        // both stay in Lost: only the reasons change
        Response changed = api.patch("/api/v4/leads", List.of(Map.of("id", d2, "loss_reason_id", competitor),
                Map.of("id", d6, "loss_reason_id", reason)));
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(reasons()).containsExactlyInAnyOrderEntriesOf(Map.of(Long.toString(competitor), "200", Long.toString(reason), "600"));

        Map<String, Object> cleared = new java.util.HashMap<>();
        cleared.put("loss_reason_id", null);
        assertThat(api.patch("/api/v4/leads/" + d2, cleared).status()).isEqualTo(200);
        assertThat(reasons()).containsExactlyInAnyOrderEntriesOf(Map.of("none", "200", Long.toString(reason), "600"));

        // the deal's timeline tells each change
        JsonNode events = api.get("/api/v4/events?filter[entity]=lead&filter[entity_id]=" + d2 + "&filter[type]=loss_reason_changed")
                .json().at("/_embedded/events");
        assertThat(events.size()).isEqualTo(2);
        assertThat(events.findValues("value_after").stream().map(v -> v.at("/0/loss_reason/id").asLong(0)).toList())
                .containsExactlyInAnyOrder(competitor, 0L);
    }

    /** The loss reasons of the lost deals (all lost from B), by reason id ("none" without one), with their budget. */
    private Map<String, String> reasons() {
        JsonNode losses = funnel("reached").at("/_embedded/losses");
        assertThat(losses.size()).isEqualTo(1);
        Map<String, String> byReason = new java.util.HashMap<>();
        for (JsonNode r : losses.get(0).get("reasons")) {
            byReason.put(r.get("loss_reason_id").isNull() ? "none" : r.get("loss_reason_id").asString(),
                    r.get("budget").decimalValue().stripTrailingZeros().toPlainString());
        }
        return byReason;
    }

    @Test
    void visitedFunnelCountsOnlyTheStagesDealsStoodIn() {
        JsonNode stages = funnel("visited").at("/_embedded/stages");
        // conversion: the share of the stage's deals that got to a later stage (d9 in A, d2 d4 d11 in B, d3 d7 in C, d6 in D did not)
        assertStep(stages.get(0), a, 8, "4100", 2, 7.0 / 8, 2.0 / 8);
        assertStep(stages.get(1), b, 6, "3300", 0, 3.0 / 6, 0.0);
        assertStep(stages.get(2), c, 3, "1100", 1, 1.0 / 3, 1.0 / 3);
        assertStep(stages.get(3), d, 1, "600", 0, 0.0, 0.0);
        assertThat(stages.get(4).get("deals").asLong()).isEqualTo(2);
    }

    @Test
    void timeInStageSeparatesFinishedStaysMisdropsAndDealsStillThere() {
        Response r = api.get("/api/v4/analytics/stage_durations?pipeline_id=" + p + "&from=" + FROM + "&to=" + TO);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("misdrop_seconds").asLong()).isEqualTo(60);
        JsonNode s = r.json().at("/_embedded/stages");
        assertThat(s.size()).isEqualTo(4);
        // A: eight finished stays (six of an hour, two of two hours); d9 is still there; d7 skipped it
        assertStats(s.get(0).get("per_visit"), 8, 4500, 3600, 7200L);
        assertStats(s.get(0).get("cumulative"), 7, Math.round(36000.0 / 7), 3600, null);
        assertThat(s.get(0).at("/current/count").asLong()).isEqualTo(1);
        assertThat(s.get(0).get("skipped").asLong()).isEqualTo(1);
        // B: 7180, 7200, 7200, 14400, 18000, 21600; d2 stood there twice (7200 + 21600); d11 is still there
        assertStats(s.get(1).get("per_visit"), 6, Math.round(75580.0 / 6), 10800, 19800L);
        assertStats(s.get(1).get("cumulative"), 5, Math.round((28800 + 7200 + 14400 + 7180 + 18000) / 5.0), 14400, null);
        assertThat(s.get(1).at("/current/count").asLong()).isEqualTo(1);
        assertThat(s.get(1).get("skipped").asLong()).isEqualTo(2);
        assertThat(s.get(1).get("misdrops").asLong()).isZero();
        // C: one finished stay of three hours; d3 and d7 are still there
        assertStats(s.get(2).get("per_visit"), 1, 10800, 10800, 10800L);
        assertThat(s.get(2).at("/current/count").asLong()).isEqualTo(2);
        assertThat(s.get(2).get("skipped").asLong()).isEqualTo(2);
        // D: d6's twenty seconds are a mis-drop, not a stay
        assertThat(s.get(3).at("/per_visit/count").asLong()).isZero();
        assertThat(s.get(3).at("/per_visit/median").isNull()).isTrue();
        assertThat(s.get(3).get("misdrops").asLong()).isEqualTo(1);
        assertThat(s.get(3).at("/cumulative/count").asLong()).isZero();
        assertThat(s.get(3).get("skipped").asLong()).isEqualTo(2);

        // with the threshold at zero the twenty seconds are a stay
        JsonNode zero = api.get("/api/v4/analytics/stage_durations?pipeline_id=" + p + "&from=" + FROM + "&to=" + TO
                + "&misdrop_seconds=0").json().at("/_embedded/stages/3");
        assertStats(zero.get("per_visit"), 1, 20, 20, 20L);
        assertThat(zero.get("misdrops").asLong()).isZero();
    }

    @Test
    void filtersNarrowTheCohort() {
        JsonNode mine = api.get("/api/v4/analytics/funnel?pipeline_id=" + p + "&from=" + FROM + "&to=" + TO
                + "&filter[responsible_user_id][]=" + account.adminId()).json();
        assertThat(mine.at("/cohort/deals").asLong()).isEqualTo(9);
        JsonNode nobody = api.get("/api/v4/analytics/funnel?pipeline_id=" + p + "&from=" + FROM + "&to=" + TO
                + "&filter[responsible_user_id][]=" + (account.adminId() + 1000)).json();
        assertThat(nobody.at("/cohort/deals").asLong()).isZero();
        assertThat(nobody.at("/_embedded/stages/0/conversion_to_won").isNull()).isTrue();
        JsonNode department = api.get("/api/v4/analytics/funnel?pipeline_id=" + p + "&from=" + FROM + "&to=" + TO
                + "&filter[group_id]=0").json();
        assertThat(department.at("/cohort/deals").asLong()).isEqualTo(9);
        // the period: January 5th only holds them all; a later period none
        JsonNode later = api.get("/api/v4/analytics/funnel?pipeline_id=" + p + "&from=" + TO + "&to=" + (TO + 86400)).json();
        assertThat(later.at("/cohort/deals").asLong()).isZero();
        // Q: d7 was created there in December, d4 and d5 came in January (from a working stage and from Won)
        JsonNode other = api.get("/api/v4/analytics/funnel?pipeline_id=" + q + "&from=" + FROM + "&to=" + TO).json();
        assertThat(other.at("/cohort/deals").asLong()).isEqualTo(2);
        assertThat(other.at("/outcomes/open/deals").asLong()).isEqualTo(2);
    }

    @Test
    void badParametersAreRejectedWithTheirPath() {
        assertError(api.get("/api/v4/analytics/funnel?pipeline_id=" + p + "&model=best"), "model");
        assertError(api.get("/api/v4/analytics/funnel?pipeline_id=99999999"), "pipeline_id");
        assertError(api.get("/api/v4/analytics/funnel?pipeline_id=abc"), "pipeline_id");
        assertError(api.get("/api/v4/analytics/funnel?pipeline_id=" + p + "&from=" + TO + "&to=" + FROM), "from");
        assertError(api.get("/api/v4/analytics/stage_durations?pipeline_id=" + p + "&misdrop_seconds=-1"), "misdrop_seconds");
        assertError(api.get("/api/v4/analytics/snapshot?filter[tags][]=x"), "filter[tags]");
        // another account's pipeline does not exist here
        assertError(newAccount().api().get("/api/v4/analytics/stalled?pipeline_id=" + p), "pipeline_id");
    }

    @Test
    void lossesExportListsEachLostDealWithItsStageReasonAndBudget() {
        List<Funnel.LostDeal> lost = analytics.lostDeals(account.accountId(), ReportFilter.of(p, Instant.ofEpochSecond(FROM),
                Instant.ofEpochSecond(TO)), 100);
        // d2 lost from B with the reason, d6 lost from B without one; d3 was reopened from Lost and is not lost
        assertThat(lost).extracting(Funnel.LostDeal::name).containsExactly("d2 back and lost", "d6 mis-drop");
        assertThat(lost.get(0).budget()).isEqualByComparingTo("200");
        assertThat(lost.get(0).lostFrom().id()).isEqualTo(b);
        assertThat(lost.get(0).reason()).isEqualTo("Дорого");
        assertThat(lost.get(0).lostAt()).isEqualTo(T0.plusSeconds(h(10)));
        assertThat(lost.get(1).budget()).isEqualByComparingTo("600");
        assertThat(lost.get(1).lostFrom().id()).isEqualTo(b);
        assertThat(lost.get(1).reason()).isNull();
    }

    private JsonNode funnel(String model) {
        Response r = api.get("/api/v4/analytics/funnel?pipeline_id=" + p + "&from=" + FROM + "&to=" + TO + "&model=" + model);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("model").asString()).isEqualTo(model);
        return r.json();
    }

    private static void assertStep(JsonNode step, long status, long deals, String budget, long won, double toNext, double toWon) {
        assertThat(step.get("status_id").asLong()).isEqualTo(status);
        assertThat(step.get("deals").asLong()).as("deals in %s", step.get("name")).isEqualTo(deals);
        assertThat(step.get("budget").decimalValue()).as("budget in %s", step.get("name")).isEqualByComparingTo(budget);
        assertThat(step.get("won").asLong()).as("won from %s", step.get("name")).isEqualTo(won);
        assertThat(step.get("conversion_to_next").asDouble()).isCloseTo(toNext, within(0.0001));
        assertThat(step.get("conversion_to_won").asDouble()).isCloseTo(toWon, within(0.0001));
    }

    private static void assertStats(JsonNode stats, long count, long mean, long median, Long p90) {
        assertThat(stats.get("count").asLong()).isEqualTo(count);
        assertThat(stats.get("mean").asLong()).isEqualTo(mean);
        assertThat(stats.get("median").asLong()).isEqualTo(median);
        if (p90 != null) {
            assertThat(stats.get("p90").asLong()).isEqualTo(p90);
        }
    }

    private static void assertError(Response r, String path) {
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.text()).contains("\"" + path + "\"");
    }

    private ImportedDeal deal(String name, int price, Long lossReason, Move... moves) {
        return new ImportedDeal(name, new BigDecimal(price), account.adminId(), account.adminId(), lossReason, List.of(moves));
    }

    private Move m(long status, long secondsAfterT0) {
        return new Move(p, status, T0.plusSeconds(secondsAfterT0), account.adminId());
    }

    private static long h(int hours) {
        return Duration.ofHours(hours).toSeconds();
    }
}
