package org.voronka.analytics.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.voronka.analytics.ReportFilter;
import org.voronka.shared.Times;

/**
 * The forecast's queries: what the trailing history says about each stage (how many of the deals
 * that reached it were won, and how long they took from reaching it to Won), the open deals with
 * their age in the stage, the won revenue per month, and the saved forecasts. Every query reads
 * one pipeline and aggregates in the database, except the open deals, which the Monte Carlo
 * simulation reads once (one row per open deal, no per-deal queries).
 */
@Repository
public class ForecastSql {

    private final JdbcTemplate jdbc;
    private final DealConditions conditions;

    ForecastSql(JdbcTemplate jdbc, DealConditions conditions) {
        this.jdbc = jdbc;
        this.conditions = conditions;
    }

    /** Deals with a move into the pipeline in the window, by the furthest stage (its sort) reached there and outcome now. */
    public record ReachRow(Integer furthestSort, String outcome, long deals) {}

    /** Won deals of the window that reached a stage, by whole days from first reaching it to Won. */
    public record DurationRow(long statusId, long days, long deals) {}

    /** An open deal: its stage, budget and whole days since its last move. */
    public record OpenDeal(long id, long statusId, BigDecimal price, long ageDays) {}

    /** A saved forecast for one month. */
    public record SavedRow(LocalDate madeMonth, LocalDate month, Instant madeAt, BigDecimal expected, BigDecimal low, BigDecimal high,
                           BigDecimal weighted, long openDeals, BigDecimal openBudget) {}

