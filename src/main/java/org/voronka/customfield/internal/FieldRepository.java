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
import org.voronka.customfield.CustomField.StatusRef;
import org.voronka.customfield.FieldGroup;
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
        return load(accountId, entityType, null);
    }

    public java.util.Optional<CustomField> field(long accountId, long id) {
        String entityType = jdbc.sql("select entity_type from custom_fields where account_id = ? and id = ?").params(accountId, id)
                .query(String.class).optional().orElse(null);
        return entityType == null ? java.util.Optional.empty() : load(accountId, entityType, id).stream().findFirst();
    }

    private List<CustomField> load(long accountId, String entityType, Long onlyId) {
        String one = onlyId == null ? "" : " and f.id = " + onlyId;
        List<Row> rows = jdbc.sql("select id, entity_type, name, code, type, sort, is_predefined, group_id, is_api_only, is_deletable, "
                        + "is_visible, is_required, settings, remind, currency from custom_fields f "
                        + "where account_id = ? and entity_type = ?" + one + " order by sort, id")
                .params(accountId, entityType)
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("entity_type"), rs.getString("name"), rs.getString("code"),
                        rs.getString("type"), rs.getInt("sort"), rs.getBoolean("is_predefined"), rs.getString("group_id"),
                        rs.getBoolean("is_api_only"), rs.getBoolean("is_deletable"), rs.getBoolean("is_visible"),
                        rs.getBoolean("is_required"), rs.getString("settings"), rs.getString("remind"), rs.getString("currency")))
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<FieldEnum>> enums = new LinkedHashMap<>();
        jdbc.sql("select e.field_id, e.id, e.enum_value, e.code, e.sort from custom_field_enums e "
                        + "join custom_fields f on f.account_id = e.account_id and f.id = e.field_id "
                        + "where e.account_id = ? and f.entity_type = ?" + one + " order by e.field_id, e.sort, e.id")
                .params(accountId, entityType)
                .query((rs, n) -> enums.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new FieldEnum(rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5))))
                .list();
        Map<Long, List<StatusRef>> required = new LinkedHashMap<>();
        Map<Long, List<StatusRef>> hidden = new LinkedHashMap<>();
        jdbc.sql("select s.field_id, s.kind, s.pipeline_id, s.status_id from custom_field_statuses s "
                        + "join custom_fields f on f.account_id = s.account_id and f.id = s.field_id "
                        + "where s.account_id = ? and f.entity_type = ?" + one + " order by s.field_id, s.pipeline_id, s.status_id")
                .params(accountId, entityType)
                .query((rs, n) -> ("R".equals(rs.getString(2)) ? required : hidden).computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new StatusRef(rs.getLong(3), rs.getLong(4))))
                .list();
        return rows.stream().map(r -> new CustomField(r.id, r.entityType, r.name, r.code, r.type, r.sort, r.predefined,
                List.copyOf(enums.getOrDefault(r.id, List.of())), r.groupId, r.apiOnly, r.deletable, r.visible, r.required,
                List.copyOf(required.getOrDefault(r.id, List.of())), List.copyOf(hidden.getOrDefault(r.id, List.of())), r.settings,
                r.remind, r.currency)).toList();
    }

    private record Row(long id, String entityType, String name, String code, String type, int sort, boolean predefined,
                       String groupId, boolean apiOnly, boolean deletable, boolean visible, boolean required, String settings,
                       String remind, String currency) {}

    public void insertField(long accountId, CustomField f) {
        jdbc.sql("insert into custom_fields (account_id, entity_type, id, name, code, type, sort, is_predefined, is_deletable, "
                        + "is_api_only, group_id, is_visible, is_required, settings, remind, currency) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(accountId, f.entityType(), f.id(), f.name(), f.code(), f.type(), f.sort(), f.predefined(), f.deletable(),
                        f.apiOnly(), f.groupId(), f.visible(), f.required(), f.settings(), f.remind(), f.currency())
                .update();
        insertEnums(accountId, f.id(), f.enums());
        insertStatuses(accountId, f);
    }

    /** Rewrites a field's attributes, options (values of removed options go with them) and stages. */
    public void updateField(long accountId, CustomField f, List<Long> previousEnumIds) {
        jdbc.sql("update custom_fields set name = ?, code = ?, sort = ?, is_api_only = ?, group_id = ?, is_visible = ?, "
                        + "is_required = ?, settings = ?, remind = ?, currency = ? where account_id = ? and id = ?")
                .params(f.name(), f.code(), f.sort(), f.apiOnly(), f.groupId(), f.visible(), f.required(), f.settings(), f.remind(),
                        f.currency(), accountId, f.id())
                .update();
        List<Long> keep = f.enums().stream().map(FieldEnum::id).filter(previousEnumIds::contains).toList();
        if (keep.isEmpty()) {
            jdbc.sql("delete from custom_field_values where account_id = ? and field_id = ? and enum_id is not null")
                    .params(accountId, f.id()).update();
            jdbc.sql("delete from custom_field_enums where account_id = ? and field_id = ?").params(accountId, f.id()).update();
        } else {
            jdbc.sql("delete from custom_field_values where account_id = :a and field_id = :f and enum_id is not null "
                            + "and enum_id not in (:keep)").param("a", accountId).param("f", f.id()).param("keep", keep).update();
            jdbc.sql("delete from custom_field_enums where account_id = :a and field_id = :f and id not in (:keep)")
                    .param("a", accountId).param("f", f.id()).param("keep", keep).update();
            template.batchUpdate("update custom_field_enums set enum_value = ?, code = ?, sort = ? where account_id = ? and id = ?",
                    f.enums().stream().filter(e -> keep.contains(e.id())).map(e -> new Object[] {e.value(), e.code(), e.sort(), accountId, e.id()}).toList());
            // options renamed: the stored text of select-like values follows the option
            template.batchUpdate("update custom_field_values set value_text = ?, value_norm = ? where account_id = ? and field_id = ? "
                            + "and enum_id = ? and value_text <> ?",
                    f.enums().stream().filter(e -> org.voronka.customfield.FieldTypes.textFollowsOption(f.type()))
                            .map(e -> new Object[] {e.value(), e.value().trim().toLowerCase(java.util.Locale.ROOT), accountId, f.id(),
                                    e.id(), e.value()}).toList());
        }
        insertEnums(accountId, f.id(), f.enums().stream().filter(e -> !previousEnumIds.contains(e.id())).toList());
        jdbc.sql("delete from custom_field_statuses where account_id = ? and field_id = ?").params(accountId, f.id()).update();
        insertStatuses(accountId, f);
    }

    /** Inserts the options that are not stored yet. */
    public void insertEnums(long accountId, long fieldId, List<FieldEnum> enums) {
        if (!enums.isEmpty()) {
            template.batchUpdate("insert into custom_field_enums (account_id, field_id, id, enum_value, code, sort) values (?, ?, ?, ?, ?, ?)",
                    enums.stream().map(e -> new Object[] {accountId, fieldId, e.id(), e.value(), e.code(), e.sort()}).toList());
        }
    }

    private void insertStatuses(long accountId, CustomField f) {
        List<Object[]> rows = new ArrayList<>();
        f.requiredStatuses().stream().distinct().forEach(s -> rows.add(new Object[] {accountId, f.id(), "R", s.pipelineId(), s.statusId()}));
        f.hiddenStatuses().stream().distinct().forEach(s -> rows.add(new Object[] {accountId, f.id(), "H", s.pipelineId(), s.statusId()}));
        if (!rows.isEmpty()) {
            template.batchUpdate("insert into custom_field_statuses (account_id, field_id, kind, pipeline_id, status_id) values (?, ?, ?, ?, ?)",
                    rows);
        }
    }

    /** Deletes a field with its options, stages and every value. */
    public void deleteField(long accountId, long id) {
        jdbc.sql("delete from custom_field_values where account_id = ? and field_id = ?").params(accountId, id).update();
        jdbc.sql("delete from custom_field_statuses where account_id = ? and field_id = ?").params(accountId, id).update();
        jdbc.sql("delete from custom_field_enums where account_id = ? and field_id = ?").params(accountId, id).update();
        jdbc.sql("delete from custom_fields where account_id = ? and id = ?").params(accountId, id).update();
    }

    public boolean codeTaken(long accountId, String entityType, String code, long exceptId) {
        return jdbc.sql("select count(*) from custom_fields where account_id = ? and entity_type = ? and upper(code) = ? and id <> ?")
                .params(accountId, entityType, code.toUpperCase(java.util.Locale.ROOT), exceptId).query(Long.class).single() > 0;
    }

    /** The (entity, field) pairs among the given ones that have at least one value. */
    public Set<List<Long>> filled(long accountId, String entityType, Collection<Long> entityIds, Collection<Long> fieldIds) {
        if (entityIds.isEmpty() || fieldIds.isEmpty()) {
            return Set.of();
        }
        Set<List<Long>> result = new java.util.HashSet<>();
        jdbc.sql("select distinct entity_id, field_id from custom_field_values where account_id = :a and entity_type = :t "
                        + "and entity_id in (:e) and field_id in (:f)")
                .param("a", accountId).param("t", entityType).param("e", entityIds).param("f", fieldIds)
                .query((rs, n) -> result.add(List.of(rs.getLong(1), rs.getLong(2)))).list();
        return result;
    }

    public void deleteValues(long accountId, String entityType, Collection<Long> entityIds) {
        if (!entityIds.isEmpty()) {
            jdbc.sql("delete from custom_field_values where account_id = :a and entity_type = :t and entity_id in (:ids)")
                    .param("a", accountId).param("t", entityType).param("ids", entityIds).update();
        }
    }

    // ---- groups ----

    public List<FieldGroup> groups(long accountId, String entityType) {
        return jdbc.sql("select id, entity_type, name, sort from custom_field_groups where account_id = ? and entity_type = ? "
                        + "order by sort, name, id")
                .params(accountId, entityType)
                .query((rs, n) -> new FieldGroup(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4))).list();
    }

    public void insertGroup(long accountId, FieldGroup g) {
        jdbc.sql("insert into custom_field_groups (account_id, entity_type, id, name, sort) values (?, ?, ?, ?, ?)")
                .params(accountId, g.entityType(), g.id(), g.name(), g.sort()).update();
    }

    public void updateGroup(long accountId, FieldGroup g) {
        jdbc.sql("update custom_field_groups set name = ?, sort = ? where account_id = ? and id = ?")
                .params(g.name(), g.sort(), accountId, g.id()).update();
    }

    /** Deletes a group; its fields move to the main group. */
    public void deleteGroup(long accountId, String id) {
        jdbc.sql("update custom_fields set group_id = null where account_id = ? and group_id = ?").params(accountId, id).update();
        jdbc.sql("delete from custom_field_groups where account_id = ? and id = ?").params(accountId, id).update();
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
                inserts.add(new Object[] {accountId, entityType, entityId, fieldId, i, s.text(), s.norm(), s.enumId(), s.num()});
            }
        }));
        if (!deletes.isEmpty()) {
            template.batchUpdate("delete from custom_field_values where account_id = ? and entity_type = ? and entity_id = ? and field_id = ?",
                    deletes);
        }
        if (!inserts.isEmpty()) {
            template.batchUpdate("insert into custom_field_values (account_id, entity_type, entity_id, field_id, position, value_text, "
                    + "value_norm, enum_id, value_num) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts);
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

    /** An entity holding a normalised value in a field. */
    public record Holder(long entityId, long fieldId, String norm) {}

    /** Entities with one of the normalised values in the field, by field id (the value_norm index answers it). */
    public List<Holder> holders(long accountId, String entityType, Map<Long, List<String>> normsByField, int max) {
        List<String> or = new ArrayList<>();
        Map<String, Object> p = new LinkedHashMap<>();
        int i = 0;
        for (var e : normsByField.entrySet()) {
            or.add("(field_id = :f" + i + " and value_norm in (:n" + i + "))");
            p.put("f" + i, e.getKey());
            p.put("n" + i, e.getValue());
            i++;
        }
        var spec = jdbc.sql("select distinct entity_id, field_id, value_norm from custom_field_values where account_id = :a "
                + "and entity_type = :t and (" + String.join(" or ", or) + ") order by entity_id fetch first " + max + " rows only")
                .param("a", accountId).param("t", entityType);
        for (var e : p.entrySet()) {
            spec = spec.param(e.getKey(), e.getValue());
        }
        return spec.query((rs, n) -> new Holder(rs.getLong(1), rs.getLong(2), rs.getString(3))).list();
    }
}
