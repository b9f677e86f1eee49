package org.voronka.contact.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.contact.Contact;
import org.voronka.contact.PartyQuery;
import org.voronka.shared.Times;

@Repository
public class ContactRepository {

    static final String COLUMNS = "account_id, id, name, first_name, last_name, responsible_user_id, group_id, company_id, "
            + "created_by, updated_by, created_at, updated_at, closest_task_at, is_deleted";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    ContactRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public Optional<Contact> find(long accountId, long id) {
        return jdbc.sql("select " + COLUMNS + " from contacts where account_id = ? and id = ? and not is_deleted")
                .params(accountId, id).query(ContactRepository::contact).optional();
    }

    public List<Contact> findAll(long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from contacts where account_id = :a and id in (:ids) and not is_deleted order by id")
                .param("a", accountId).param("ids", ids).query(ContactRepository::contact).list();
    }

    /** Locks the live contacts among the ids, in id order so that concurrent batches cannot deadlock. */
    public Map<Long, Contact> lock(long accountId, Collection<Long> ids) {
        Map<Long, Contact> result = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("select " + COLUMNS + " from contacts where account_id = :a and id in (:ids) and not is_deleted order by id for update")
                    .param("a", accountId).param("ids", ids).query(ContactRepository::contact).list()
                    .forEach(c -> result.put(c.id(), c));
        }
        return result;
    }

    public List<Contact> list(long accountId, PartyQuery q, Collection<Long> matchedIds) {
        PartySql sql = PartySql.of(accountId, q, matchedIds);
        var spec = jdbc.sql("select " + COLUMNS + " from contacts where " + sql.where() + " order by " + sql.orderBy()
                + " offset " + q.offset() + " rows fetch next " + (q.limit() + 1) + " rows only");
        for (var p : sql.params().entrySet()) {
            spec = spec.param(p.getKey(), p.getValue());
        }
        return spec.query(ContactRepository::contact).list();
    }

    /** Live contacts of the companies, by company id, in id order. */
    public Map<Long, List<Long>> idsByCompany(long accountId, Collection<Long> companyIds) {
        Map<Long, List<Long>> result = new LinkedHashMap<>();
        if (!companyIds.isEmpty()) {
            jdbc.sql("select company_id, id from contacts where account_id = :a and company_id in (:ids) and not is_deleted order by company_id, id")
                    .param("a", accountId).param("ids", companyIds)
                    .query((rs, n) -> result.computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>()).add(rs.getLong(2)))
                    .list();
        }
        return result;
    }

    public void insert(List<Contact> contacts) {
        template.batchUpdate("insert into contacts (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                contacts.stream().map(c -> new Object[] {c.accountId(), c.id(), c.name(), c.firstName(), c.lastName(),
                        c.responsibleUserId(), c.groupId(), c.companyId(), c.createdBy(), c.updatedBy(), Times.param(c.createdAt()),
                        Times.param(c.updatedAt()), Times.param(c.closestTaskAt()), c.deleted()}).toList());
    }

    public void update(List<Contact> contacts) {
        if (contacts.isEmpty()) {
            return;
        }
        template.batchUpdate("update contacts set name = ?, first_name = ?, last_name = ?, responsible_user_id = ?, group_id = ?, "
                        + "company_id = ?, updated_by = ?, updated_at = ? where account_id = ? and id = ?",
                contacts.stream().map(c -> new Object[] {c.name(), c.firstName(), c.lastName(), c.responsibleUserId(), c.groupId(),
                        c.companyId(), c.updatedBy(), Times.param(c.updatedAt()), c.accountId(), c.id()}).toList());
    }

    static Contact contact(ResultSet rs, int n) throws SQLException {
        return new Contact(rs.getLong("account_id"), rs.getLong("id"), rs.getString("name"), rs.getString("first_name"),
                rs.getString("last_name"), rs.getLong("responsible_user_id"), rs.getLong("group_id"),
                rs.getObject("company_id", Long.class), rs.getLong("created_by"), rs.getLong("updated_by"),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "closest_task_at"), rs.getBoolean("is_deleted"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
