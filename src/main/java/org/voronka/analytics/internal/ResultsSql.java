package org.voronka.analytics.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.voronka.analytics.ReportFilter;

/**
 * Results per responsible user or per department for a report's pipeline, period and filters, in
 * one statement: the cohort's deals (new, won with budget, lost, median cycle of the won ones) and
 * the activity in the period on the pipeline's deals (tasks completed, calls and notes, ADR 0031).
 */
@Repository
public class ResultsSql {

    private final JdbcTemplate jdbc;
    private final ReportSession session;
    private final HistorySql history;
    private final DealConditions conditions;
    private final ActivityRollup rollup;

    ResultsSql(JdbcTemplate jdbc, ReportSession session, HistorySql history, DealConditions conditions, ActivityRollup rollup) {
        this.jdbc = jdbc;
        this.rollup = rollup;
        this.session = session;
        this.history = history;
        this.conditions = conditions;
    }

    /** One user's or department's results; {@code medianCycle} in seconds (null without won deals). */
    public record ResultRow(long key, long newDeals, long won, BigDecimal wonBudget, long lost, Double medianCycle, long tasks,
                            long calls, long notes) {}

    /**
     * @param byDepartment group by the department recorded on the deal, task or note instead of by
     *                     the deal's responsible user, the task's responsible user and the note's author
     */
    public List<ResultRow> results(long accountId, ReportFilter f, boolean byDepartment) {
        session.tune();
        Map<String, Object> p = HistorySql.params(accountId, f);
        List<String> and = new ArrayList<>();
        conditions.add(accountId, f, and, p);
        String filters = and.isEmpty() ? "" : " and " + String.join(" and ", and);
        String dealKey = byDepartment ? "e.group_id" : "e.responsible_user_id";
        // Three parts: the cohort's counts (no common table expression, so PostgreSQL aggregates them
        // in parallel workers), the median cycle over the won deals alone (the only part that sorts),
        // and the activity: for the whole pipeline its rollup over the period's whole days and the
        // part days read raw; with deal filters the rollup has no dimension for, the tasks and notes
        // of the period as one stream against one hash of the pipeline's deals.
        String cohort = history.cohort(accountId, "e", f, p);
        String activity = f.filtersDeals()
                ? ActivityRollup.raw(byDepartment ? "group_id" : "user_id", ":from", ":to", "d.pipeline_id = :p" + filters)
                : rollup.counted(f, byDepartment, p);
        String sql = """
                select x.k, sum(x.new_deals) as new_deals, sum(x.won) as won, sum(x.won_budget) as won_budget, sum(x.lost) as lost,
                       max(x.cycle) as cycle, sum(x.tasks) as tasks, sum(x.calls) as calls, sum(x.notes) as notes
                from (
                  select %1$s as k, count(*) as new_deals, sum(case when e.outcome = 'won' then 1 else 0 end) as won,
                         sum(case when e.outcome = 'won' then e.price else 0 end) as won_budget,
                         sum(case when e.outcome = 'lost' then 1 else 0 end) as lost, cast(null as double precision) as cycle,
                         0 as tasks, 0 as calls, 0 as notes
                  from analytics_entries e
                  where %2$s
                  group by %1$s
                  union all
                  select %1$s, 0, 0, 0, 0, percentile_cont(0.5) within group (order by extract(epoch from e.last_at) - extract(epoch from e.entered_at)),
                         0, 0, 0
                  from analytics_entries e
                  where %2$s and e.outcome = 'won'
                  group by %1$s
                  union all
                  select a.k, 0, 0, 0, 0, cast(null as double precision), sum(a.tasks), sum(a.calls), sum(a.notes)
                  from (
                %3$s
                  ) a
                  group by a.k
                  having sum(a.tasks) <> 0 or sum(a.calls) <> 0 or sum(a.notes) <> 0
                ) x
                group by x.k
                order by x.k
                """.formatted(dealKey, cohort.strip(), activity);
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new ResultRow(rs.getLong("k"), rs.getLong("new_deals"), rs.getLong("won"),
                HistorySql.money(rs.getBigDecimal("won_budget")), rs.getLong("lost"), HistorySql.dbl(rs.getObject("cycle")),
                rs.getLong("tasks"), rs.getLong("calls"), rs.getLong("notes")));
    }
}
