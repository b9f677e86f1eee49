package org.voronka.analytics.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.voronka.analytics.ReportFilter;
import org.voronka.shared.Times;

/**
 * The report queries over the analytics projection ({@code analytics_entries},
 * {@code analytics_stays}, kept by {@link Projection}, ADR 20) and {@code statuses}. Every query
 * aggregates in the database and returns a few rows per stage, never a row per deal.
 *
 * <p>All of them start from the same cohort: the deals that entered the pipeline in the period
 * (their creation in it, or a move into it from another pipeline), not in the trash (which also
 * leaves out deals merged into another one), matching the filters: the entries in the period
 * whose previous entry into the pipeline (if any) lies before it. A deal's history in the pipeline
 * counts from that entry on; history rows of merged-away deals are never read.
 */
@Repository
public class HistorySql {

    private final JdbcTemplate jdbc;
    private final ReportSession session;
    private final DealConditions conditions;

    private final StayLengths lengths;
    private final FunnelHistograms histograms;

    HistorySql(JdbcTemplate jdbc, ReportSession session, DealConditions conditions, StayLengths lengths, FunnelHistograms histograms) {
        this.jdbc = jdbc;
        this.lengths = lengths;
        this.histograms = histograms;
        this.session = session;
        this.conditions = conditions;
    }

    /** Deals of the cohort grouped by the furthest stage they reached (its sort), outcome, the stage lost from and the loss reason. */
    public record ReachedRow(Integer furthestSort, String outcome, Long lostFrom, Long lossReasonId, long deals, BigDecimal budget) {}

    /** Deals of the cohort that stood in a stage, how many of them were won, and how many got to a later stage. */
    public record VisitedRow(long statusId, long deals, BigDecimal budget, long won, long advanced) {}

    /** Stays in a stage of one kind: {@code finished}, {@code misdrop} or {@code open} (its age up to now). */
    public record StayRow(long statusId, String kind, long count, Double mean, Double median, Double p90, Double max) {}

    /** Per stage: the total time deals that have left the stage spent in it over all their visits. */
    public record CumulativeRow(long statusId, long deals, Double mean, Double median, Double p90) {}

