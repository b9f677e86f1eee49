package org.voronka.customfield.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.customfield.CustomField;
import org.voronka.customfield.CustomField.FieldEnum;
import org.voronka.customfield.PreparedValues.Stored;

@Repository
public class FieldRepository {

    /** A stored value row with the entity it belongs to. */
    public record ValueRow(long entityId, long fieldId, int position, String text, Long enumId) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    FieldRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public List<CustomField> fields(long accountId, String entityType) {
        Map<Long, List<FieldEnum>> enums = new LinkedHashMap<>();
        jdbc.sql("""
                select e.field_id, e.id, e.enum_value, e.code, e.sort from custom_field_enums e
                join custom_fields f on f.account_id = e.account_id and f.id = e.field_id
                where e.account_id = ? and f.entity_type = ? order by e.field_id, e.sort, e.id""")
                .params(accountId, entityType)
                .query((rs, n) -> enums.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new FieldEnum(rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5))))
                .list();
        return jdbc.sql("select id, entity_type, name, code, type, sort, is_predefined from custom_fields "
                        + "where account_id = ? and entity_type = ? order by sort, id")
                .params(accountId, entityType)
                .query((rs, n) -> new CustomField(rs.getLong("id"), rs.getString("entity_type"), rs.getString("name"),
                        rs.getString("code"), rs.getString("type"), rs.getInt("sort"), rs.getBoolean("is_predefined"),
                        List.copyOf(enums.getOrDefault(rs.getLong("id"), List.of()))))
                .list();
    }

    public void insertField(long accountId, CustomField f) {
        jdbc.sql("insert into custom_fields (account_id, entity_type, id, name, code, type, sort, is_predefined, is_deletable) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(accountId, f.entityType(), f.id(), f.name(), f.code(), f.type(), f.sort(), f.predefined(), !f.predefined())
                .update();
        if (!f.enums().isEmpty()) {
            template.batchUpdate("insert into custom_field_enums (account_id, field_id, id, enum_value, code, sort) values (?, ?, ?, ?, ?, ?)",
                    f.enums().stream().map(e -> new Object[] {accountId, f.id(), e.id(), e.value(), e.code(), e.sort()}).toList());
        }
    }

    public List<ValueRow> values(long accountId, String entityType, Collection<Long> entityIds) {
        if (entityIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select entity_id, field_id, position, value_text, enum_id from custom_field_values "
                        + "where account_id = :a and entity_type = :t and entity_id in (:ids) order by entity_id, field_id, position")
                .param("a", accountId).param("t", entityType).param("ids", entityIds)
                .query((rs, n) -> new ValueRow(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
                        rs.getObject(5, Long.class)))
                .list();
    }

    /** Replaces the values of the given (entity, field) pairs. */
    public void replace(long accountId, String entityType, Map<Long, Map<Long, List<Stored>>> byEntity) {
        List<Object[]> deletes = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        byEntity.forEach((entityId, byField) -> byField.forEach((fieldId, values) -> {
            deletes.add(new Object[] {accountId, entityType, entityId, fieldId});
            for (int i = 0; i < values.size(); i++) {
                Stored s = values.get(i);
                inserts.add(new Object[] {accountId, entityType, entityId, fieldId, i, s.text(), s.norm(), s.enumId()});
            }
        }));
        if (!deletes.isEmpty()) {
            template.batchUpdate("delete from custom_field_values where account_id = ? and entity_type = ? and entity_id = ? and field_id = ?",
                    deletes);
        }
        if (!inserts.isEmpty()) {
            template.batchUpdate("insert into custom_field_values (account_id, entity_type, entity_id, field_id, position, value_text, "
                    + "value_norm, enum_id) values (?, ?, ?, ?, ?, ?, ?, ?)", inserts);
        }
    }

    /** Entities with a value whose normalised form matches one of the LIKE patterns (escaped with '\\'). */
    public Set<Long> entitiesLike(long accountId, String entityType, List<String> likePatterns, int max) {
        if (likePatterns.isEmpty()) {
            return Set.of();
        }
        List<String> or = new ArrayList<>();
        for (int i = 0; i < likePatterns.size(); i++) {
            or.add("value_norm like :p" + i + " escape '\\'");
        }
        var spec = jdbc.sql("select distinct entity_id from custom_field_values where account_id = :a and entity_type = :t and ("
                + String.join(" or ", or) + ") order by entity_id fetch first " + max + " rows only")
                .param("a", accountId).param("t", entityType);
        for (int i = 0; i < likePatterns.size(); i++) {
            spec = spec.param("p" + i, likePatterns.get(i));
        }
        return new LinkedHashSet<>(spec.query(Long.class).list());
    }
}
