package org.voronka.task.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.shared.ActivityCounts;
import org.voronka.shared.ActivityCounts.Scope;
import org.voronka.shared.MergeMoves;
import org.voronka.shared.SqlConditions;
import org.voronka.shared.Times;
import org.voronka.task.Task;
import org.voronka.task.TaskQuery;
import org.voronka.task.TaskType;

@Repository
public class TaskRepository {

    private static final String COLUMNS = "account_id, id, entity_type, entity_id, task_type_id, text, complete_till, duration, "
            + "responsible_user_id, group_id, is_completed, result_text, created_by, updated_by, created_at, updated_at";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ActivityCounts activity;

    TaskRepository(JdbcClient jdbc, JdbcTemplate template, ActivityCounts activity) {
        this.jdbc = jdbc;
        this.template = template;
        this.activity = activity;
    }

    // Every write of tasks runs through the activity counts (ADR 0031): a completed task of a deal is counted.

    public void insert(List<Task> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        // only the new tasks of deals can count
        List<Long> ofDeals = tasks.stream().filter(t -> ActivityCounts.DEALS.equals(t.entityType())).map(Task::id).toList();
        activity.added(tasks.get(0).accountId(), Scope.tasks(ofDeals), () -> template.batchUpdate(
                "insert into tasks (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tasks.stream().map(t -> new Object[] {t.accountId(), t.id(), t.entityType(), t.entityId(), t.taskTypeId(), t.text(),
                        Times.param(t.completeTill()), t.duration(), t.responsibleUserId(), t.groupId(), t.completed(), t.result(),
                        t.createdBy(), t.updatedBy(), Times.param(t.createdAt()), Times.param(t.updatedAt())}).toList()));
    }

    /** Tasks of one account. */
    public void update(List<Task> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        activity.around(tasks.get(0).accountId(), Scope.tasks(tasks.stream().map(Task::id).toList()), () -> template.batchUpdate(
                "update tasks set task_type_id = ?, text = ?, complete_till = ?, duration = ?, responsible_user_id = ?, "
                        + "group_id = ?, is_completed = ?, result_text = ?, updated_by = ?, updated_at = ? where account_id = ? and id = ?",
                tasks.stream().map(t -> new Object[] {t.taskTypeId(), t.text(), Times.param(t.completeTill()), t.duration(),
                        t.responsibleUserId(), t.groupId(), t.completed(), t.result(), t.updatedBy(), Times.param(t.updatedAt()),
                        t.accountId(), t.id()}).toList()));
    }

    public Map<Long, Task> lock(long accountId, Collection<Long> ids) {
        Map<Long, Task> result = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("select " + COLUMNS + " from tasks where account_id = :a and id in (:ids) order by id for update")
                    .param("a", accountId).param("ids", ids).query(TaskRepository::task).list().forEach(t -> result.put(t.id(), t));
        }
        return result;
    }

    public Optional<Task> find(long accountId, long id) {
        return jdbc.sql("select " + COLUMNS + " from tasks where account_id = ? and id = ?").params(accountId, id)
                .query(TaskRepository::task).optional();
    }

    /** The nearest open deadline of each entity that has an open task (entities without one are absent). */
    public Map<Long, Instant> closestOpen(long accountId, String entityType, Collection<Long> entityIds) {
        Map<Long, Instant> result = new java.util.HashMap<>();
        List<Long> all = List.copyOf(entityIds);
        for (int from = 0; from < all.size(); from += 5_000) {
            List<Long> slice = all.subList(from, Math.min(all.size(), from + 5_000));
            jdbc.sql("select entity_id, min(complete_till) from tasks where account_id = :a and entity_type = :t and entity_id in (:ids) "
                            + "and not is_completed group by entity_id")
                    .param("a", accountId).param("t", entityType).param("ids", slice)
                    .query((rs, n) -> Map.entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant())).list()
                    .forEach(e -> result.put(e.getKey(), e.getValue()));
        }
        return result;
    }

    public List<Task> list(long accountId, TaskQuery q) {
        List<String> and = new ArrayList<>();
        Map<String, Object> p = new LinkedHashMap<>();
        and.add("account_id = :account");
        p.put("account", accountId);
        SqlConditions.in(and, p, "id", q.ids());
        SqlConditions.in(and, p, "responsible_user_id", q.responsibleUserIds());
        SqlConditions.in(and, p, "task_type_id", q.taskTypeIds());
        SqlConditions.in(and, p, "entity_id", q.entityIds());
        SqlConditions.in(and, p, "created_by", q.createdBy());
        if (q.completed() != null) {
            and.add("is_completed = :completed");
            p.put("completed", q.completed());
        }
        if (q.entityType() != null) {
            and.add("entity_type = :entityType");
            p.put("entityType", q.entityType());
        }
        if (q.updatedFrom() != null) {
            and.add("updated_at >= :updatedFrom");
            p.put("updatedFrom", Times.param(q.updatedFrom()));
        }
        if (q.updatedTo() != null) {
            and.add("updated_at <= :updatedTo");
            p.put("updatedTo", Times.param(q.updatedTo()));
        }
        String column = switch (q.order().field()) {
            case ID -> "id";
            case CREATED_AT -> "created_at";
            case COMPLETE_TILL -> "complete_till";
        };
        String dir = q.order().descending() ? " desc" : " asc";
        var spec = jdbc.sql("select " + COLUMNS + " from tasks where " + String.join(" and ", and) + " order by " + column + dir
                + ", id" + dir + " offset " + q.offset() + " rows fetch next " + (q.limit() + 1) + " rows only");
        for (var e : p.entrySet()) {
            spec = spec.param(e.getKey(), e.getValue());
        }
        return spec.query(TaskRepository::task).list();
    }

    public List<TaskType> customTypes(long accountId) {
        return jdbc.sql("select * from task_types where account_id = ? order by id").param(accountId)
                .query((rs, n) -> new TaskType(rs.getLong("id"), rs.getString("name"), rs.getString("color"),
                        rs.getObject("icon_id", Integer.class), rs.getString("code"))).list();
    }

    public void insertType(long accountId, TaskType type) {
        jdbc.sql("insert into task_types (account_id, id, name, color, icon_id, code) values (?, ?, ?, ?, ?, ?)")
                .params(accountId, type.id(), type.name(), type.color(), type.iconId(), type.code()).update();
    }

    private static Task task(ResultSet rs, int n) throws SQLException {
        return new Task(rs.getLong("account_id"), rs.getLong("id"), rs.getString("entity_type"), rs.getObject("entity_id", Long.class),
                rs.getLong("task_type_id"), rs.getString("text"), rs.getObject("complete_till", OffsetDateTime.class).toInstant(),
                rs.getInt("duration"), rs.getLong("responsible_user_id"), rs.getLong("group_id"), rs.getBoolean("is_completed"),
                rs.getString("result_text"), rs.getLong("created_by"), rs.getLong("updated_by"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    public void deleteOfEntities(long accountId, String entityType, List<Long> entityIds) {
        activity.around(accountId, entityType, Scope.tasksOf(entityIds), () -> jdbc.sql(
                        "delete from tasks where account_id = :a and entity_type = :t and entity_id in (:ids)")
                .param("a", accountId).param("t", entityType).param("ids", entityIds).update());
    }

    /** Moves the entities' rows to the survivor of a merge, logging each move under the merge. */
    public void moveTo(long accountId, String entityType, long mergeId, List<Long> from, long survivor) {
        List<Long> entities = new ArrayList<>(from);
        entities.add(survivor);
        activity.around(accountId, entityType, Scope.tasksOf(entities),
                () -> new MergeMoves(jdbc, "tasks", "task_merge_moves", "task_id").moveTo(accountId, entityType, mergeId, from, survivor));
    }

    /** Undoes {@link #moveTo} for one merge. */
    public void moveBack(long accountId, String entityType, long mergeId) {
        List<Long> moved = jdbc.sql("select task_id from task_merge_moves where account_id = ? and merge_id = ?").params(accountId, mergeId)
                .query(Long.class).list();
        activity.around(accountId, entityType, Scope.tasks(moved),
                () -> new MergeMoves(jdbc, "tasks", "task_merge_moves", "task_id").moveBack(accountId, entityType, mergeId));
    }
}
