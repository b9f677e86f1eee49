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

/** Reports on the deals as they are now: open deals per stage and per responsible user, and stalled stages. */
@Repository
public class CurrentSql {

    private final JdbcTemplate jdbc;
    private final DealConditions conditions;

    /**
     * When deal {@code d} entered its stage: the time of its last move, found by the highest id of
     * its moves (an index-only lookup; moves are in time order by id, ADR 20) and that move's key.
     * Two lookups per deal: for one deal at a time; the stalled report joins {@link #STAGE_ENTERED}.
     */
    static final String LAST_MOVE_AT = "(select lm.moved_at from stage_transitions lm where lm.account_id = :a and lm.id = "
            + "(select max(t.id) from stage_transitions t where t.account_id = :a and t.deal_id = d.id))";

    /**
     * When each open deal of pipeline {@code :p} entered its stage, one row per deal ({@code deal_id},
     * {@code entered_at}) to join: the same last move as {@link #LAST_MOVE_AT}, read from the
     * projection (ADR 29). A deal standing in an open stage of the pipeline has the outcome
     * {@code open} on each of its entries into it, and each of them holds the deal's last move into
     * the pipeline, which is its last move. One index range for the whole pipeline instead of two
     * lookups per open deal.
     */
    static final String STAGE_ENTERED = "(select e.deal_id, max(e.last_at) as entered_at from analytics_entries e "
            + "where e.account_id = :a and e.pipeline_id = :p and e.outcome = 'open' group by e.deal_id)";

    /** Whether deal {@code d}, joined with its stage as {@code s} and {@link #STAGE_ENTERED} as {@code m}, is over the stage's target. */
    private static final String OVER_TARGET = "s.target_seconds is not null "
            + "and extract(epoch from cast(:now as timestamp with time zone)) - extract(epoch from m.entered_at) > s.target_seconds";

    CurrentSql(JdbcTemplate jdbc, DealConditions conditions) {
        this.jdbc = jdbc;
        this.conditions = conditions;
    }

    /** Open deals of a stage (or of a user when grouped by user). */
    public record OpenRow(long key, long deals, BigDecimal budget) {}

    /** Per stage: open deals, those without an open task, with an overdue task, and longer in the stage than its target. */
    public record StalledRow(long statusId, long open, long withoutTask, long overdue, long overTarget) {}

    /** The filter's pipeline and deal filters are used; its period is not. */
    public List<OpenRow> openByStage(long accountId, ReportFilter f) {
        return open(accountId, f, "d.status_id");
    }

    public List<OpenRow> openByUser(long accountId, ReportFilter f) {
        return open(accountId, f, "d.responsible_user_id");
    }

    private List<OpenRow> open(long accountId, ReportFilter f, String key) {
        long pipelineId = f.pipelineId();
        Map<String, Object> p = new HashMap<>();
        List<String> and = new ArrayList<>();
        conditions.add(accountId, f, and, p);
        p.put("a", accountId);
        p.put("p", pipelineId);
        String sql = "select " + key + " as k, count(*) as n, sum(d.price) as budget from deals d "
                + "where d.account_id = :a and d.pipeline_id = :p and d.is_deleted = false and d.status_id not in (142, 143)"
                + (and.isEmpty() ? "" : " and " + String.join(" and ", and)) + " group by " + key;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new OpenRow(rs.getLong("k"), rs.getLong("n"), HistorySql.money(rs.getBigDecimal("budget"))));
    }

    /**
     * The stalled-stage counts. A deal's time in its stage runs from its last move (the move that
     * brought it there); the stage's target duration, when set, is compared with that.
     */
    public List<StalledRow> stalled(long accountId, ReportFilter f, Instant now) {
        long pipelineId = f.pipelineId();
        Map<String, Object> p = new HashMap<>();
        List<String> and = new ArrayList<>();
        conditions.add(accountId, f, and, p);
        p.put("a", accountId);
        p.put("p", pipelineId);
        p.put("now", Times.param(now));
        String sql = """
                select d.status_id, count(*) as n,
                       sum(case when d.closest_task_at is null then 1 else 0 end) as without_task,
                       sum(case when d.closest_task_at < :now then 1 else 0 end) as overdue,
                       sum(case when\s""" + OVER_TARGET + """
                        then 1 else 0 end) as over_target
                from deals d
                join statuses s on s.account_id = :a and s.pipeline_id = :p and s.id = d.status_id
                left join\s""" + STAGE_ENTERED + """
                 m on m.deal_id = d.id
                where d.account_id = :a and d.pipeline_id = :p and d.is_deleted = false and d.status_id not in (142, 143)
                """ + (and.isEmpty() ? "" : " and " + String.join(" and ", and)) + """
                group by d.status_id
                """;
        return jdbc.query(Literals.inline(sql, p), (rs, n) -> new StalledRow(rs.getLong("status_id"), rs.getLong("n"), rs.getLong("without_task"),
                rs.getLong("overdue"), rs.getLong("over_target")));
    }

    /**
     * Ids of open deals of a pipeline, ascending after {@code afterId}: optionally of one stage or
     * one responsible user, and only the stalled kind asked for ({@code without_task},
     * {@code overdue_task}, {@code over_target}).
     */
    public List<Long> openDealIds(long accountId, ReportFilter f, Long statusId, Long userId, String kind, Instant now, long afterId,
                                  int limit) {
        long pipelineId = f.pipelineId();
        Map<String, Object> p = new HashMap<>();
        List<String> and = new ArrayList<>();
        conditions.add(accountId, f, and, p);
        p.put("a", accountId);
        p.put("p", pipelineId);
        p.put("now", Times.param(now));
        p.put("after", afterId);
        p.put("limit", limit);
        if (statusId != null) {
            and.add("d.status_id = :status");
            p.put("status", statusId);
        }
        if (userId != null) {
            and.add("d.responsible_user_id = :user");
            p.put("user", userId);
        }
        if ("without_task".equals(kind)) {
            and.add("d.closest_task_at is null");
        } else if ("overdue_task".equals(kind)) {
            and.add("d.closest_task_at < :now");
        }
        boolean overTarget = "over_target".equals(kind);
        if (overTarget) {
            and.add(OVER_TARGET);
        }
        String sql = "select d.id from deals d"
                + (overTarget ? " join statuses s on s.account_id = :a and s.pipeline_id = :p and s.id = d.status_id left join "
                        + STAGE_ENTERED + " m on m.deal_id = d.id" : "")
                + " where d.account_id = :a and d.pipeline_id = :p and d.is_deleted = false "
                + "and d.status_id not in (142, 143) and d.id > :after"
                + (and.isEmpty() ? "" : " and " + String.join(" and ", and)) + " order by d.id limit :limit";
        return jdbc.queryForList(Literals.inline(sql, p), Long.class);
    }
}
