package org.voronka.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealMerge;
import org.voronka.deal.DealTrash;
import org.voronka.deal.DealUpdate;
import org.voronka.deal.MergeRequest;
import org.voronka.analytics.internal.ForecastSql;
import org.voronka.analytics.internal.StayLengths;
import org.voronka.demo.DemoData;
import org.voronka.pipeline.StageChange;
import org.voronka.shared.Actor;
import org.voronka.shared.DeltaFold;
import org.voronka.shared.Source;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.support.ApiTest;

/**
 * Over a generated year of selling (thousands of deals with skips, moves back, mis-drops,
 * transfers, losses; some deleted, two merged) the funnel and the time in stage equal a plain
 * recomputation from the raw history rows, written here without SQL aggregation.
 */
class HistoryCrossCheckTests extends ApiTest {

    static final Instant UNTIL = Instant.parse("2026-03-02T12:00:00Z");
    static final long MISDROP = 60;

    @Autowired
    DemoData demo;

    @Autowired
    SalesAnalytics analytics;

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DealManagement dealManagement;

    @Autowired
    DealTrash trash;

    @Autowired
    DealMerge merges;

    @Autowired
    StayLengths stayLengths;

    @Autowired
    ForecastSql forecastSql;

    @Autowired
    SalesForecast forecasts;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    record Row(long id, long dealId, Long fromPipeline, Long fromStatus, long toPipeline, long toStatus, Instant at) {}

    record DealRow(long id, BigDecimal price, long pipelineId, long responsible, long group, Long lossReason) {}

