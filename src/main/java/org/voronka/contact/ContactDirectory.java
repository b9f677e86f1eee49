package org.voronka.contact;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Existence checks other modules need before they link to contacts and companies. */
@Service
public class ContactDirectory {

    private final JdbcClient jdbc;

    ContactDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Set<Long> existingContactIds(long accountId, Collection<Long> ids) {
        return existing("contacts", accountId, ids);
    }

    @Transactional(readOnly = true)
    public Set<Long> existingCompanyIds(long accountId, Collection<Long> ids) {
        return existing("companies", accountId, ids);
    }

    /** Names of contacts, by id, for display; unknown or deleted ones are left out. */
    @Transactional(readOnly = true)
    public Map<Long, String> contactNames(long accountId, Collection<Long> ids) {
        return names("contacts", accountId, ids);
    }

    /** Names of companies, by id, for display; unknown or deleted ones are left out. */
    @Transactional(readOnly = true)
    public Map<Long, String> companyNames(long accountId, Collection<Long> ids) {
        return names("companies", accountId, ids);
    }

    private Map<Long, String> names(String table, long accountId, Collection<Long> ids) {
        Map<Long, String> result = new HashMap<>();
        if (ids.isEmpty()) {
            return result;
        }
        jdbc.sql("select id, name from " + table + " where account_id = :a and id in (:ids) and not is_deleted")
                .param("a", accountId).param("ids", ids)
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2))).list()
                .forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }

    private Set<Long> existing(String table, long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select id from " + table + " where account_id = :a and id in (:ids) and not is_deleted")
                .param("a", accountId).param("ids", ids).query(Long.class).list());
    }
}
