package org.voronka.analytics.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.voronka.analytics.ReportFilter;
import org.voronka.shared.Times;

/**
 * The forecast's queries: what the trailing history says about each stage (how many of the deals
 * that reached it were won, and how long they took from reaching it to Won), the open deals with
 * their age in the stage, the won revenue per month, and the saved forecasts. The history comes
 * from the analytics projection (ADR 20), so "won" means what the funnel means by it (ADR 27).
 * Every query reads one pipeline and aggregates in the database, except the open deals, which the
 * Monte Carlo simulation reads once (one row per open deal, no per-deal queries).
 */
@Repository
public class ForecastSql {

    private final JdbcTemplate jdbc;
    private final DealConditions conditions;
    private final HistorySql history;
    private final ReportSession session;
    private final WonDurations wonDurations;

    ForecastSql(JdbcTemplate jdbc, DealConditions conditions, HistorySql history, ReportSession session, WonDurations wonDurations) {
        this.jdbc = jdbc;
        this.conditions = conditions;
        this.history = history;
        this.session = session;
        this.wonDurations = wonDurations;
    }

    /** Deals that entered the pipeline in the window, by the furthest stage (its sort) reached there and outcome now. */
    public record ReachRow(Integer furthestSort, String outcome, long deals) {}

    /** Won deals of the window that reached a stage, by whole days from first reaching it to Won. */
    public record DurationRow(long statusId, long days, long deals) {}

    /** An open deal: its stage, budget and whole days since its last move. */
    public record OpenDeal(long id, long statusId, BigDecimal price, long ageDays) {}

    /** A saved forecast for one month. */
    public record SavedRow(LocalDate madeMonth, LocalDate month, Instant madeAt, BigDecimal expected, BigDecimal low, BigDecimal high,
                           BigDecimal weighted, long openDeals, BigDecimal openBudget) {}

    /**
     * The funnel's cohort of the window (the deals that entered the pipeline in [since, until), ADR
     * 20) by the furthest stage they reached there (its sort; a deal lost from a stage reached that
     * stage) and their outcome: won (also when handed on from Won to another pipeline), lost, or
     * other (still open, or moved out from a working stage). Grouped by (furthest, outcome), from
     * the funnel's rows ({@link HistorySql#reached}: its histogram without deal filters).
     */
    public List<ReachRow> reach(long accountId, ReportFilter f, Instant since, Instant until) {
        Map<String, ReachRow> grouped = new LinkedHashMap<>();
        for (HistorySql.ReachedRow r : history.reached(accountId, f.during(since, until))) {
            String outcome = "won".equals(r.outcome()) || "lost".equals(r.outcome()) ? r.outcome() : "other";
            grouped.merge(r.furthestSort() + " " + outcome, new ReachRow(r.furthestSort(), outcome, r.deals()),
                    (x, y) -> new ReachRow(x.furthestSort(), x.outcome(), x.deals() + y.deals()));
        }
        return List.copyOf(grouped.values());
    }

