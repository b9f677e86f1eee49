package org.voronka.tag.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.shared.LikePattern;
import org.voronka.tag.Tag;

@Repository
public class TagRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    TagRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public Set<Long> existingIds(long accountId, String entityType, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select id from tags where account_id = :a and entity_type = :t and id in (:ids)")
                .param("a", accountId).param("t", entityType).param("ids", ids).query(Long.class).list());
    }

    /** Ids by lower-cased name. */
    public Map<String, Long> idsByName(long accountId, String entityType, List<String> names) {
        Map<String, Long> result = new HashMap<>();
        if (names.isEmpty()) {
            return result;
        }
        List<String> lower = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().toList();
        jdbc.sql("select id, name from tags where account_id = :a and entity_type = :t and lower(name) in (:names)")
                .param("a", accountId).param("t", entityType).param("names", lower)
                .query((rs, n) -> result.put(rs.getString("name").toLowerCase(Locale.ROOT), rs.getLong("id"))).list();
        return result;
    }

    public void insert(long accountId, String entityType, long id, String name, String color) {
        jdbc.sql("insert into tags (account_id, entity_type, id, name, color) values (?, ?, ?, ?, ?)")
                .params(accountId, entityType, id, name, color).update();
    }

    public Map<Long, List<Tag>> tagsOf(long accountId, String entityType, Collection<Long> entityIds) {
        Map<Long, List<Tag>> result = new LinkedHashMap<>();
        jdbc.sql("""
                select et.entity_id, t.id, t.name, t.color from entity_tags et
                join tags t on t.account_id = et.account_id and t.id = et.tag_id
                where et.account_id = :a and et.entity_type = :t and et.entity_id in (:ids)
                order by et.entity_id, t.name""")
                .param("a", accountId).param("t", entityType).param("ids", entityIds)
                .query((rs, n) -> result.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new Tag(rs.getLong(2), rs.getString(3), rs.getString(4))))
                .list();
        return result;
    }

    public void detachAll(long accountId, String entityType, long entityId) {
        jdbc.sql("delete from entity_tags where account_id = ? and entity_type = ? and entity_id = ?")
                .params(accountId, entityType, entityId).update();
    }

    public void detach(long accountId, String entityType, long entityId, List<Long> tagIds) {
        if (tagIds.isEmpty()) {
            return;
        }
        jdbc.sql("delete from entity_tags where account_id = :a and entity_type = :t and entity_id = :e and tag_id in (:ids)")
                .param("a", accountId).param("t", entityType).param("e", entityId).param("ids", tagIds).update();
    }

    public void attach(long accountId, String entityType, long entityId, List<Long> tagIds) {
        if (tagIds.isEmpty()) {
            return;
        }
        Set<Long> present = new HashSet<>(jdbc.sql("select tag_id from entity_tags where account_id = ? and entity_type = ? and entity_id = ?")
                .params(accountId, entityType, entityId).query(Long.class).list());
        List<Object[]> rows = tagIds.stream().distinct().filter(id -> !present.contains(id))
                .map(id -> new Object[] {accountId, entityType, entityId, id}).toList();
        template.batchUpdate("insert into entity_tags (account_id, entity_type, entity_id, tag_id) values (?, ?, ?, ?)", rows);
    }

    public void attachBatch(long accountId, String entityType, Map<Long, List<Long>> tagIdsByEntity) {
        List<Object[]> rows = new ArrayList<>();
        tagIdsByEntity.forEach((entityId, tagIds) -> tagIds.stream().distinct()
                .forEach(tagId -> rows.add(new Object[] {accountId, entityType, entityId, tagId})));
        if (!rows.isEmpty()) {
            template.batchUpdate("insert into entity_tags (account_id, entity_type, entity_id, tag_id) values (?, ?, ?, ?)", rows);
        }
    }

    /** A page of an entity type's dictionary, by name order. */
    public List<Tag> list(long accountId, String entityType, List<Long> ids, String exactName, String query, int offset, int limit) {
        StringBuilder where = new StringBuilder("account_id = :a and entity_type = :t");
        Map<String, Object> p = new HashMap<>();
        p.put("a", accountId);
        p.put("t", entityType);
        if (!ids.isEmpty()) {
            where.append(" and id in (:ids)");
            p.put("ids", ids);
        }
        if (exactName != null) {
            where.append(" and lower(name) = :name");
            p.put("name", exactName.toLowerCase(Locale.ROOT));
        }
        if (query != null && !query.isBlank()) {
            where.append(" and lower(name) like :q").append(LikePattern.ESCAPE);
            p.put("q", LikePattern.contains(query));
        }
        var spec = jdbc.sql("select id, name, color from tags where " + where + " order by name, id offset " + offset
                + " rows fetch next " + (limit + 1) + " rows only");
        for (var e : p.entrySet()) {
            spec = spec.param(e.getKey(), e.getValue());
        }
        return spec.query((rs, n) -> new Tag(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    public void updateColor(long accountId, long id, String color) {
        jdbc.sql("update tags set color = ? where account_id = ? and id = ?").params(color, accountId, id).update();
    }

    public void detachEntities(long accountId, String entityType, List<Long> entityIds) {
        jdbc.sql("delete from entity_tags where account_id = :a and entity_type = :t and entity_id in (:ids)")
                .param("a", accountId).param("t", entityType).param("ids", entityIds).update();
    }

    public List<org.voronka.tag.TagUse> uses(long accountId, String entityType) {
        return jdbc.sql("""
                select t.id, t.name, t.color, (select count(*) from entity_tags et
                    where et.account_id = t.account_id and et.entity_type = t.entity_type and et.tag_id = t.id) as uses
                from tags t where t.account_id = ? and t.entity_type = ? order by lower(t.name), t.id""")
                .params(accountId, entityType)
                .query((rs, n) -> new org.voronka.tag.TagUse(new Tag(rs.getLong(1), rs.getString(2), rs.getString(3)), rs.getLong(4)))
                .list();
    }

    public void rename(long accountId, long id, String name) {
        jdbc.sql("update tags set name = ? where account_id = ? and id = ?").params(name, accountId, id).update();
    }

    public void delete(long accountId, String entityType, long id) {
        jdbc.sql("delete from entity_tags where account_id = ? and entity_type = ? and tag_id = ?").params(accountId, entityType, id).update();
        jdbc.sql("delete from tags where account_id = ? and entity_type = ? and id = ?").params(accountId, entityType, id).update();
    }
}