    /**
     * Per deal with a move into the pipeline in [since, until): the furthest stage it reached by
     * those moves (a move into Won reaches every stage, a move into Lost counts the stage it was
     * lost from), and its outcome now: won or lost when it stands in this pipeline's Won or Lost,
     * else other. Grouped by (furthest, outcome).
     */
    public List<ReachRow> reach(long accountId, ReportFilter f, Instant since, Instant until) {
        long pipelineId = f.pipelineId();
        Map<String, Object> p = params(accountId, pipelineId, since, until);
        String sql = """
                select x.furthest, x.outcome, count(*) as deals
                from (
                  select m.furthest,
                         case when d.pipeline_id = :p and d.status_id = 142 then 'won'
                              when d.pipeline_id = :p and d.status_id = 143 then 'lost' else 'other' end as outcome
                  from (
                    select t.deal_id,
                           max(case when t.to_status_id <> 143 then s.sort when t.from_pipeline_id = :p then fs.sort end) as furthest
                    from stage_transitions t
                    left join statuses s on s.account_id = :a and s.pipeline_id = :p and s.id = t.to_status_id
                    left join statuses fs on fs.account_id = :a and fs.pipeline_id = :p and fs.id = t.from_status_id
                    where t.account_id = :a and t.to_pipeline_id = :p and t.moved_at >= :since and t.moved_at < :until
                      and t.merged_into is null
                    group by t.deal_id) m
                  join deals d on d.account_id = :a and d.id = m.deal_id
                  where d.is_deleted = false""" + filters(accountId, f, p) + """
                ) x
                group by x.furthest, x.outcome
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new ReachRow(rs.getObject("furthest", Integer.class),
                rs.getString("outcome"), rs.getLong("deals")));
    }

    /**
     * Deals standing in the pipeline's Won whose last move into it was in [since, until): per open
     * stage they reached (a move into it or a later stage, Won included), whole days from the first
     * such move to that move into Won.
     */
    public List<DurationRow> durations(long accountId, ReportFilter f, Instant since, Instant until) {
        long pipelineId = f.pipelineId();
        Map<String, Object> p = params(accountId, pipelineId, since, until);
        String sql = """
                select r.status_id, r.days, count(*) as deals
                from (
                  select st.id as status_id,
                         floor((extract(epoch from w.won_at) - extract(epoch from min(t.moved_at))) / 86400) as days
                  from (
                    select t.deal_id, max(t.moved_at) as won_at
                    from stage_transitions t
                    join deals d on d.account_id = :a and d.id = t.deal_id
                    where t.account_id = :a and t.to_pipeline_id = :p and t.to_status_id = 142 and t.merged_into is null
                      and d.is_deleted = false and d.pipeline_id = :p and d.status_id = 142""" + filters(accountId, f, p) + """
                    group by t.deal_id) w
                  join stage_transitions t on t.account_id = :a and t.deal_id = w.deal_id
                  join statuses s on s.account_id = :a and s.pipeline_id = :p and s.id = t.to_status_id
                  join statuses st on st.account_id = :a and st.pipeline_id = :p and st.id not in (142, 143) and st.sort <= s.sort
                  where t.to_pipeline_id = :p and t.to_status_id <> 143 and t.merged_into is null and t.moved_at <= w.won_at
                    and w.won_at >= :since and w.won_at < :until
                  group by w.deal_id, w.won_at, st.id) r
                group by r.status_id, r.days
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new DurationRow(rs.getLong("status_id"), rs.getLong("days"),
                rs.getLong("deals")));
    }

    /** The open deals of the pipeline in id order, each with whole days since its last move (the move into its stage). */
    public List<OpenDeal> openDeals(long accountId, ReportFilter f, Instant now) {
        long pipelineId = f.pipelineId();
        Map<String, Object> p = params(accountId, pipelineId, now, now);
        p.put("now", Times.param(now));
        String sql = """
                select x.id, x.status_id, x.price,
                       floor((extract(epoch from cast(:now as timestamp with time zone)) - extract(epoch from x.entered_at)) / 86400) as age
                from (
                  select d.id, d.status_id, d.price, d.created_at,
                         coalesce((select max(t.moved_at) from stage_transitions t where t.account_id = :a and t.deal_id = d.id),
                                  d.created_at) as entered_at
                  from deals d
                  where d.account_id = :a and d.pipeline_id = :p and d.is_deleted = false and d.status_id not in (142, 143)"""
                + filters(accountId, f, p) + """
                ) x
                order by x.id
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new OpenDeal(rs.getLong("id"), rs.getLong("status_id"),
                HistorySql.money(rs.getBigDecimal("price")), Math.max(0, rs.getLong("age"))));
    }

    /**
     * The won revenue of each period [bounds[i], bounds[i + 1]): budgets of the deals standing in
     * the pipeline's Won whose last move into it falls in the period.
     */
    public List<BigDecimal> wonPerPeriod(long accountId, long pipelineId, List<Instant> bounds) {
        if (bounds.size() < 2) {
            return List.of();
        }
        Map<String, Object> p = params(accountId, pipelineId, bounds.get(0), bounds.get(bounds.size() - 1));
        StringBuilder sums = new StringBuilder();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            p.put("b" + (char) ('a' + i), Times.param(bounds.get(i)));
            p.put("b" + (char) ('a' + i + 1), Times.param(bounds.get(i + 1)));
            sums.append(i == 0 ? "" : ", ").append("sum(case when w.won_at >= :b").append((char) ('a' + i)).append(" and w.won_at < :b")
                    .append((char) ('a' + i + 1)).append(" then w.price else 0 end) as m").append(i);
        }
        String sql = "select " + sums + """
                 from (
                  select d.price, max(t.moved_at) as won_at
                  from deals d
                  join stage_transitions t on t.account_id = :a and t.deal_id = d.id and t.to_pipeline_id = :p and t.to_status_id = 142
                   and t.merged_into is null
                  where d.account_id = :a and d.pipeline_id = :p and d.status_id = 142 and d.is_deleted = false
                  group by d.id, d.price) w
                where w.won_at >= :since and w.won_at < :until
                """;
        return jdbc.query(Literals.inline(sql, p), rs -> {
            List<BigDecimal> out = new ArrayList<>();
            rs.next();
            for (int i = 0; i + 1 < bounds.size(); i++) {
                out.add(HistorySql.money(rs.getBigDecimal("m" + i)));
            }
            return out;
        });
    }

    /**
     * Ids of the deals standing in the pipeline's Won whose last move into it was in [from, to),
     * ascending after {@code afterId}: the deals behind a month's won revenue.
     */
    public List<Long> wonDealIds(long accountId, ReportFilter f, long afterId, int limit) {
        long pipelineId = f.pipelineId();
        Instant from = f.from();
        Instant to = f.to();
        Map<String, Object> p = params(accountId, pipelineId, from, to);
        p.put("after", afterId);
        p.put("limit", limit);
        String sql = """
                select w.id from (
                  select d.id,
                         (select max(t.moved_at) from stage_transitions t where t.account_id = :a and t.deal_id = d.id
                            and t.to_pipeline_id = :p and t.to_status_id = 142 and t.merged_into is null) as won_at
                  from deals d
                  where d.account_id = :a and d.pipeline_id = :p and d.status_id = 142 and d.is_deleted = false and d.id > :after"""
                + filters(accountId, f, p) + """
                ) w
                where w.won_at >= :since and w.won_at < :until
                order by w.id limit :limit
                """;
        return jdbc.queryForList(Literals.inline(sql, p), Long.class);
    }

    /** Whether a forecast made in this month is saved for the pipeline. */
    public boolean saved(long accountId, long pipelineId, LocalDate madeMonth) {
        return !jdbc.queryForList("select 1 from saved_forecasts where account_id = ? and pipeline_id = ? and made_month = ?",
                Integer.class, accountId, pipelineId, madeMonth).isEmpty();
    }

    public void save(long accountId, long pipelineId, SavedRow r) {
        jdbc.update("""
                insert into saved_forecasts (account_id, pipeline_id, made_month, for_month, made_at, expected, range_low, range_high, weighted,
                                             open_deals, open_budget)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", accountId, pipelineId, r.madeMonth(), r.month(), Times.param(r.madeAt()),
                r.expected(), r.low(), r.high(), r.weighted(), r.openDeals(), r.openBudget());
    }

    /** The saved forecasts of a pipeline for the months in [fromMonth, toMonth], by month and then by when they were made. */
    public List<SavedRow> savedFor(long accountId, long pipelineId, LocalDate fromMonth, LocalDate toMonth) {
        return jdbc.query("""
                select made_month, for_month, made_at, expected, range_low, range_high, weighted, open_deals, open_budget
                from saved_forecasts
                where account_id = ? and pipeline_id = ? and for_month >= ? and for_month <= ?
                order by for_month, made_month""", (rs, n) -> new SavedRow(rs.getObject("made_month", LocalDate.class),
                rs.getObject("for_month", LocalDate.class), Times.instant(rs.getObject("made_at")), rs.getBigDecimal("expected"),
                rs.getBigDecimal("range_low"), rs.getBigDecimal("range_high"), rs.getBigDecimal("weighted"), rs.getLong("open_deals"),
                rs.getBigDecimal("open_budget")), accountId, pipelineId, fromMonth, toMonth);
    }

    /** Every pipeline that is not archived, with its account's time zone: what the forecast job goes through. */
    public record PipelineZone(long accountId, long pipelineId, String timezone) {}

    public List<PipelineZone> activePipelines() {
        return jdbc.query("""
                select p.account_id, p.id, a.timezone from pipelines p join accounts a on a.id = p.account_id
                where p.is_archive = false order by p.account_id, p.id""",
                (rs, n) -> new PipelineZone(rs.getLong(1), rs.getLong(2), rs.getString(3)));
    }

    private static Map<String, Object> params(long accountId, long pipelineId, Instant since, Instant until) {
        Map<String, Object> p = new HashMap<>();
        p.put("a", accountId);
        p.put("p", pipelineId);
        p.put("since", Times.param(since));
        p.put("until", Times.param(until));
        return p;
    }

    private String filters(long accountId, ReportFilter f, Map<String, Object> p) {
        List<String> and = new ArrayList<>();
        conditions.add(accountId, f, and, p);
        return and.isEmpty() ? "" : " and " + String.join(" and ", and);
    }
}
