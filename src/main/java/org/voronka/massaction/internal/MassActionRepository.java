package org.voronka.massaction.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.shared.RowsStatement;
import org.voronka.shared.Times;

/** The runs of mass actions and their frozen items. */
@Repository
public class MassActionRepository {

    public static final int WAITING = 0;
    public static final int DONE = 1;
    public static final int FAILED = 2;
    public static final int SKIPPED = 3;

    /** A run as stored; {@code params} is the action as JSON. */
    public record Row(long accountId, long id, String action, String params, String selection, String state, int total, int done,
                      int failed, boolean cancelRequested, Long undoOf, Long undoneBy, long createdBy, Instant createdAt,
                      Instant startedAt, Instant finishedAt) {}

    /** A frozen item: the deal, and once done, its values before the change and its updated_at after it. */
    public record Item(long dealId, int state, String reason, String before, Instant changedAt) {}

    /** The outcome of one item, written in the transaction of its change. */
    public record Outcome(long dealId, int state, String reason, String before, Instant changedAt) {}

    private static final String COLUMNS = "account_id, id, action, params, selection, state, total, done_count, failed_count, "
            + "cancel_requested, undo_of, undone_by, created_by, created_at, started_at, finished_at";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    MassActionRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public void insert(Row r) {
        jdbc.sql("insert into mass_actions (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.accountId(), r.id(), r.action(), r.params(), r.selection(), r.state(), r.total(), r.done(), r.failed(),
                        r.cancelRequested(), r.undoOf(), r.undoneBy(), r.createdBy(), Times.param(r.createdAt()),
                        Times.param(r.startedAt()), Times.param(r.finishedAt()))
                .update();
    }

    /**
     * Freezes the deals of a run in one INSERT … SELECT: {@code selectIds} is a SELECT of one
     * column of deal ids with its named parameters. Returns how many.
     */
    public int freeze(long accountId, long id, String selectIds, Map<String, Object> params) {
        var spec = jdbc.sql("insert into mass_action_items (account_id, action_id, deal_id, state) "
                + "select :sel_account, :sel_action, s.id, " + WAITING + " from (" + selectIds + ") s");
        for (var p : params.entrySet()) {
            spec = spec.param(p.getKey(), p.getValue());
        }
        return spec.param("sel_account", accountId).param("sel_action", id).update();
    }

    /** The ids a selection (a SELECT of deal ids with named parameters) matches, ascending, read in one pass. */
    public long[] ids(String selectIds, Map<String, Object> params) {
        var spec = jdbc.sql("select s.id from (" + selectIds + ") s order by s.id");
        for (var p : params.entrySet()) {
            spec = spec.param(p.getKey(), p.getValue());
        }
        java.util.List<Long> ids = spec.query(Long.class).list();
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** Freezes the given deals (already checked to exist). */
    public void freezeIds(long accountId, long id, List<Long> dealIds) {
        template.batchUpdate("insert into mass_action_items (account_id, action_id, deal_id, state) values (?, ?, ?, " + WAITING + ")",
                dealIds.stream().map(d -> new Object[] {accountId, id, d}).toList());
    }

    /** Freezes the deals an earlier run changed, for its undo. */
    public int freezeDoneOf(long accountId, long id, long undoOf) {
        return jdbc.sql("insert into mass_action_items (account_id, action_id, deal_id, state) "
                        + "select account_id, ?, deal_id, " + WAITING + " from mass_action_items "
                        + "where account_id = ? and action_id = ? and state = " + DONE)
                .params(id, accountId, undoOf).update();
    }

    public void setTotal(long accountId, long id, int total) {
        jdbc.sql("update mass_actions set total = ? where account_id = ? and id = ?").params(total, accountId, id).update();
    }

    public Optional<Row> find(long accountId, long id) {
        return jdbc.sql("select " + COLUMNS + " from mass_actions where account_id = ? and id = ?")
                .params(accountId, id).query(MassActionRepository::row).optional();
    }

    /** Locks the run: a chunk holds it while it works, so two workers never process one run at once. */
    public Optional<Row> lock(long accountId, long id) {
        return jdbc.sql("select " + COLUMNS + " from mass_actions where account_id = ? and id = ? for update")
                .params(accountId, id).query(MassActionRepository::row).optional();
    }

    public List<Row> recent(long accountId, int limit) {
        return jdbc.sql("select " + COLUMNS + " from mass_actions where account_id = ? order by created_at desc, id desc "
                        + "fetch first " + limit + " rows only")
                .params(accountId).query(MassActionRepository::row).list();
    }

    public List<Long> waiting(long accountId, long id, int limit) {
        return jdbc.sql("select deal_id from mass_action_items where account_id = ? and action_id = ? and state = " + WAITING
                        + " order by deal_id fetch first " + limit + " rows only")
                .params(accountId, id).query(Long.class).list();
    }

    /** Items of a run by deal (for an undo: the original run's records of the deals). */
    public Map<Long, Item> items(long accountId, long id, List<Long> dealIds) {
        Map<Long, Item> result = new java.util.LinkedHashMap<>();
        if (dealIds.isEmpty()) {
            return result;
        }
        // the range keeps the lookup on the primary key whatever the statistics say (see record)
        jdbc.sql("select deal_id, state, reason, before_value, changed_at from mass_action_items "
                        + "where account_id = :a and action_id = :id and deal_id between :lo and :hi and deal_id in (:deals)")
                .param("a", accountId).param("id", id).param("deals", dealIds)
                .param("lo", dealIds.stream().mapToLong(Long::longValue).min().orElseThrow())
                .param("hi", dealIds.stream().mapToLong(Long::longValue).max().orElseThrow())
                .query((rs, n) -> new Item(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        Times.instant(rs.getObject(5))))
                .list().forEach(i -> result.put(i.dealId(), i));
        return result;
    }

    public List<Item> failures(long accountId, long id, int limit) {
        return jdbc.sql("select deal_id, state, reason, before_value, changed_at from mass_action_items "
                        + "where account_id = ? and action_id = ? and state = " + FAILED + " order by deal_id fetch first " + limit
                        + " rows only")
                .params(accountId, id)
                .query((rs, n) -> new Item(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), null)).list();
    }

