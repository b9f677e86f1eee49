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
 * The report queries over {@code stage_transitions}, {@code deals} and {@code statuses}. Every
 * query aggregates in the database and returns a few rows per stage, never a row per deal.
 *
 * <p>All of them start from the same cohort: the deals that entered the pipeline in the period
 * (their creation in it, or a move into it from another pipeline), not in the trash (which also
 * leaves out deals merged into another one), matching the filters. A deal's history in the
 * pipeline is read from its first entry in the period on; history rows of merged-away deals are
 * never read.
 */
@Repository
public class HistorySql {

    private final JdbcTemplate jdbc;

    HistorySql(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
        Map<String, Object> p = params(accountId, f);
        String sql = cohort(f, p) + """
                select o.furthest, o.outcome, o.lost_from, o.loss_reason_id, count(*) as deals, sum(o.price) as budget
                from outcomes o
                group by o.furthest, o.outcome, o.lost_from, o.loss_reason_id
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new ReachedRow(rs.getObject("furthest", Integer.class), rs.getString("outcome"),
                rs.getObject("lost_from", Long.class), rs.getObject("loss_reason_id", Long.class), rs.getLong("deals"),
                money(rs.getBigDecimal("budget"))));
    }

    public List<VisitedRow> visited(long accountId, ReportFilter f) {
        Map<String, Object> p = params(accountId, f);
        String sql = cohort(f, p) + """
                select v.to_status_id, count(*) as deals, sum(o.price) as budget,
                       sum(case when o.outcome = 'won' then 1 else 0 end) as won,
                       sum(case when o.furthest > s.sort then 1 else 0 end) as advanced
                from (select distinct m.deal_id, m.to_status_id from moves m) v
                join outcomes o on o.id = v.deal_id
                left join statuses s on s.account_id = :a and s.pipeline_id = :p and s.id = v.to_status_id
                group by v.to_status_id
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new VisitedRow(rs.getLong("to_status_id"), rs.getLong("deals"),
                money(rs.getBigDecimal("budget")), rs.getLong("won"), rs.getLong("advanced")));
    }

    /**
     * Stays of the cohort's deals in the pipeline's stages: each move into a stage starts a stay,
     * the deal's next move (in any pipeline) ends it. Finished stays shorter than the threshold
     * are mis-drops; open stays are measured up to {@code now}.
     */
    public List<StayRow> stays(long accountId, ReportFilter f, long thresholdSeconds, Instant now) {
        Map<String, Object> p = params(accountId, f);
        p.put("threshold", thresholdSeconds);
        p.put("now", Times.param(now));
        String sql = cohort(f, p) + ", " + STAYS + """
                , kinds as (
                  select s.to_status_id,
                         case when s.left_at is null then 'open' when s.seconds < :threshold then 'misdrop' else 'finished' end as kind,
                         coalesce(s.seconds, extract(epoch from cast(:now as timestamp with time zone)) - extract(epoch from s.moved_at)) as seconds
                  from stays s)
                select k.to_status_id, k.kind, count(*) as n, avg(k.seconds) as mean,
                       percentile_cont(0.5) within group (order by k.seconds) as median,
                       percentile_cont(0.9) within group (order by k.seconds) as p90, max(k.seconds) as longest
                from kinds k
                group by k.to_status_id, k.kind
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new StayRow(rs.getLong("to_status_id"), rs.getString("kind"), rs.getLong("n"),
                dbl(rs.getObject("mean")), dbl(rs.getObject("median")), dbl(rs.getObject("p90")), dbl(rs.getObject("longest"))));
    }

    /** Cumulative time per deal and stage (mis-drops left out), over deals that are no longer in the stage. */
    public List<CumulativeRow> cumulative(long accountId, ReportFilter f, long thresholdSeconds) {
        Map<String, Object> p = params(accountId, f);
        p.put("threshold", thresholdSeconds);
        String sql = cohort(f, p) + ", " + STAYS + """
                , per_deal as (
                  select s.deal_id, s.to_status_id,
                         sum(case when s.seconds >= :threshold then s.seconds else 0 end) as seconds,
                         sum(case when s.seconds >= :threshold then 1 else 0 end) as counted,
                         sum(case when s.left_at is null then 1 else 0 end) as still_there
                  from stays s
                  group by s.deal_id, s.to_status_id)
                select d.to_status_id, count(*) as n, avg(d.seconds) as mean,
                       percentile_cont(0.5) within group (order by d.seconds) as median,
                       percentile_cont(0.9) within group (order by d.seconds) as p90
                from per_deal d
                where d.still_there = 0 and d.counted > 0
                group by d.to_status_id
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new CumulativeRow(rs.getLong("to_status_id"), rs.getLong("n"),
                dbl(rs.getObject("mean")), dbl(rs.getObject("median")), dbl(rs.getObject("p90"))));
    }

    /** The moves of the cohort's deals from their entry on, with the time of the next move: stays in the pipeline's open stages. */
    private static final String STAYS = """
            seq as (
              select t.deal_id, t.id, t.to_pipeline_id, t.to_status_id, t.moved_at,
                     lead(t.moved_at) over (partition by t.deal_id order by t.id) as left_at
              from stage_transitions t join cohort c on c.id = t.deal_id
              where t.account_id = :a and t.id >= c.entry_id and t.merged_into is null),
            stays as (
              select q.deal_id, q.to_status_id, q.moved_at, q.left_at,
                     extract(epoch from q.left_at) - extract(epoch from q.moved_at) as seconds
              from seq q
              where q.to_pipeline_id = :p and q.to_status_id not in (142, 143))
            """;

    /** A lost deal of the cohort: its name, budget, the stage it was lost from, loss reason and when. */
    public record LostRow(long id, String name, BigDecimal price, Long lostFrom, Long lossReasonId, Instant lostAt) {}

    /** The cohort's lost deals in id order, at most {@code limit}. */
    public List<LostRow> lostDeals(long accountId, ReportFilter f, int limit) {
        Map<String, Object> p = params(accountId, f);
        p.put("limit", limit);
        String sql = cohort(f, p) + """
                select o.id, d.name, o.price, o.lost_from, o.loss_reason_id, lt.moved_at as lost_at
                from outcomes o
                join deals d on d.account_id = :a and d.id = o.id
                join facts fa on fa.deal_id = o.id
                left join stage_transitions lt on lt.account_id = :a and lt.id = fa.lost_id
                where o.outcome = 'lost'
                order by o.id limit :limit
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new LostRow(rs.getLong("id"), rs.getString("name"),
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
        and.add("o.id > :after");
        if (outcome != null) {
            and.add("o.outcome = :outcome");
            p.put("outcome", outcome);
        }
        if (statusId != null && "reached".equals(model)) {
            and.add("o.furthest >= (select s.sort from statuses s where s.account_id = :a and s.pipeline_id = :p and s.id = :status)");
            p.put("status", statusId);
        } else if (statusId != null && "visited".equals(model)) {
            and.add("exists (select 1 from moves m where m.deal_id = o.id and m.to_status_id = :status)");
            p.put("status", statusId);
        } else if (statusId != null && "lost_from".equals(model)) {
            and.add("o.lost_from = :status");
            p.put("status", statusId);
        }
        String sql = cohort(f, p) + " select o.id from outcomes o where " + String.join(" and ", and) + " order by o.id limit :limit";
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
     * The common table expressions {@code cohort}, {@code moves} (the cohort's moves into the
     * pipeline from its entry on) and {@code outcomes} (per deal: price, furthest stage reached as
     * its sort, outcome, stage lost from, loss reason).
     */
    static String cohort(ReportFilter f, Map<String, Object> p) {
        List<String> and = new ArrayList<>();
        DealConditions.add(f.responsibleUserIds(), f.groupIds(), f.tagIds(), f.sourceIds(), and, p);
        String filters = and.isEmpty() ? "" : " and " + String.join(" and ", and);
        return """
                with entries as (
                  select t.deal_id, min(t.id) as entry_id
                  from stage_transitions t
                  where t.account_id = :a and t.to_pipeline_id = :p and t.moved_at >= :from and t.moved_at < :to
                    and (t.from_pipeline_id is null or t.from_pipeline_id <> :p) and t.merged_into is null
                  group by t.deal_id),
                cohort as (
                  select d.id, d.price, d.pipeline_id, d.loss_reason_id, e.entry_id
                  from entries e join deals d on d.account_id = :a and d.id = e.deal_id
                  where d.is_deleted = false""" + filters + """
                ),
                moves as (
                  select t.deal_id, t.id, t.from_pipeline_id, t.from_status_id, t.to_status_id
                  from stage_transitions t join cohort c on c.id = t.deal_id
                  where t.account_id = :a and t.to_pipeline_id = :p and t.moved_at >= :from and t.id >= c.entry_id
                    and t.merged_into is null),
                facts as (
                  select m.deal_id,
                         max(case when m.to_status_id <> 143 then s.sort end) as furthest,
                         max(m.id) as last_id,
                         max(case when m.to_status_id = 143 then m.id end) as lost_id
                  from moves m
                  left join statuses s on s.account_id = :a and s.pipeline_id = :p and s.id = m.to_status_id
                  group by m.deal_id),
                outcomes as (
                  select c.id, c.price, c.loss_reason_id, f.furthest,
                         case when l.to_status_id = 142 then 'won' when l.to_status_id = 143 then 'lost'
                              when c.pipeline_id <> :p then 'moved_out' else 'open' end as outcome,
                         case when lt.from_pipeline_id = :p then lt.from_status_id end as lost_from
                  from cohort c
                  join facts f on f.deal_id = c.id
                  join stage_transitions l on l.account_id = :a and l.id = f.last_id
                  left join stage_transitions lt on lt.account_id = :a and lt.id = f.lost_id)
                """;
    }

    static BigDecimal money(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }

    static Double dbl(Object v) {
        return v == null ? null : ((Number) v).doubleValue();
    }
}