    @Test
    void reportsEqualARecomputationFromTheRawHistory() {
        var account = newAccount();
        // H2 evaluates the reports' common table expressions once per outer row, so it gets a smaller history
        int size = org.voronka.support.TestDatabase.POSTGRES ? 1200 : 600;
        demo.generate(account.admin(), 7, size, UNTIL, 1000);
        long a = account.accountId();
        List<Long> someDeals = jdbc.queryForList("select id from deals where account_id = ? order by id", Long.class, a);
        for (int i = 0; i < 40; i++) {
            account.api().delete("/api/v4/leads/" + someDeals.get(i * (size / 60)));
        }
        assertThat(account.api().post("/api/v4/leads/merge", Map.of("id", someDeals.get(5), "merge_ids", List.of(someDeals.get(6))))
                .status()).isEqualTo(200);

        Map<Long, List<Row>> history = new HashMap<>();
        jdbc.query("select * from stage_transitions where account_id = ? and merged_into is null order by deal_id, id", rs -> {
            history.computeIfAbsent(rs.getLong("deal_id"), k -> new ArrayList<>()).add(new Row(rs.getLong("id"), rs.getLong("deal_id"),
                    rs.getObject("from_pipeline_id", Long.class), rs.getObject("from_status_id", Long.class), rs.getLong("to_pipeline_id"),
                    rs.getLong("to_status_id"), rs.getObject("moved_at", java.time.OffsetDateTime.class).toInstant()));
        }, a);
        Map<Long, DealRow> deals = new HashMap<>();
        jdbc.query("select * from deals where account_id = ? and is_deleted = false", rs -> {
            deals.put(rs.getLong("id"), new DealRow(rs.getLong("id"), rs.getBigDecimal("price"), rs.getLong("pipeline_id"),
                    rs.getLong("responsible_user_id"), rs.getLong("group_id"), rs.getObject("loss_reason_id", Long.class)));
        }, a);
        long someUser = deals.values().iterator().next().responsible();

        int compared = 0;
        for (Pipeline p : pipelines.pipelines(a)) {
            for (Duration span : List.of(Duration.ofDays(365), Duration.ofDays(90))) {
                for (List<Long> users : List.of(List.<Long>of(), List.of(someUser))) {
                    ReportFilter filter = new ReportFilter(p.id(), UNTIL.minus(span), UNTIL, users, List.of(), List.of(), List.of());
                    Expected expected = recompute(p, filter, history, deals);
                    if (expected.cohort.isEmpty()) {
                        continue;
                    }
                    compared++;
                    compareFunnel(p, filter, expected);
                    compareDurations(p, filter, expected);
                }
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(6);
        assertThat(compareForecasts(a, history, deals)).isGreaterThanOrEqualTo(2);
    }

    /**
     * The projection the reports read (ADR 20) equals a recomputation from the raw history after
     * random moves (across pipelines, into Won and Lost and back), budget and responsible changes,
     * deletes, restores, merges and an undone merge, a stage put in another place and a stage
     * deleted; and the reports still equal the recomputation from the raw rows.
     */
    @Test
    void projectionFollowsEveryChangeExactly() {
        var account = newAccount();
        demo.generate(account.admin(), 11, org.voronka.support.TestDatabase.POSTGRES ? 600 : 300, UNTIL, 1000);
        long a = account.accountId();
        Actor actor = account.admin();
        Random random = new Random(3);
        List<Long> responsibles = jdbc.queryForList("select distinct responsible_user_id from deals where account_id = ? order by 1",
                Long.class, a);
        for (int round = 0; round < 5; round++) {
            List<Pipeline> all = pipelines.pipelines(a);
            List<Long> live = jdbc.queryForList("select id from deals where account_id = ? and is_deleted = false order by id", Long.class, a);
            Set<Long> picked = new TreeSet<>();
            while (picked.size() < 40) {
                picked.add(live.get(random.nextInt(live.size())));
            }
            List<DealUpdate> changes = new ArrayList<>();
            for (long id : picked) {
                Pipeline p = all.get(random.nextInt(all.size()));
                Stage to = p.stages().get(random.nextInt(p.stages().size()));
                int kind = random.nextInt(4);
                changes.add(new DealUpdate("0", id, null, kind == 1 ? BigDecimal.valueOf(random.nextInt(90_000)) : null,
                        kind == 1 ? null : p.id(), kind == 1 ? null : to.id(),
                        kind == 2 ? responsibles.get(random.nextInt(responsibles.size())) : null, null, false, null, null, null, null, null));
            }
            dealManagement.update(actor, changes, Source.API);
            moveWithinPipelines(a, actor, random);
            List<Long> gone = new ArrayList<>(picked).subList(0, 6);
            trash.delete(actor, gone, Source.API);
            trash.restore(actor, gone.subList(0, 3), Source.API);
            List<Long> rest = new ArrayList<>(picked).subList(10, 14);
            var merged = merges.merge(actor, new MergeRequest(rest.get(0), List.of(rest.get(1)), null, null, null, null, null, null),
                    Source.API);
            if (round % 2 == 0) {
                merges.undo(actor, merged.mergeId(), Source.API);
            }
        }
        Pipeline first = pipelines.pipelines(a).get(0);
        List<Stage> working = first.stages().stream().filter(Stage::isWorking).toList();
        pipelines.updateStage(actor, first.id(), working.get(2).id(), new StageChange(null, 15, null));
        pipelines.deleteStage(actor, first.id(), working.get(1).id());

        Map<Long, List<Row>> history = history(a);
        Map<Long, DealRow> deals = deals(a);
        assertThat(actualEntries(a)).isEqualTo(expectedEntries(a, history, deals));
        assertThat(actualStays(a)).isEqualTo(expectedStays(a, history, deals));
        assertThat(actualStageTotals(a)).isEqualTo(expectedStageTotals(a, history, deals));
        histogramsEqualTheirRecomputation(a);
        assertThat(compareForecasts(a, history, deals)).isGreaterThanOrEqualTo(2);
        while (tx.execute(status -> stayLengths.fold()) > 0) {
            // the job's work, done here at once: folding keeps the histogram as it is
        }
        for (DeltaFold h : StayLengths.HISTOGRAMS) {
            assertThat(jdbc.queryForObject("select count(*) from " + h.deltas(), Long.class)).as(h.deltas()).isZero();
        }
        histogramsEqualTheirRecomputation(a);
        assertThat(compareForecasts(a, history, deals)).isGreaterThanOrEqualTo(2);

        Instant to = Instant.now().plus(Duration.ofDays(1));
        int compared = 0;
        for (Pipeline p : pipelines.pipelines(a)) {
            ReportFilter filter = ReportFilter.of(p.id(), UNTIL.minus(Duration.ofDays(365)), to);
            Expected expected = recompute(p, filter, history, deals);
            if (!expected.cohort.isEmpty()) {
                compared++;
                compareFunnel(p, filter, expected);
                compareDurations(p, filter, expected);
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(2);
    }

    /**
     * Three rounds of moves of 30 deals each within their own pipeline, into any stage (Won and
     * Lost too, and out of them again), some with a new budget, as the board and mass actions do:
     * the projection applies these as changes to its rows, not by reading the history again.
     */
    private void moveWithinPipelines(long a, Actor actor, Random random) {
        Map<Long, Pipeline> byId = new HashMap<>();
        for (Pipeline p : pipelines.pipelines(a)) {
            byId.put(p.id(), p);
        }
        for (int step = 0; step < 3; step++) {
            List<Map<String, Object>> live = jdbc.queryForList(
                    "select id, pipeline_id from deals where account_id = ? and is_deleted = false order by id", a);
            Set<Integer> picked = new TreeSet<>();
            while (picked.size() < 30) {
                picked.add(random.nextInt(live.size()));
            }
            List<DealUpdate> changes = new ArrayList<>();
            for (int i : picked) {
                long id = ((Number) live.get(i).get("id")).longValue();
                Pipeline p = byId.get(((Number) live.get(i).get("pipeline_id")).longValue());
                Stage to = p.stages().get(random.nextInt(p.stages().size()));
                BigDecimal price = random.nextInt(3) == 0 ? BigDecimal.valueOf(random.nextInt(90_000)) : null;
                changes.add(new DealUpdate("0", id, null, price, null, to.id(), null, null, false, null, null, null, null, null));
            }
            dealManagement.update(actor, changes, Source.API);
        }
    }

    private Map<Long, List<Row>> history(long a) {
        Map<Long, List<Row>> history = new HashMap<>();
        jdbc.query("select * from stage_transitions where account_id = ? and merged_into is null order by deal_id, id", rs -> {
            history.computeIfAbsent(rs.getLong("deal_id"), k -> new ArrayList<>()).add(new Row(rs.getLong("id"), rs.getLong("deal_id"),
                    rs.getObject("from_pipeline_id", Long.class), rs.getObject("from_status_id", Long.class), rs.getLong("to_pipeline_id"),
                    rs.getLong("to_status_id"), rs.getObject("moved_at", java.time.OffsetDateTime.class).toInstant()));
        }, a);
        return history;
    }

    private Map<Long, DealRow> deals(long a) {
        Map<Long, DealRow> deals = new HashMap<>();
        jdbc.query("select * from deals where account_id = ? and is_deleted = false", rs -> {
            deals.put(rs.getLong("id"), new DealRow(rs.getLong("id"), rs.getBigDecimal("price"), rs.getLong("pipeline_id"),
                    rs.getLong("responsible_user_id"), rs.getLong("group_id"), rs.getObject("loss_reason_id", Long.class)));
        }, a);
        return deals;
    }

    private Set<String> actualEntries(long a) {
        Set<String> rows = new TreeSet<>();
        jdbc.query("select * from analytics_entries where account_id = ?", rs -> {
            rows.add(String.join("|", "" + rs.getLong("entry_id"), "" + rs.getLong("deal_id"), "" + rs.getLong("pipeline_id"),
                    "" + at(rs.getObject("entered_at")), "" + at(rs.getObject("prev_entered_at")),
                    rs.getBigDecimal("price").stripTrailingZeros().toPlainString(), "" + rs.getLong("responsible_user_id"),
                    "" + rs.getLong("group_id"), "" + rs.getObject("loss_reason_id"), "" + rs.getObject("furthest_sort"),
                    rs.getString("outcome"), "" + rs.getObject("lost_from"), "" + rs.getLong("last_id"), "" + at(rs.getObject("last_at"))));
        }, a);
        return rows;
    }

    private Set<String> actualStays(long a) {
        Set<String> rows = new TreeSet<>();
        jdbc.query("select * from analytics_stays where account_id = ?", rs -> {
            rows.add(String.join("|", "" + rs.getLong("entry_id"), "" + rs.getLong("transition_id"), "" + rs.getLong("deal_id"),
                    "" + rs.getLong("pipeline_id"), "" + at(rs.getObject("entered_at")), "" + rs.getLong("status_id"),
                    "" + at(rs.getObject("stay_start")), "" + at(rs.getObject("stay_end")), "" + rs.getBoolean("first_visit"),
                    "" + rs.getLong("responsible_user_id")));
        }, a);
        return rows;
    }

    /** Each deal's total counted time in a stage it has left (on its first visit's row), to the millisecond. */
    private Set<String> actualStageTotals(long a) {
        Set<String> rows = new TreeSet<>();
        jdbc.query("select * from analytics_stays where account_id = ? and total_seconds is not null", rs -> {
            rows.add(rs.getLong("entry_id") + "|" + rs.getLong("status_id") + "|" + Math.round(rs.getDouble("total_seconds") * 1000));
        }, a);
        return rows;
    }

    private Set<String> expectedStageTotals(long a, Map<Long, List<Row>> history, Map<Long, DealRow> deals) {
        Set<String> rows = new TreeSet<>();
        for (Entry e : entries(a, history, deals)) {
            List<Row> all = history.get(e.deal().id());
            Map<Long, Double> counted = new HashMap<>();
            Set<Long> stillThere = new HashSet<>();
            for (int j = all.indexOf(e.row()); j < all.size(); j++) {
                Row m = all.get(j);
                if (m.toPipeline() != e.row().toPipeline() || m.toStatus() == Stage.WON || m.toStatus() == Stage.LOST) {
                    continue;
                }
                if (j + 1 == all.size()) {
                    stillThere.add(m.toStatus());
                } else {
                    double seconds = Duration.between(m.at(), all.get(j + 1).at()).toNanos() / 1e9;
                    if (seconds >= MISDROP) {
                        counted.merge(m.toStatus(), seconds, Double::sum);
                    }
                }
            }
            counted.forEach((status, total) -> {
                if (!stillThere.contains(status)) {
                    rows.add(e.row().id() + "|" + status + "|" + Math.round(total * 1000));
                }
            });
        }
        return rows;
    }

    /**
     * Each analytics histogram as the projection keeps it (folded totals plus deltas, without empty
     * rows) equals the same computed from the stays and entries at once, as the migration that
     * introduced them does; sums to the millisecond and the kopeck. The activity rollup likewise
     * equals its recomputation from the tasks, notes and deals.
     */
    private void histogramsEqualTheirRecomputation(long a) {
        Map<String, String> recomputed = Map.of(
                "analytics_stay_lengths", """
                select pipeline_id, entered_day, status_id, measure, bucket, count(*) as stays, sum(len) as total from (
                  select pipeline_id, cast(floor(cast(extract(epoch from entered_at) as double precision) / 86400) as int) as entered_day,
                         status_id, case when seconds < 60 then 'm' else 'f' end as measure,
                         case when seconds < 60 then 0 else cast(floor(4.5 * ln(1 + seconds)) as int) end as bucket,
                         cast(seconds as numeric(30, 6)) as len
                  from analytics_stays where account_id = ? and prev_entered_at is null and seconds is not null
                  union all
                  select pipeline_id, cast(floor(cast(extract(epoch from entered_at) as double precision) / 86400) as int), status_id,
                         'c', cast(floor(4.5 * ln(1 + total_seconds)) as int), cast(total_seconds as numeric(30, 6))
                  from analytics_stays where account_id = ? and prev_entered_at is null and total_seconds is not null
                  union all
                  select pipeline_id, cast(floor(cast(extract(epoch from entered_at) as double precision) / 86400) as int), status_id,
                         'o', cast(floor(cast(extract(epoch from stay_start) as double precision) / 86400) as int),
                         cast(cast(extract(epoch from stay_start) as double precision) as numeric(30, 6))
                  from analytics_stays where account_id = ? and prev_entered_at is null and stay_end is null) h
                group by pipeline_id, entered_day, status_id, measure, bucket
                """,
                "analytics_stage_visits", """
                select st.pipeline_id, cast(floor(cast(extract(epoch from st.entered_at) as double precision) / 86400) as int) as entered_day,
                       st.status_id, e.outcome, coalesce(e.furthest_sort, -1) as furthest_sort, count(*) as deals, sum(e.price) as budget
                from analytics_stays st join analytics_entries e on e.account_id = st.account_id and e.entry_id = st.entry_id
                where st.account_id = ? and st.first_visit = true and st.prev_entered_at is null
                group by st.pipeline_id, cast(floor(cast(extract(epoch from st.entered_at) as double precision) / 86400) as int),
                         st.status_id, e.outcome, coalesce(e.furthest_sort, -1)
                """,
                "analytics_entry_outcomes", """
                select pipeline_id, entered_day, furthest_sort, outcome, lost_from, loss_reason_id, count(*) as deals, sum(price) as budget
                from (select pipeline_id, cast(floor(cast(extract(epoch from entered_at) as double precision) / 86400) as int) as entered_day,
                             coalesce(furthest_sort, -1) as furthest_sort, outcome, coalesce(lost_from, -1) as lost_from,
                             coalesce(loss_reason_id, -1) as loss_reason_id, price
                      from analytics_entries where account_id = ? and prev_entered_at is null) e
                group by pipeline_id, entered_day, furthest_sort, outcome, lost_from, loss_reason_id
                """,
                // per first visit of a won entry: the next lower stage stood in and the earliest first visit at or above, by subqueries
                "analytics_won_durations", """
                select pipeline_id, won_day, upto, below, days, count(*) as deals, sum(price) as budget from (
                  select e.pipeline_id, cast(floor(cast(extract(epoch from e.last_at) as double precision) / 86400) as int) as won_day,
                         e.price, s.sort as upto,
                         coalesce((select max(s2.sort) from analytics_stays v2
                                   join statuses s2 on s2.account_id = v2.account_id and s2.pipeline_id = e.pipeline_id and s2.id = v2.status_id
                                   where v2.account_id = e.account_id and v2.entry_id = e.entry_id and v2.first_visit = true
                                     and s2.sort < s.sort), -2147483648) as below,
                         floor((extract(epoch from e.last_at) - extract(epoch from (
                                  select min(v3.stay_start) from analytics_stays v3
                                  join statuses s3 on s3.account_id = v3.account_id and s3.pipeline_id = e.pipeline_id and s3.id = v3.status_id
                                  where v3.account_id = e.account_id and v3.entry_id = e.entry_id and v3.first_visit = true
                                    and s3.sort >= s.sort))) / 86400) as days
                  from analytics_entries e
                  join analytics_stays v on v.account_id = e.account_id and v.entry_id = e.entry_id and v.first_visit = true
                  join statuses s on s.account_id = e.account_id and s.pipeline_id = e.pipeline_id and s.id = v.status_id
                  where e.account_id = ? and e.outcome = 'won' and e.prev_entered_at is null
                  union all
                  select e.pipeline_id, cast(floor(cast(extract(epoch from e.last_at) as double precision) / 86400) as int), e.price,
                         2147483647,
                         coalesce((select max(s2.sort) from analytics_stays v2
                                   join statuses s2 on s2.account_id = v2.account_id and s2.pipeline_id = e.pipeline_id and s2.id = v2.status_id
                                   where v2.account_id = e.account_id and v2.entry_id = e.entry_id and v2.first_visit = true), -2147483648),
                         0
                  from analytics_entries e
                  where e.account_id = ? and e.outcome = 'won' and e.prev_entered_at is null) w
                group by pipeline_id, won_day, upto, below, days
                """,
                "analytics_activity", ActivityRollupTests.RECOMPUTED);
        for (DeltaFold h : StayLengths.HISTOGRAMS) {
            List<String> keys = h.keys().subList(1, h.keys().size()); // all but the account
            String kept = "select " + String.join(", ", keys) + ", "
                    + h.sums().stream().map(c -> "sum(" + c + ") as " + c).collect(java.util.stream.Collectors.joining(", "))
                    + " from (" + h.rows("h.account_id = " + a) + ") x group by " + String.join(", ", keys)
                    + " having " + h.sums().stream().map(c -> "sum(" + c + ") <> 0").collect(java.util.stream.Collectors.joining(" or "));
            String sql = recomputed.get(h.totals());
            assertThat(rows(kept)).as(h.totals()).isEqualTo(rows(sql.replace("?", "" + a)));
        }
    }

    /**
     * The forecast's won durations of each pipeline, from the histogram (whole pipeline) and from
     * the won deals (a filter by every responsible user takes that path), equal a recomputation
     * from the raw history, for a window ending in the generated history and one ending now; and
     * the whole forecast made both ways at those times is the same, to the last digit. Returns how
     * many windows had won deals.
     */
    private int compareForecasts(long a, Map<Long, List<Row>> history, Map<Long, DealRow> deals) {
        List<Long> everyone = jdbc.queryForList("select distinct responsible_user_id from deals where account_id = ?", Long.class, a);
        Instant now = Instant.now();
        int compared = 0;
        for (Pipeline p : pipelines.pipelines(a)) {
            for (Instant until : List.of(UNTIL, now)) {
                Instant since = until.minus(Duration.ofDays(SalesForecast.WINDOW_DAYS));
                ReportFilter whole = ReportFilter.of(p.id(), since, until);
                ReportFilter all = new ReportFilter(p.id(), since, until, everyone, List.of(), List.of(), List.of());
                Map<String, Long> expected = wonDurations(p, since, until, history, deals);
                String where = p.name() + " until " + until;
                assertThat(durations(tx.execute(s -> forecastSql.durations(a, whole, since, until)))).as(where).isEqualTo(expected);
                assertThat(durations(tx.execute(s -> forecastSql.durations(a, all, since, until)))).as(where).isEqualTo(expected);
                Forecast viaHistograms = tx.execute(s -> forecasts.make(a, whole, until, SalesForecast.DEFAULT_SEED));
                Forecast viaStatements = tx.execute(s -> forecasts.make(a, all, until, SalesForecast.DEFAULT_SEED));
                assertThat(viaHistograms).as(where).isEqualTo(viaStatements);
                compared += expected.isEmpty() ? 0 : 1;
            }
        }
        return compared;
    }

    private static Map<String, Long> durations(List<ForecastSql.DurationRow> rows) {
        Map<String, Long> out = new TreeMap<>();
        rows.forEach(r -> out.merge(r.statusId() + "|" + r.days(), r.deals(), Long::sum));
        return out;
    }

    /**
     * Per open stage and whole days from first reaching it to Won, the deals whose first entry into
     * the pipeline ends in Won in [since, until): reaching a stage is the first move into it or a
     * later stage from that entry on (0 days when there is none), by the stages' order now.
     */
    private static Map<String, Long> wonDurations(Pipeline p, Instant since, Instant until, Map<Long, List<Row>> history,
                                                  Map<Long, DealRow> deals) {
        Map<String, Long> out = new TreeMap<>();
        for (DealRow deal : deals.values()) {
            List<Row> rows = history.getOrDefault(deal.id(), List.of());
            Row last = null;
            Map<Long, Instant> firstVisits = new HashMap<>();
            for (Row r : rows) {
                boolean entersPipeline = r.toPipeline() == p.id() && (r.fromPipeline() == null || r.fromPipeline() != p.id());
                if (r.toPipeline() != p.id() || (last == null && !entersPipeline)) {
                    continue;
                }
                last = r;
                if (r.toStatus() != Stage.WON && r.toStatus() != Stage.LOST) {
                    firstVisits.putIfAbsent(r.toStatus(), r.at());
                }
            }
            if (last == null || last.toStatus() != Stage.WON || last.at().isBefore(since) || !last.at().isBefore(until)) {
                continue;
            }
            for (Stage s : p.stages()) {
                if (s.isClosed()) {
                    continue;
                }
                Instant reached = null;
                for (Map.Entry<Long, Instant> v : firstVisits.entrySet()) {
                    boolean atOrBeyond = p.stage(v.getKey()).map(stood -> stood.sort() >= s.sort()).orElse(false);
                    if (atOrBeyond && (reached == null || v.getValue().isBefore(reached))) {
                        reached = v.getValue();
                    }
                }
                long days = reached == null ? 0 : Math.floorDiv(Duration.between(reached, last.at()).toNanos(), 86_400_000_000_000L);
                out.merge(s.id() + "|" + days, 1L, Long::sum);
            }
        }
        return out;
    }

    /** Rows as text, every number to three decimal places (a sum of counts is a decimal on PostgreSQL). */
    private Set<String> rows(String sql) {
        Set<String> rows = new TreeSet<>();
        jdbc.query(sql, rs -> {
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                Object v = rs.getObject(i);
                values.add(v instanceof Number n ? new BigDecimal(n.toString()).setScale(3, java.math.RoundingMode.HALF_UP).toPlainString()
                        : String.valueOf(v).trim());
            }
            rows.add(String.join("|", values));
        });
        return rows;
    }

    private static Instant at(Object v) {
        return org.voronka.shared.Times.instant(v); // H2 and PostgreSQL return different types
    }

    /** One entry into a pipeline of a deal, and what the deal did there from that entry on, from the raw rows. */
    private record Entry(Row row, Row previous, Integer furthest, Row last, Row lost, DealRow deal) {

        String outcome() {
            return last.toStatus() == Stage.WON ? "won" : last.toStatus() == Stage.LOST ? "lost"
                    : deal.pipelineId() != row.toPipeline() ? "moved_out" : "open";
        }
    }

    private List<Entry> entries(long a, Map<Long, List<Row>> history, Map<Long, DealRow> deals) {
        Map<Long, Pipeline> byId = new HashMap<>();
        for (Pipeline p : pipelines.pipelines(a)) {
            byId.put(p.id(), p);
        }
        List<Entry> entries = new ArrayList<>();
        for (DealRow deal : deals.values()) {
            List<Row> rows = history.getOrDefault(deal.id(), List.of());
            Map<Long, Row> previous = new HashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                if (r.fromPipeline() != null && r.fromPipeline() == r.toPipeline()) {
                    continue;
                }
                Integer furthest = null;
                Row last = null;
                Row lost = null;
                for (int j = i; j < rows.size(); j++) {
                    Row m = rows.get(j);
                    if (m.toPipeline() != r.toPipeline()) {
                        continue;
                    }
                    last = m;
                    if (m.toStatus() == Stage.LOST) {
                        lost = m;
                    } else if (byId.containsKey(m.toPipeline()) && byId.get(m.toPipeline()).stage(m.toStatus()).isPresent()) {
                        int sort = byId.get(m.toPipeline()).stage(m.toStatus()).get().sort();
                        furthest = furthest == null ? sort : Math.max(furthest, sort);
                    }
                }
                entries.add(new Entry(r, previous.get(r.toPipeline()), furthest, last, lost, deal));
                previous.put(r.toPipeline(), r);
            }
        }
        return entries;
    }

    private Set<String> expectedEntries(long a, Map<Long, List<Row>> history, Map<Long, DealRow> deals) {
        Set<String> rows = new TreeSet<>();
        for (Entry e : entries(a, history, deals)) {
            Long lostFrom = e.lost() != null && e.lost().fromPipeline() != null && e.lost().fromPipeline() == e.row().toPipeline()
                    ? e.lost().fromStatus() : null;
            rows.add(String.join("|", "" + e.row().id(), "" + e.deal().id(), "" + e.row().toPipeline(), "" + e.row().at(),
                    "" + (e.previous() == null ? null : e.previous().at()), e.deal().price().stripTrailingZeros().toPlainString(),
                    "" + e.deal().responsible(), "" + e.deal().group(), "" + e.deal().lossReason(), "" + e.furthest(), e.outcome(),
                    "" + lostFrom, "" + e.last().id(), "" + e.last().at()));
        }
        return rows;
    }

    private Set<String> expectedStays(long a, Map<Long, List<Row>> history, Map<Long, DealRow> deals) {
        Set<String> rows = new TreeSet<>();
        for (Entry e : entries(a, history, deals)) {
            List<Row> all = history.get(e.deal().id());
            Set<Long> seen = new HashSet<>();
            for (int j = all.indexOf(e.row()); j < all.size(); j++) {
                Row m = all.get(j);
                if (m.toPipeline() != e.row().toPipeline() || m.toStatus() == Stage.WON || m.toStatus() == Stage.LOST) {
                    continue;
                }
                Instant end = j + 1 < all.size() ? all.get(j + 1).at() : null;
                rows.add(String.join("|", "" + e.row().id(), "" + m.id(), "" + e.deal().id(), "" + m.toPipeline(), "" + e.row().at(),
                        "" + m.toStatus(), "" + m.at(), "" + end, "" + seen.add(m.toStatus()), "" + e.deal().responsible()));
            }
        }
        return rows;
    }

    private void compareFunnel(Pipeline p, ReportFilter filter, Expected e) {
        Funnel reached = analytics.funnel(p.accountId(), filter, FunnelModel.REACHED);
        Funnel visited = analytics.funnel(p.accountId(), filter, FunnelModel.VISITED);
        String where = p.name() + " " + filter;
        assertThat(reached.cohort().deals()).as(where).isEqualTo(e.cohort.size());
        assertThat(reached.cohort().budget()).as(where).isEqualByComparingTo(sum(e.cohort, e));
        for (Outcome o : Outcome.values()) {
            Set<Long> ids = new HashSet<>();
            e.outcome.forEach((deal, out) -> {
                if (out == o) {
                    ids.add(deal);
                }
            });
            assertThat(reached.outcomes().get(o).deals()).as(where + " " + o).isEqualTo(ids.size());
            assertThat(reached.outcomes().get(o).budget()).as(where + " " + o).isEqualByComparingTo(sum(ids, e));
        }
        for (Funnel.Step step : reached.steps()) {
            Stage s = step.stage();
            Set<Long> counted = new HashSet<>();
            for (long deal : e.cohort) {
                boolean in = s.isWon() ? e.outcome.get(deal) == Outcome.WON
                        : s.isUnsorted() ? e.visited.get(deal).contains(s.id())
                        : e.furthest.get(deal) != null && e.furthest.get(deal) >= s.sort();
                if (in) {
                    counted.add(deal);
                }
            }
            assertThat(step.amount().deals()).as(where + " reached " + s.name()).isEqualTo(counted.size());
            assertThat(step.amount().budget()).as(where + " reached " + s.name()).isEqualByComparingTo(sum(counted, e));
            assertThat(step.won()).isEqualTo(counted.stream().filter(d -> e.outcome.get(d) == Outcome.WON).count());
        }
        for (Funnel.Step step : visited.steps()) {
            Stage s = step.stage();
            Set<Long> counted = new HashSet<>();
            for (long deal : e.cohort) {
                if (s.isWon() ? e.outcome.get(deal) == Outcome.WON : e.visited.get(deal).contains(s.id())) {
                    counted.add(deal);
                }
            }
            assertThat(step.amount().deals()).as(where + " visited " + s.name()).isEqualTo(counted.size());
            assertThat(step.amount().budget()).isEqualByComparingTo(sum(counted, e));
        }
        Map<Long, Long> lostFrom = new TreeMap<>();
        e.cohort.stream().filter(d -> e.outcome.get(d) == Outcome.LOST)
                .forEach(d -> lostFrom.merge(e.lostFrom.getOrDefault(d, 0L), 1L, Long::sum));
        Map<Long, Long> reported = new TreeMap<>();
        reached.losses().forEach(l -> reported.put(l.stage() == null ? 0L : l.stage().id(), l.amount().deals()));
        assertThat(reported).as(where + " losses").isEqualTo(lostFrom);
    }

    private void compareDurations(Pipeline p, ReportFilter filter, Expected e) {
        StageDurations d = analytics.stageDurations(p.accountId(), filter, MISDROP);
        if (!filter.filtersDeals()) {
            compareWithAllStays(p, filter, d);
        }
        for (StageDurations.StageTime t : d.stages()) {
            String where = p.name() + " " + filter + " " + t.stage().name();
            long id = t.stage().id();
            List<Double> finished = new ArrayList<>();
            long misdrops = 0;
            long open = 0;
            Map<Long, Double> perDeal = new HashMap<>();
            Set<Long> stillThere = new HashSet<>();
            for (Stay s : e.stays) {
                if (s.status != id) {
                    continue;
                }
                if (s.seconds == null) {
                    open++;
                    stillThere.add(s.deal);
                } else if (s.seconds < MISDROP) {
                    misdrops++;
                    perDeal.putIfAbsent(s.deal, null);
                } else {
                    finished.add(s.seconds);
                    perDeal.merge(s.deal, s.seconds, (x, y) -> x == null ? y : x + y);
                }
            }
            List<Double> cumulative = new ArrayList<>();
            perDeal.forEach((deal, total) -> {
                if (total != null && !stillThere.contains(deal)) {
                    cumulative.add(total);
                }
            });
            assertThat(t.perVisit().count()).as(where).isEqualTo(finished.size());
            assertThat(t.misdrops()).as(where).isEqualTo(misdrops);
            assertThat(t.current().count()).as(where).isEqualTo(open);
            assertThat(t.cumulative().count()).as(where).isEqualTo(cumulative.size());
            if (!finished.isEmpty()) {
                assertThat(t.perVisit().mean()).as(where).isCloseTo(mean(finished), within(0.01));
                assertThat(t.perVisit().median()).as(where).isCloseTo(percentile(finished, 0.5), within(0.01));
                assertThat(t.perVisit().p90()).as(where).isCloseTo(percentile(finished, 0.9), within(0.01));
            }
            if (!cumulative.isEmpty()) {
                assertThat(t.cumulative().median()).as(where).isCloseTo(percentile(cumulative, 0.5), within(0.01));
            }
            if (t.stage().isWorking()) {
                long reached = e.cohort.stream().filter(deal -> e.furthest.get(deal) != null && e.furthest.get(deal) >= t.stage().sort())
                        .count();
                long stood = e.cohort.stream().filter(deal -> e.visited.get(deal).contains(id)).count();
                assertThat(t.skipped()).as(where).isEqualTo(reached - stood);
            }
        }
    }

    /**
     * The whole pipeline's report (from the histogram of stay lengths) equals the same cohort's
     * read from all its stays: a filter by every responsible user takes that path.
     */
    private void compareWithAllStays(Pipeline p, ReportFilter filter, StageDurations fromHistogram) {
        List<Long> everyone = jdbc.queryForList("select distinct responsible_user_id from deals where account_id = ?", Long.class,
                p.accountId());
        ReportFilter all = new ReportFilter(filter.pipelineId(), filter.from(), filter.to(), everyone, List.of(), List.of(), List.of());
        StageDurations fromStays = analytics.stageDurations(p.accountId(), all, MISDROP);
        assertThat(fromHistogram.stages()).hasSameSizeAs(fromStays.stages());
        for (int i = 0; i < fromStays.stages().size(); i++) {
            StageDurations.StageTime h = fromHistogram.stages().get(i);
            StageDurations.StageTime s = fromStays.stages().get(i);
            String where = p.name() + " " + filter + " " + s.stage().name();
            assertThat(h.misdrops()).as(where).isEqualTo(s.misdrops());
            assertThat(h.skipped()).as(where).isEqualTo(s.skipped());
            sameStats(where + " per visit", h.perVisit(), s.perVisit(), 0.01);
            sameStats(where + " cumulative", h.cumulative(), s.cumulative(), 0.01);
            sameStats(where + " current", h.current(), s.current(), 60); // the two reports ran a moment apart
        }
    }

    private static void sameStats(String where, StageDurations.Stats a, StageDurations.Stats b, double tolerance) {
        assertThat(a.count()).as(where).isEqualTo(b.count());
        for (var v : List.of(List.of(a.mean() == null ? -1 : a.mean(), b.mean() == null ? -1 : b.mean()),
                List.of(a.median() == null ? -1 : a.median(), b.median() == null ? -1 : b.median()),
                List.of(a.p90() == null ? -1 : a.p90(), b.p90() == null ? -1 : b.p90()),
                List.of(a.max() == null ? -1 : a.max(), b.max() == null ? -1 : b.max()))) {
            assertThat(v.get(0).doubleValue()).as(where).isCloseTo(v.get(1).doubleValue(), within(tolerance));
        }
    }

    record Stay(long deal, long status, Double seconds) {}

    static final class Expected {
        final Set<Long> cohort = new HashSet<>();
        final Map<Long, Outcome> outcome = new HashMap<>();
        final Map<Long, Integer> furthest = new HashMap<>();
        final Map<Long, Set<Long>> visited = new HashMap<>();
        final Map<Long, Long> lostFrom = new HashMap<>();
        final Map<Long, BigDecimal> price = new HashMap<>();
        final List<Stay> stays = new ArrayList<>();
    }

    /** The definitions, applied deal by deal to the raw rows. */
    private static Expected recompute(Pipeline p, ReportFilter f, Map<Long, List<Row>> history, Map<Long, DealRow> deals) {
        Expected e = new Expected();
        for (DealRow deal : deals.values()) {
            if (!f.responsibleUserIds().isEmpty() && !f.responsibleUserIds().contains(deal.responsible())) {
                continue;
            }
            List<Row> rows = history.getOrDefault(deal.id(), List.of());
            int entry = -1;
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                boolean entersPipeline = r.toPipeline() == p.id() && (r.fromPipeline() == null || r.fromPipeline() != p.id());
                if (entersPipeline && !r.at().isBefore(f.from()) && r.at().isBefore(f.to())) {
                    entry = i;
                    break;
                }
            }
            if (entry < 0) {
                continue;
            }
            long id = deal.id();
            e.cohort.add(id);
            e.price.put(id, deal.price());
            Set<Long> visited = new HashSet<>();
            Integer furthest = null;
            Row last = null;
            for (int i = entry; i < rows.size(); i++) {
                Row r = rows.get(i);
                if (r.toPipeline() != p.id()) {
                    continue;
                }
                last = r;
                visited.add(r.toStatus());
                if (r.toStatus() != Stage.LOST && p.stage(r.toStatus()).isPresent()) {
                    int sort = p.stage(r.toStatus()).get().sort();
                    furthest = furthest == null ? sort : Math.max(furthest, sort);
                }
                if (r.toStatus() != Stage.WON && r.toStatus() != Stage.LOST) {
                    Double seconds = i + 1 < rows.size()
                            ? Duration.between(r.at(), rows.get(i + 1).at()).toNanos() / 1e9 : null;
                    e.stays.add(new Stay(id, r.toStatus(), seconds));
                }
            }
            e.visited.put(id, visited);
            if (furthest != null) {
                e.furthest.put(id, furthest);
            }
            Outcome o = last.toStatus() == Stage.WON ? Outcome.WON : last.toStatus() == Stage.LOST ? Outcome.LOST
                    : deal.pipelineId() != p.id() ? Outcome.MOVED_OUT : Outcome.OPEN;
            e.outcome.put(id, o);
            if (o == Outcome.LOST && last.fromPipeline() != null && last.fromPipeline() == p.id()
                    && p.stage(last.fromStatus()).isPresent()) {
                e.lostFrom.put(id, last.fromStatus());
            }
        }
        return e;
    }

    private static BigDecimal sum(Set<Long> ids, Expected e) {
        return ids.stream().map(e.price::get).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** Linear interpolation between the closest ranks, as SQL's percentile_cont. */
    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = values.stream().sorted().toList();
        double pos = p * (sorted.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted.get(lo) + (pos - lo) * (sorted.get(hi) - sorted.get(lo));
    }
}