    private static final List<String> OUTCOME_COLUMNS = List.of("deal_id bigint", "state smallint", "reason varchar(500)",
            "before_value varchar(4000)", "changed_at timestamp with time zone");

    /** Records the outcomes of a chunk and adds them to the run's counts. */
    public void record(long accountId, long id, List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        // the run and the chunk's range of deals are constants, so the items are found by the primary key even when the
        // table's statistics are older than the run (a hash join over every run's items would grow with the history)
        RowsStatement.run(template, "merge into mass_action_items i using %s on i.account_id = ? and i.action_id = ? "
                        + "and i.deal_id between ? and ? and i.deal_id = v.deal_id when matched then update set state = v.state, "
                        + "reason = v.reason, before_value = v.before_value, changed_at = v.changed_at",
                OUTCOME_COLUMNS, outcomes, o -> new Object[] {o.dealId(), o.state(), o.reason(), o.before(), Times.param(o.changedAt())},
                slice -> new Object[] {accountId, id, slice.stream().mapToLong(Outcome::dealId).min().orElseThrow(),
                        slice.stream().mapToLong(Outcome::dealId).max().orElseThrow()});
        long done = outcomes.stream().filter(o -> o.state() == DONE).count();
        long failed = outcomes.stream().filter(o -> o.state() == FAILED).count();
        jdbc.sql("update mass_actions set done_count = done_count + ?, failed_count = failed_count + ? where account_id = ? and id = ?")
                .params(done, failed, accountId, id).update();
    }

    public void started(long accountId, long id, Instant at) {
        jdbc.sql("update mass_actions set state = 'running', started_at = coalesce(started_at, ?) where account_id = ? and id = ?")
                .params(Times.param(at), accountId, id).update();
    }

    /** Ends a run; a cancelled run marks its waiting items skipped. */
    public void finish(long accountId, long id, String state, Instant at) {
        if ("cancelled".equals(state)) {
            jdbc.sql("update mass_action_items set state = " + SKIPPED + " where account_id = ? and action_id = ? and state = " + WAITING)
                    .params(accountId, id).update();
        }
        jdbc.sql("update mass_actions set state = ?, finished_at = ? where account_id = ? and id = ?")
                .params(state, Times.param(at), accountId, id).update();
    }

    public boolean requestCancel(long accountId, long id) {
        return jdbc.sql("update mass_actions set cancel_requested = true where account_id = ? and id = ? and state in ('queued', 'running')")
                .params(accountId, id).update() == 1;
    }

    /** Links a run to its undo; false when it already has one. */
    public boolean markUndone(long accountId, long id, long undoId) {
        return jdbc.sql("update mass_actions set undone_by = ? where account_id = ? and id = ? and undone_by is null")
                .params(undoId, accountId, id).update() == 1;
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("account_id"), rs.getLong("id"), rs.getString("action"), rs.getString("params"),
                rs.getString("selection"), rs.getString("state"), rs.getInt("total"), rs.getInt("done_count"), rs.getInt("failed_count"),
                rs.getBoolean("cancel_requested"), (Long) rs.getObject("undo_of", Long.class), (Long) rs.getObject("undone_by", Long.class),
                rs.getLong("created_by"), Times.instant(rs.getObject("created_at")), Times.instant(rs.getObject("started_at")),
                Times.instant(rs.getObject("finished_at")));
    }
}