    public List<ReachedRow> reached(long accountId, ReportFilter f) {
        session.tune();
        Map<String, Object> p = params(accountId, f);
        String sql = """
                select r.furthest_sort, r.outcome, r.lost_from, r.loss_reason_id, sum(r.deals) as deals, sum(r.budget) as budget
                from (""" + histograms.reached(f, cohort(accountId, "e", f, p), p) + """
                ) r
                group by r.furthest_sort, r.outcome, r.lost_from, r.loss_reason_id
                having sum(r.deals) > 0
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new ReachedRow(none(rs.getInt("furthest_sort")), rs.getString("outcome"),
                none(rs.getLong("lost_from")), none(rs.getLong("loss_reason_id")), rs.getLong("deals"), money(rs.getBigDecimal("budget"))));
    }

    /** The histograms write -1 for none. */
    private static Integer none(int v) {
        return v == -1 ? null : v;
    }

    private static Long none(long v) {
        return v == -1 ? null : v;
    }

    public List<VisitedRow> visited(long accountId, ReportFilter f) {
        session.tune();
        Map<String, Object> p = params(accountId, f);
        String sql = """
                select v.status_id, sum(v.deals) as deals, sum(v.budget) as budget,
                       sum(case when v.outcome = 'won' then v.deals else 0 end) as won,
                       sum(case when v.furthest_sort > s.sort then v.deals else 0 end) as advanced
                from (""" + histograms.visited(f, cohort(accountId, "st", f, p), p) + """
                ) v
                left join statuses s on s.account_id = :a and s.pipeline_id = :p and s.id = v.status_id
                group by v.status_id
                having sum(v.deals) > 0
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new VisitedRow(rs.getLong("status_id"), rs.getLong("deals"),
                money(rs.getBigDecimal("budget")), rs.getLong("won"), rs.getLong("advanced")));
    }

    /**
     * The stays of {@link #stays}, the cumulative times of {@link #cumulative}, and per stage the
     * cohort's deals that stood in it (as {@link #visited} counts them).
     */
    public record Durations(List<StayRow> stays, List<CumulativeRow> cumulative, Map<Long, Long> visits) {}

    /**
     * Stays and cumulative times of a cohort: for the whole pipeline at the default threshold from
     * the histogram of stay lengths ({@link StayLengths}), else from all stays.
     */
    public Durations durations(long accountId, ReportFilter f, long thresholdSeconds, Instant now) {
        Map<Long, Long> visits = new HashMap<>();
        visited(accountId, f).forEach(v -> visits.put(v.statusId(), v.deals()));
        if (thresholdSeconds != StayLengths.THRESHOLD || f.filtersDeals()) {
            return new Durations(stays(accountId, f, thresholdSeconds, now), cumulative(accountId, f, thresholdSeconds), visits);
        }
        session.tune();
        Map<String, Object> p = params(accountId, f);
        StayLengths.Durations d = lengths.durations(accountId, f, now, cohort(accountId, "st", f, p), p);
        return new Durations(d.stays(), d.cumulative(), visits);
    }

    /**
     * Stays of the cohort's deals in the pipeline's stages: each move into a stage starts a stay,
     * the deal's next move (in any pipeline) ends it. Finished stays shorter than the threshold
     * are mis-drops; open stays are measured up to {@code now}.
     */
    List<StayRow> stays(long accountId, ReportFilter f, long thresholdSeconds, Instant now) {
        session.tune();
        Map<String, Object> p = params(accountId, f);
        p.put("threshold", thresholdSeconds);
        p.put("now", Times.param(now));
        // sorted once by group and length: the grouping and the percentiles' own sorts then find their input in order
        String sql = """
                select k.status_id, k.kind, count(*) as n, avg(k.seconds) as mean,
                       percentile_cont(0.5) within group (order by k.seconds) as median,
                       percentile_cont(0.9) within group (order by k.seconds) as p90, max(k.seconds) as longest
                from (
                  select s.status_id,
                         case when s.seconds is null then 'open' when s.seconds < :threshold then 'misdrop' else 'finished' end as kind,
                         coalesce(s.seconds, cast(extract(epoch from cast(:now as timestamp with time zone)) as double precision)
                                             - cast(extract(epoch from s.stay_start) as double precision))
                           as seconds
                  from (""" + STAYS + cohort(accountId, "st", f, p) + """
                  ) s
                  order by 1, 2, 3) k
                group by k.status_id, k.kind
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new StayRow(rs.getLong("status_id"), rs.getString("kind"), rs.getLong("n"),
                dbl(rs.getObject("mean")), dbl(rs.getObject("median")), dbl(rs.getObject("p90")), dbl(rs.getObject("longest"))));
    }

    /** Cumulative time per deal and stage (mis-drops left out), over deals that are no longer in the stage. */
    List<CumulativeRow> cumulative(long accountId, ReportFilter f, long thresholdSeconds) {
        session.tune();
        Map<String, Object> p = params(accountId, f);
        p.put("threshold", thresholdSeconds);
        // sorted once by stage and length, as in stays()
        String sql = """
                select o.status_id, count(*) as n, avg(o.seconds) as mean,
                       percentile_cont(0.5) within group (order by o.seconds) as median,
                       percentile_cont(0.9) within group (order by o.seconds) as p90
                from (
                select d.status_id, d.seconds from (
                  select s.entry_id, s.status_id,
                         cast(sum(case when s.seconds >= :threshold then s.seconds else 0 end) as double precision) as seconds,
                         sum(case when s.seconds >= :threshold then 1 else 0 end) as counted,
                         sum(case when s.seconds is null then 1 else 0 end) as still_there
                  from (""" + STAYS + cohort(accountId, "st", f, p) + """
                  ) s
                  group by s.entry_id, s.status_id) d
                where d.still_there = 0 and d.counted > 0
                order by d.status_id, d.seconds) o
                group by o.status_id
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new CumulativeRow(rs.getLong("status_id"), rs.getLong("n"),
                dbl(rs.getObject("mean")), dbl(rs.getObject("median")), dbl(rs.getObject("p90"))));
    }

    /** The cohort's stays with their length in seconds (null while the deal is still there), up to the cohort's condition. */
    private static final String STAYS = """
            select st.entry_id, st.status_id, st.stay_start,
                   cast(extract(epoch from st.stay_end) as double precision) - cast(extract(epoch from st.stay_start) as double precision)
                     as seconds
            from analytics_stays st
            where """;

    /** A lost deal of the cohort: its name, budget, the stage it was lost from, loss reason and when. */
    public record LostRow(long id, String name, BigDecimal price, Long lostFrom, Long lossReasonId, Instant lostAt) {}

    /** The cohort's lost deals in id order, at most {@code limit}. */
    public List<LostRow> lostDeals(long accountId, ReportFilter f, int limit) {
        Map<String, Object> p = params(accountId, f);
        p.put("limit", limit);
        String sql = """
                select e.deal_id, d.name, e.price, e.lost_from, e.loss_reason_id, lt.moved_at as lost_at
                from analytics_entries e
                join deals d on d.account_id = :a and d.id = e.deal_id
                left join stage_transitions lt on lt.account_id = :a and lt.id = e.lost_id
                where e.outcome = 'lost' and """ + cohort(accountId, "e", f, p) + """
                order by e.deal_id limit :limit
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new LostRow(rs.getLong("deal_id"), rs.getString("name"),
                money(rs.getBigDecimal("price")), rs.getObject("lost_from", Long.class), rs.getObject("loss_reason_id", Long.class),
                Times.instant(rs.getObject("lost_at"))));
    }

    /** Deal ids of the cohort, optionally only those counted in a stage, ascending after {@code afterId}. */
    public List<Long> cohortDealIds(long accountId, ReportFilter f, String model, Long statusId, String outcome, long afterId,
                                    int limit) {
        Map<String, Object> p = params(accountId, f);
        p.put("after", afterId);
        p.put("limit", limit);
        List<String> and = new ArrayList<>();
        and.add("e.deal_id > :after");
        if (outcome != null) {
            and.add("e.outcome = :outcome");
            p.put("outcome", outcome);
        }
        if (statusId != null && "reached".equals(model)) {
            and.add("e.furthest_sort >= (select s.sort from statuses s where s.account_id = :a and s.pipeline_id = :p and s.id = :status)");
            p.put("status", statusId);
        } else if (statusId != null && "visited".equals(model)) {
            and.add("exists (select 1 from analytics_stays st where st.account_id = :a and st.entry_id = e.entry_id "
                    + "and st.status_id = :status)");
            p.put("status", statusId);
        } else if (statusId != null && "lost_from".equals(model)) {
            and.add("e.lost_from = :status");
            p.put("status", statusId);
        }
        String sql = "select e.deal_id from analytics_entries e where " + String.join(" and ", and) + " and " + cohort(accountId, "e", f, p)
                + " order by e.deal_id limit :limit";
        return jdbc.queryForList(Literals.inline(sql, p), Long.class);
    }

    static Map<String, Object> params(long accountId, ReportFilter f) {
        Map<String, Object> p = new HashMap<>();
        p.put("a", accountId);
        p.put("p", f.pipelineId());
        p.put("from", Times.param(f.from()));
        p.put("to", Times.param(f.to()));
        return p;
    }

    /**
     * The cohort as a condition on a projection table ({@code analytics_entries} or
     * {@code analytics_stays}, alias {@code x}): its pipeline, the deal's first entry in the
     * period, the filters on the deal's current values.
     */
    String cohort(long accountId, String x, ReportFilter f, Map<String, Object> p) {
        List<String> and = new ArrayList<>();
        and.add(x + ".account_id = :a and " + x + ".pipeline_id = :p and " + x + ".entered_at >= :from and " + x + ".entered_at < :to");
        and.add("(" + x + ".prev_entered_at is null or " + x + ".prev_entered_at < :from)");
        conditions.add(accountId, x, x + ".deal_id", f, and, p);
        return " " + String.join(" and ", and) + "\n"; // text blocks drop the space before it
    }

    static BigDecimal money(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }

    static Double dbl(Object v) {
        return v == null ? null : ((Number) v).doubleValue();
    }
}
