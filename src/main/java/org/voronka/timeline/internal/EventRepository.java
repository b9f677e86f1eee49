package org.voronka.timeline.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.shared.ActivityCounts;
import org.voronka.shared.ActivityCounts.Scope;
import org.voronka.shared.RowsStatement;
import org.voronka.shared.Times;
import org.voronka.timeline.TimelineEvent;

@Repository
public class EventRepository {

    private final JdbcTemplate template;
    private final JdbcClient jdbc;
    private final ActivityCounts activity;

    EventRepository(JdbcTemplate template, JdbcClient jdbc, ActivityCounts activity) {
        this.template = template;
        this.jdbc = jdbc;
        this.activity = activity;
    }

    /** Appends events; a single event with id 0 gets the next value of {@code event_seq} in the insert itself. */
    public void insert(long accountId, List<TimelineEvent> events) {
        String sql = "insert into events (account_id, id, type, entity_type, entity_id, created_by, created_at, value_before, value_after) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        List<Object[]> rows = events.stream().map(e -> new Object[] {accountId, e.id(), e.type(), e.entityType(), e.entityId(),
                e.createdBy(), Times.param(e.createdAt()), e.valueBefore(), e.valueAfter()}).toList();
        if (rows.size() == 1 && events.get(0).id() == 0) {
            template.update(sql.replace("values (?, ?,", "values (?, nextval('event_seq'),"), rows.get(0)[0], rows.get(0)[2],
                    rows.get(0)[3], rows.get(0)[4], rows.get(0)[5], rows.get(0)[6], rows.get(0)[7], rows.get(0)[8]);
        } else if (rows.size() == 1) {
            template.update(sql, rows.get(0));
        } else if (!rows.isEmpty()) {
            // a batch's events (a mass action's chunk, an import) are one statement
            RowsStatement.run(template, "insert into events (account_id, id, type, entity_type, entity_id, created_by, created_at, "
                    + "value_before, value_after) select account_id, id, type, entity_type, entity_id, created_by, created_at, "
                    + "value_before, value_after from %s", COLUMNS, rows, r -> r);
        }
    }

    private static final List<String> COLUMNS = List.of("account_id bigint", "id bigint", "type varchar(64)", "entity_type varchar(16)",
            "entity_id bigint", "created_by bigint", "created_at timestamp with time zone", "value_before varchar(4000)",
            "value_after varchar(4000)");

    public List<TimelineEvent> find(long accountId, String where, Map<String, Object> params, String order, int offset, int limit) {
        var spec = jdbc.sql("select * from events where account_id = :account" + (where.isEmpty() ? "" : " and " + where)
                + " order by " + order + " offset " + offset + " rows fetch next " + limit + " rows only");
        spec = spec.param("account", accountId);
        for (var p : params.entrySet()) {
            spec = spec.param(p.getKey(), p.getValue());
        }
        return spec.query((rs, n) -> new TimelineEvent(rs.getLong("id"), rs.getString("type"), rs.getString("entity_type"),
                rs.getLong("entity_id"), rs.getLong("created_by"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("value_before"), rs.getString("value_after"))).list();
    }

    /** Deletes the events (singular entity type) and notes (plural entity type) of entities. */
    public void deleteOfEntities(long accountId, String eventEntityType, String noteEntityType, List<Long> ids) {
        jdbc.sql("delete from events where account_id = :a and entity_type = :t and entity_id in (:ids)")
                .param("a", accountId).param("t", eventEntityType).param("ids", ids).update();
        activity.around(accountId, noteEntityType, Scope.notesOf(ids), () -> jdbc.sql(
                        "delete from notes where account_id = :a and entity_type = :t and entity_id in (:ids)")
                .param("a", accountId).param("t", noteEntityType).param("ids", ids).update());
    }
}
