package org.voronka.analytics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.voronka.analytics.ReportFilter;
import org.voronka.shared.ActivityCounts;
import org.voronka.shared.DeltaFold;

/**
 * The activity the results per user and department count, added up per pipeline, day (UTC), user
 * and department (V36, ADR 0031): completed tasks of deals on the day of their last update (the
 * task's responsible user), calls and common notes of deals on the day they were written (their
 * author), each under its deal's current pipeline while the deal is not in the trash, and each in
 * the department recorded on the task or note. The task, timeline and deal modules run their
 * writes through {@link #around}, which adds delta rows in the transaction of the write; the fold
 * job of the analytics histograms folds them ({@link StayLengths#fold}).
 */
@Repository
class ActivityRollup implements ActivityCounts {

    private static final int CHUNK = 500;

    static final DeltaFold FOLD = new DeltaFold("analytics_activity", "analytics_activity_deltas",
            List.of("account_id", "pipeline_id", "activity_day", "user_id", "group_id"), List.of("tasks", "calls", "notes"));

    private final JdbcTemplate jdbc;

    ActivityRollup(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The counted activity of account {@code :a}, one row per completed task of a deal and per
     * call or common note of a deal, with the deal's pipeline: columns pipeline_id, at (the moment
     * that decides its day), user_id, group_id, tasks, calls, notes (0 or 1). {@code tasks} and
     * {@code notes} are further conditions on the tasks (alias t) and notes (alias n), {@code deals}
     * on the deal (alias d).
     */
    static String rows(String tasks, String notes, String deals) {
        return """
                select d.pipeline_id, a.at, a.user_id, a.group_id, a.tasks, a.calls, a.notes
                from (
                  select t.entity_id as deal_id, t.updated_at as at, t.responsible_user_id as user_id, t.group_id, 1 as tasks, 0 as calls,
                         0 as notes
                  from tasks t
                  where t.account_id = :a and t.entity_type = 'leads' and t.is_completed = true and %1$s
                  union all
                  select n.entity_id, n.created_at, n.created_by, n.group_id, 0, case when n.note_type = 'common' then 0 else 1 end,
                         case when n.note_type = 'common' then 1 else 0 end
                  from notes n
                  where n.account_id = :a and n.entity_type = 'leads' and n.note_type in ('call_in', 'call_out', 'common') and %2$s
                ) a
                join deals d on d.account_id = :a and d.id = a.deal_id
                where d.is_deleted = false and %3$s
                """.formatted(tasks, notes, deals);
    }

    /** The rollup's rows of some activity ({@link #rows}), grouped, each sum with {@code sign} ("" or "-"). */
    static String grouped(String rows, String sign) {
        return """
                select :a as account_id, r.pipeline_id, r.activity_day, r.user_id, r.group_id,
                       %2$s sum(r.tasks) as tasks, %2$s sum(r.calls) as calls, %2$s sum(r.notes) as notes
                from (select x.pipeline_id, %3$s as activity_day, x.user_id, x.group_id, x.tasks, x.calls, x.notes from (%1$s) x) r
                group by r.pipeline_id, r.activity_day, r.user_id, r.group_id
                """.formatted(rows, sign, CohortDays.day("x.at"));
    }

    @Override
    public void around(long accountId, Scope scope, Runnable write) {
        if (scope.ids().isEmpty()) {
            write.run();
            return;
        }
        record(accountId, scope, "-");
        write.run();
        record(accountId, scope, "");
    }

    @Override
    public void added(long accountId, Scope scope, Runnable write) {
        write.run();
        if (!scope.ids().isEmpty()) {
            record(accountId, scope, "");
        }
    }

    private void record(long accountId, Scope scope, String sign) {
        List<Long> ids = scope.ids().stream().distinct().sorted().toList();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            String in = ids.subList(i, Math.min(ids.size(), i + CHUNK)).stream().map(String::valueOf)
                    .collect(Collectors.joining(", ", "(", ")"));
            String tasks = scope.tasks() ? (scope.byDeal() ? "t.entity_id in " : "t.id in ") + in : "1 = 0";
            String notes = scope.notes() ? (scope.byDeal() ? "n.entity_id in " : "n.id in ") + in : "1 = 0";
            String sql = "insert into analytics_activity_deltas (account_id, pipeline_id, activity_day, user_id, group_id, tasks, calls, "
                    + "notes)\n" + grouped(rows(tasks, notes, "1 = 1"), sign);
            jdbc.update(Literals.inline(sql, Map.of("a", accountId)));
        }
    }

    /**
     * The activity of a report without deal filters as rows of (k, tasks, calls, notes), k being
     * the user or the department: the period's whole days (UTC) from the rollup, the part days at
     * either end from the tasks and notes.
     */
    String counted(ReportFilter f, boolean byDepartment, Map<String, Object> params) {
        String key = byDepartment ? "group_id" : "user_id";
        CohortDays days = new CohortDays(f);
        List<String> parts = new ArrayList<>();
        String wholeDays = days.wholeDays(params, "activity_day");
        if (wholeDays != null) {
            parts.add("select h." + key + " as k, h.tasks, h.calls, h.notes from (" + FOLD.rows(wholeDays) + ") h");
        }
        for (String[] part : days.partDays(params)) {
            parts.add(raw(key, part[0], part[1], "d.pipeline_id = :p"));
        }
        return String.join("\nunion all\n", parts);
    }

    /** The activity between two parameters read from the tasks and notes, as rows of (k, tasks, calls, notes). */
    static String raw(String key, String from, String to, String deals) {
        return "select r." + key + " as k, r.tasks, r.calls, r.notes from (" + rows("t.updated_at >= " + from + " and t.updated_at < " + to,
                "n.created_at >= " + from + " and n.created_at < " + to, deals) + ") r";
    }
}
