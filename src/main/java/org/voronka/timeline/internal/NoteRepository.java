package org.voronka.timeline.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
import org.voronka.shared.Times;
import org.voronka.timeline.Note;
import org.voronka.timeline.NoteQuery;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

@Repository
public class NoteRepository {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ObjectMapper json;
    private final ActivityCounts activity;

    NoteRepository(JdbcClient jdbc, JdbcTemplate template, ObjectMapper json, ActivityCounts activity) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
        this.activity = activity;
    }

    // Writes that add, remove or move notes run through the activity counts (ADR 0031): calls and common notes of deals are counted.

    /** Notes of one account. */
    public void insert(List<Note> notes) {
        if (notes.isEmpty()) {
            return;
        }
        // only the new notes of deals can count
        List<Long> ofDeals = notes.stream().filter(n -> ActivityCounts.DEALS.equals(n.entityType())).map(Note::id).toList();
        activity.added(notes.get(0).accountId(), Scope.notes(ofDeals), () -> template.batchUpdate(
                "insert into notes (account_id, id, entity_type, entity_id, note_type, params, responsible_user_id, group_id, "
                        + "is_pinned, created_by, updated_by, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                notes.stream().map(n -> new Object[] {n.accountId(), n.id(), n.entityType(), n.entityId(), n.noteType(),
                        json.writeValueAsString(n.params()), n.responsibleUserId(), n.groupId(), n.pinned(), n.createdBy(), n.updatedBy(),
                        Times.param(n.createdAt()), Times.param(n.updatedAt())}).toList()));
    }

    /** Writes none of the columns the activity counts read (type, entity, author, department, creation time). */
    public void update(List<Note> notes) {
        template.batchUpdate("update notes set params = ?, responsible_user_id = ?, is_pinned = ?, updated_by = ?, updated_at = ? "
                        + "where account_id = ? and id = ?",
                notes.stream().map(n -> new Object[] {json.writeValueAsString(n.params()), n.responsibleUserId(), n.pinned(),
                        n.updatedBy(), Times.param(n.updatedAt()), n.accountId(), n.id()}).toList());
    }

    public Map<Long, Note> lock(long accountId, String entityType, List<Long> ids) {
        Map<Long, Note> result = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("select * from notes where account_id = :a and entity_type = :t and id in (:ids) order by id for update")
                    .param("a", accountId).param("t", entityType).param("ids", ids).query(this::note).list()
                    .forEach(n -> result.put(n.id(), n));
        }
        return result;
    }

    public Optional<Note> find(long accountId, String entityType, long id) {
        return jdbc.sql("select * from notes where account_id = ? and entity_type = ? and id = ?").params(accountId, entityType, id)
                .query(this::note).optional();
    }

    public List<Note> list(long accountId, NoteQuery q) {
        List<String> and = new ArrayList<>();
        Map<String, Object> p = new LinkedHashMap<>();
        and.add("account_id = :account and entity_type = :type");
        p.put("account", accountId);
        p.put("type", q.entityType());
        if (!q.ids().isEmpty()) {
            and.add("id in (:ids)");
            p.put("ids", q.ids());
        }
        if (!q.entityIds().isEmpty()) {
            and.add("entity_id in (:entityIds)");
            p.put("entityIds", q.entityIds());
        }
        if (!q.noteTypes().isEmpty()) {
            and.add("note_type in (:noteTypes)");
            p.put("noteTypes", q.noteTypes());
        }
        if (q.updatedFrom() != null) {
            and.add("updated_at >= :from");
            p.put("from", Times.param(q.updatedFrom()));
        }
        if (q.updatedTo() != null) {
            and.add("updated_at <= :to");
            p.put("to", Times.param(q.updatedTo()));
        }
        String dir = q.descending() ? " desc" : " asc";
        String order = q.orderByUpdated() ? "updated_at" + dir + ", id" + dir : "id" + dir;
        var spec = jdbc.sql("select * from notes where " + String.join(" and ", and) + " order by " + order + " offset " + q.offset()
                + " rows fetch next " + (q.limit() + 1) + " rows only");
        for (var e : p.entrySet()) {
            spec = spec.param(e.getKey(), e.getValue());
        }
        return spec.query(this::note).list();
    }

    private Note note(ResultSet rs, int n) throws SQLException {
        return new Note(rs.getLong("account_id"), rs.getLong("id"), rs.getString("entity_type"), rs.getLong("entity_id"),
                rs.getString("note_type"), json.readValue(rs.getString("params"), MAP), rs.getLong("responsible_user_id"),
                rs.getLong("group_id"), rs.getBoolean("is_pinned"), rs.getLong("created_by"), rs.getLong("updated_by"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    /** Moves the entities' rows to the survivor of a merge, logging each move under the merge. */
    public void moveTo(long accountId, String entityType, long mergeId, List<Long> from, long survivor) {
        List<Long> entities = new ArrayList<>(from);
        entities.add(survivor);
        activity.around(accountId, entityType, Scope.notesOf(entities),
                () -> new MergeMoves(jdbc, "notes", "note_merge_moves", "note_id").moveTo(accountId, entityType, mergeId, from, survivor));
    }

    /** Undoes {@link #moveTo} for one merge. */
    public void moveBack(long accountId, String entityType, long mergeId) {
        List<Long> moved = jdbc.sql("select note_id from note_merge_moves where account_id = ? and merge_id = ?").params(accountId, mergeId)
                .query(Long.class).list();
        activity.around(accountId, entityType, Scope.notes(moved),
                () -> new MergeMoves(jdbc, "notes", "note_merge_moves", "note_id").moveBack(accountId, entityType, mergeId));
    }
}
