package org.voronka.contact.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.contact.Company;
import org.voronka.contact.PartyQuery;
import org.voronka.shared.Times;

@Repository
public class CompanyRepository {

    static final String COLUMNS = "account_id, id, name, responsible_user_id, group_id, created_by, updated_by, created_at, "
            + "updated_at, closest_task_at, is_deleted";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    CompanyRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public Optional<Company> find(long accountId, long id) {
        return jdbc.sql("select " + COLUMNS + " from companies where account_id = ? and id = ? and not is_deleted")
                .params(accountId, id).query(CompanyRepository::company).optional();
    }

    public List<Company> findAll(long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from companies where account_id = :a and id in (:ids) and not is_deleted order by id")
                .param("a", accountId).param("ids", ids).query(CompanyRepository::company).list();
    }

    public Map<Long, Company> lock(long accountId, Collection<Long> ids) {
        Map<Long, Company> result = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("select " + COLUMNS + " from companies where account_id = :a and id in (:ids) and not is_deleted order by id for update")
                    .param("a", accountId).param("ids", ids).query(CompanyRepository::company).list()
                    .forEach(c -> result.put(c.id(), c));
        }
        return result;
    }

    public List<Company> list(long accountId, PartyQuery q, Collection<Long> matchedIds) {
        PartySql sql = PartySql.of(accountId, q, matchedIds);
        var spec = jdbc.sql("select " + COLUMNS + " from companies where " + sql.where() + " order by " + sql.orderBy()
                + " offset " + q.offset() + " rows fetch next " + (q.limit() + 1) + " rows only");
        for (var p : sql.params().entrySet()) {
            spec = spec.param(p.getKey(), p.getValue());
        }
        return spec.query(CompanyRepository::company).list();
    }

    public void insert(List<Company> companies) {
        template.batchUpdate("insert into companies (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                companies.stream().map(c -> new Object[] {c.accountId(), c.id(), c.name(), c.responsibleUserId(), c.groupId(),
                        c.createdBy(), c.updatedBy(), Times.param(c.createdAt()), Times.param(c.updatedAt()),
                        Times.param(c.closestTaskAt()), c.deleted()}).toList());
    }

    public void update(List<Company> companies) {
        if (companies.isEmpty()) {
            return;
        }
        template.batchUpdate("update companies set name = ?, responsible_user_id = ?, group_id = ?, updated_by = ?, updated_at = ? "
                        + "where account_id = ? and id = ?",
                companies.stream().map(c -> new Object[] {c.name(), c.responsibleUserId(), c.groupId(), c.updatedBy(),
                        Times.param(c.updatedAt()), c.accountId(), c.id()}).toList());
    }

    static Company company(ResultSet rs, int n) throws SQLException {
        return new Company(rs.getLong("account_id"), rs.getLong("id"), rs.getString("name"), rs.getLong("responsible_user_id"),
                rs.getLong("group_id"), rs.getLong("created_by"), rs.getLong("updated_by"), ContactRepository.instant(rs, "created_at"),
                ContactRepository.instant(rs, "updated_at"), ContactRepository.instant(rs, "closest_task_at"),
                rs.getBoolean("is_deleted"));
    }
}