    /**
     * Deals won in the pipeline in [since, until) (their last move into the pipeline was into Won
     * then; they may have been handed on to another pipeline since): per open stage they reached,
     * whole days from first reaching it (a move into it or a later open stage) to that move into
     * Won; 0 when Won was their first move at or beyond the stage.
     *
     * <p>Per won deal, its first stays by stage from the last stage back: the earliest start so far
     * is when it first reached every stage down to the next one it stood in (a last row past every
     * stage stands for reaching them only with Won). So each won deal is one row per stage it stood
     * in, grouped before the stages are joined, instead of one row per deal and stage
     * ({@link WonDurations#ranges}). Without deal filters those groups come from the histogram the
     * projection keeps of them for the window's whole days, and from the won deals only for the
     * part days at its ends (ADR 0032); with filters, from all the window's won deals.
     */
    public List<DurationRow> durations(long accountId, ReportFilter f, Instant since, Instant until) {
        session.tune();
        Map<String, Object> p = params(accountId, f.pipelineId(), since, until);
        List<String> parts = f.filtersDeals() ? List.of(WonDurations.ranges(won("e", accountId, f, p)))
                : wonDurations.window(since, until, p, (from, to) -> wonBetween("e", from, to));
        String sql = """
                select st.id as status_id, h.days, sum(h.deals) as deals
                from (""" + String.join("\nunion all\n", parts) + """
                ) h
                join statuses st on st.account_id = :a and st.pipeline_id = :p and st.id not in (142, 143)
                                    and st.sort <= h.upto and st.sort > h.below
                group by st.id, h.days
                having sum(h.deals) > 0
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new DurationRow(rs.getLong("status_id"), rs.getLong("days"),
                rs.getLong("deals")));
    }

    /**
     * The deals won in the pipeline in [:since, :until), one row each: the first entry of each deal
     * into the pipeline (its stays span the deal's whole history there) whose outcome is won, by
     * the time of the move into Won (V28's index).
     */
    private String won(String e, long accountId, ReportFilter f, Map<String, Object> p) {
        List<String> and = new ArrayList<>();
        and.add(wonBetween(e, ":since", ":until"));
        conditions.add(accountId, e, e + ".deal_id", f, and, p);
        return " " + String.join(" and ", and) + "\n";
    }

    /** The deals won in the pipeline between two named times, without deal filters (see {@link #won}). */
    private static String wonBetween(String e, String from, String to) {
        return e + ".account_id = :a and " + e + ".pipeline_id = :p and " + e + ".outcome = 'won' and " + e + ".last_at >= " + from
                + " and " + e + ".last_at < " + to + " and " + e + ".prev_entered_at is null";
    }

    /**
     * The open deals of the pipeline (standing in one of its open stages) in id order, each with
     * whole days since its last move. The last move of a deal standing in an open stage is the
     * last move of its entries into the pipeline, whose outcome is open (ADR 27; on PostgreSQL
     * V33_1's index holds them); a deal without one counts from its creation, read for those deals
     * only (coalesce evaluates it only then), so the deals themselves are read from the stage
     * index alone on PostgreSQL.
     */
    public List<OpenDeal> openDeals(long accountId, ReportFilter f, List<Long> openStages, Instant now) {
        if (openStages.isEmpty()) {
            return List.of();
        }
        session.tune();
        Map<String, Object> p = params(accountId, f.pipelineId(), now, now);
        p.put("now", Times.param(now));
        p.put("stages", openStages);
        String sql = """
                select d.id, d.status_id, d.price,
                       floor((extract(epoch from cast(:now as timestamp with time zone))
                              - extract(epoch from coalesce(m.moved_at, (select c.created_at from deals c
                                                                         where c.account_id = d.account_id and c.id = d.id)))) / 86400) as age
                from deals d
                left join (select e.deal_id, max(e.last_at) as moved_at
                           from analytics_entries e
                           where e.account_id = :a and e.pipeline_id = :p and e.outcome = 'open'
                           group by e.deal_id) m on m.deal_id = d.id
                where d.account_id = :a and d.pipeline_id = :p and d.is_deleted = false and d.status_id in (:stages)"""
                + filters(accountId, f, p) + """

                order by d.id
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new OpenDeal(rs.getLong("id"), rs.getLong("status_id"),
                HistorySql.money(rs.getBigDecimal("price")), Math.max(0, rs.getLong("age"))));
    }

    /**
     * The won revenue of each period [bounds[i], bounds[i + 1]): budgets of the deals won in the
     * pipeline in the period (as {@link #durations}: handed on from Won to another pipeline still
     * counts), the same deals the forecast expects to be won.
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
            sums.append(i == 0 ? "" : ", ").append("sum(case when e.last_at >= :b").append((char) ('a' + i)).append(" and e.last_at < :b")
                    .append((char) ('a' + i + 1)).append(" then e.price else 0 end) as m").append(i);
        }
        String sql = "select " + sums + " from analytics_entries e where" + won("e", accountId, ReportFilter.of(pipelineId, null, null), p);
        return jdbc.query(Literals.inline(sql, p), rs -> {
            List<BigDecimal> out = new ArrayList<>();
            rs.next();
            for (int i = 0; i + 1 < bounds.size(); i++) {
                out.add(HistorySql.money(rs.getBigDecimal("m" + i)));
            }
            return out;
        });
    }

    /** Ids of the deals won in the pipeline in [from, to), ascending after {@code afterId}: the deals behind a month's won revenue. */
    public List<Long> wonDealIds(long accountId, ReportFilter f, long afterId, int limit) {
        Map<String, Object> p = params(accountId, f.pipelineId(), f.from(), f.to());
        p.put("after", afterId);
        p.put("limit", limit);
        String sql = "select e.deal_id from analytics_entries e where e.deal_id > :after and" + won("e", accountId, f, p)
                + " order by e.deal_id limit :limit";
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
