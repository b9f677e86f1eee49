package org.voronka.automation.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.automation.Rule;
import org.voronka.automation.Run;
import org.voronka.customfield.FieldNumbers;
import org.voronka.deal.DealSelection;
import org.voronka.shared.RowsStatement;
import org.voronka.shared.Times;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Rules and their runs. */
@Repository
public class AutomationRepository {

    private static final String RULE = "account_id, id, pipeline_id, status_id, name, trigger_type, trigger_minutes, conditions, "
            + "delay_minutes, actions, sort, paused, flagged_reason, created_by, created_at, updated_at, wait_for_working_hours, "
            + "trigger_field, trigger_value";
    private static final String RUN = "account_id, id, rule_id, deal_id, entered_at, due_at, state, result, error, created_at, finished_at";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ObjectMapper json;

    AutomationRepository(JdbcClient jdbc, JdbcTemplate template, ObjectMapper json) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
    }

    // ---- rules ----

    /** The account's rules, optionally of one pipeline, in stage and sort order. */
    public List<Rule> rules(long accountId, Long pipelineId) {
        return jdbc.sql("select " + RULE + " from automation_rules where account_id = :a"
                        + (pipelineId == null ? "" : " and pipeline_id = :p") + " order by pipeline_id, status_id, sort, id")
                .param("a", accountId).param("p", pipelineId).query(this::rule).list();
    }

    /** The rules that can fire now: not paused. */
    public List<Rule> activeRules(long accountId) {
        return jdbc.sql("select " + RULE + " from automation_rules where account_id = ? and not paused order by sort, id")
                .params(accountId).query(this::rule).list();
    }

    public Optional<Rule> rule(long accountId, long id) {
        return jdbc.sql("select " + RULE + " from automation_rules where account_id = ? and id = ?")
                .params(accountId, id).query(this::rule).optional();
    }

    public void insert(Rule r) {
        jdbc.sql("insert into automation_rules (" + RULE + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.accountId(), r.id(), r.pipelineId(), r.statusId(), r.name(), r.trigger(), r.triggerMinutes(),
                        json.writeValueAsString(r.conditions()), r.delayMinutes(), json.writeValueAsString(r.actions()), r.sort(),
                        r.paused(), r.flaggedReason(), r.createdBy(), Times.param(r.createdAt()), Times.param(r.updatedAt()),
                        r.waitForWorkingHours(), r.triggerField(), r.triggerValue())
                .update();
    }

    public void update(Rule r) {
        jdbc.sql("update automation_rules set pipeline_id = ?, status_id = ?, name = ?, trigger_type = ?, trigger_minutes = ?, "
                        + "conditions = ?, delay_minutes = ?, actions = ?, sort = ?, paused = ?, flagged_reason = ?, updated_at = ?, "
                        + "wait_for_working_hours = ?, trigger_field = ?, trigger_value = ? where account_id = ? and id = ?")
                .params(r.pipelineId(), r.statusId(), r.name(), r.trigger(), r.triggerMinutes(), json.writeValueAsString(r.conditions()),
                        r.delayMinutes(), json.writeValueAsString(r.actions()), r.sort(), r.paused(), r.flaggedReason(),
                        Times.param(r.updatedAt()), r.waitForWorkingHours(), r.triggerField(), r.triggerValue(), r.accountId(), r.id())
                .update();
    }

    public boolean delete(long accountId, long id) {
        jdbc.sql("delete from automation_runs where account_id = ? and rule_id = ?").params(accountId, id).update();
        jdbc.sql("delete from automation_rotations where account_id = ? and rule_id = ?").params(accountId, id).update();
        return jdbc.sql("delete from automation_rules where account_id = ? and id = ?").params(accountId, id).update() == 1;
    }

    public void sort(long accountId, long id, int sort) {
        jdbc.sql("update automation_rules set sort = ? where account_id = ? and id = ?").params(sort, accountId, id).update();
    }

    /** Stops a rule that loops: paused, with the reason shown to administrators. */
    public void flag(long accountId, long id, String reason, Instant now) {
        jdbc.sql("update automation_rules set paused = true, flagged_reason = ?, updated_at = ? where account_id = ? and id = ?")
                .params(reason, Times.param(now), accountId, id).update();
    }

    // ---- runs ----

    public void insertRuns(List<Run> runs) {
        template.batchUpdate("insert into automation_runs (" + RUN + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                runs.stream().map(r -> new Object[] {r.accountId(), r.id(), r.ruleId(), r.dealId(), Times.param(r.enteredAt()),
                        Times.param(r.dueAt()), r.state(), r.result(), r.error(), Times.param(r.createdAt()),
                        Times.param(r.finishedAt())}).toList());
    }

    /**
     * Takes up to {@code limit} due runs, oldest first, and keeps them locked until the caller's
     * transaction ends: other nodes skip them, and if this node dies the locks go with its
     * connection and the runs are taken again.
     */
    public List<Run> claimDue(Instant now, int limit) {
        return jdbc.sql("select " + RUN + " from automation_runs where state = 'pending' and due_at <= ? "
                        + "order by due_at, id limit ? for update skip locked")
                .params(Times.param(now), limit).query(AutomationRepository::run).list();
    }

    public void finish(Run run, String state, String result, String error, Instant at) {
        jdbc.sql("update automation_runs set state = ?, result = ?, error = ?, finished_at = ? where account_id = ? and id = ?")
                .params(state, cut(result, 2000), cut(error, 1000), Times.param(at), run.accountId(), run.id()).update();
    }

    /** Pending runs of the rules for the deals will not run: skipped, with why (a date field's runs when the date or the stage changes). */
    public void cancelPending(long accountId, Collection<Long> ruleIds, Collection<Long> dealIds, String why, Instant at) {
        if (ruleIds.isEmpty() || dealIds.isEmpty()) {
            return;
        }
        jdbc.sql("update automation_runs set state = 'skipped', result = :why, finished_at = :at where account_id = :a "
                        + "and deal_id in (:deals) and state = 'pending' and rule_id in (:rules)")
                .param("why", why).param("at", Times.param(at)).param("a", accountId).param("deals", dealIds).param("rules", ruleIds)
                .update();
    }

    /** The rule's pending runs will not run: skipped, with why. */
    public int cancelPendingOfRule(long accountId, long ruleId, String why, Instant at) {
        return jdbc.sql("update automation_runs set state = 'skipped', result = ?, finished_at = ? where account_id = ? and rule_id = ? "
                        + "and state = 'pending'")
                .params(why, Times.param(at), accountId, ruleId).update();
    }

    /**
     * One pending run of a date rule per deal of {@code deals} that has a date in {@code dates}, due at
     * the date plus {@code offsetSeconds}, written by one statement; {@code nextId} takes the run's id.
     */
    public int insertDateRuns(Rule rule, Instant now, long offsetSeconds, DealSelection deals, FieldNumbers dates, String nextId) {
        var spec = jdbc.sql("insert into automation_runs (account_id, id, rule_id, deal_id, entered_at, due_at, state, created_at) "
                + "select :sel_account, " + nextId + ", :sel_rule, v.entity_id, :sel_now, timestamp with time zone '1970-01-01 00:00:00+00' "
                + "+ (cast(v.value_num as bigint) + :sel_offset) * interval '1' second, 'pending', :sel_now "
                + "from (" + dates.sql() + ") v where v.entity_id in (" + deals.sql() + ")");
        for (var p : deals.params().entrySet()) {
            spec = spec.param(p.getKey(), p.getValue());
        }
        for (var p : dates.params().entrySet()) {
            spec = spec.param(p.getKey(), p.getValue());
        }
        return spec.param("sel_account", rule.accountId()).param("sel_rule", rule.id()).param("sel_now", Times.param(now))
                .param("sel_offset", offsetSeconds).update();
    }

    /** The rule's pending runs: id and when due. */
    public Map<Long, Instant> pendingOfRule(long accountId, long ruleId) {
        Map<Long, Instant> due = new java.util.LinkedHashMap<>();
        jdbc.sql("select id, due_at from automation_runs where account_id = ? and rule_id = ? and state = 'pending' order by id")
                .params(accountId, ruleId).query((rs, n) -> Map.entry(rs.getLong(1), Times.instant(rs.getObject(2)))).list()
                .forEach(e -> due.put(e.getKey(), e.getValue()));
        return due;
    }

    /** Moves pending runs to new moments (the next working window). */
    public void reschedule(long accountId, Map<Long, Instant> dueById) {
        RowsStatement.run(template, "merge into automation_runs r using %s on r.account_id = ? and r.id = v.id "
                        + "when matched then update set due_at = v.due_at", List.of("id bigint", "due_at timestamp with time zone"),
                List.copyOf(dueById.entrySet()), e -> new Object[] {e.getKey(), Times.param(e.getValue())}, slice -> new Object[] {accountId});
    }

    /** How one run ended, for {@link #finishAll}. */
    public record Finish(Run run, String state, String result) {}

    private static final List<String> FINISH_COLUMNS = List.of("account_id bigint", "id bigint", "state varchar(16)", "result varchar(2000)");

    /** Records how the runs ended in one statement. */
    public void finishAll(List<Finish> finishes, Instant at) {
        RowsStatement.run(template, "merge into automation_runs r using %s on r.account_id = v.account_id and r.id = v.id "
                        + "when matched then update set state = v.state, result = v.result, error = null, finished_at = ?", FINISH_COLUMNS,
                finishes, f -> new Object[] {f.run().accountId(), f.run().id(), f.state(), cut(f.result(), 2000)},
                slice -> new Object[] {Times.param(at)});
    }

    /** A send the run queued ended on the dead-letter list: the run shows it as failed, with why. */
    public void sendFailed(long accountId, long runId, String error) {
        jdbc.sql("update automation_runs set state = 'failed', error = ? where account_id = ? and id = ?")
                .params(cut(error, 1000), accountId, runId).update();
    }

    /** Newest first. */
    public List<Run> runs(long accountId, long ruleId, String state, int offset, int limit) {
        return jdbc.sql("select " + RUN + " from automation_runs where account_id = :a and rule_id = :r"
                        + (state == null ? "" : " and state = :s") + " order by created_at desc, id desc offset :o rows fetch next :l rows only")
                .param("a", accountId).param("r", ruleId).param("s", state).param("o", offset).param("l", limit)
                .query(AutomationRepository::run).list();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private Rule rule(ResultSet rs, int row) throws SQLException {
        int minutes = rs.getInt("trigger_minutes");
        Integer triggerMinutes = rs.wasNull() ? null : minutes;
        return new Rule(rs.getLong("account_id"), rs.getLong("id"), rs.getLong("pipeline_id"), rs.getLong("status_id"),
                rs.getString("name"), rs.getString("trigger_type"), triggerMinutes, json.readValue(rs.getString("conditions"), MAP),
                rs.getInt("delay_minutes"), json.readValue(rs.getString("actions"), LIST), rs.getInt("sort"), rs.getBoolean("paused"),
                rs.getString("flagged_reason"), rs.getLong("created_by"), Times.instant(rs.getObject("created_at")),
                Times.instant(rs.getObject("updated_at")), rs.getBoolean("wait_for_working_hours"),
                rs.getString("trigger_field"), rs.getString("trigger_value"));
    }

    private static Run run(ResultSet rs, int row) throws SQLException {
        return new Run(rs.getLong("account_id"), rs.getLong("id"), rs.getLong("rule_id"), rs.getLong("deal_id"),
                Times.instant(rs.getObject("entered_at")), Times.instant(rs.getObject("due_at")), rs.getString("state"),
                rs.getString("result"), rs.getString("error"), Times.instant(rs.getObject("created_at")),
                Times.instant(rs.getObject("finished_at")));
    }
}
