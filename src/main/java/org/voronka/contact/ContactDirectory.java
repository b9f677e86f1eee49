package org.voronka.contact;

import java.util.Collection;
import java.util.HashSet;
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

    private Set<Long> existing(String table, long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select id from " + table + " where account_id = :a and id in (:ids) and not is_deleted")
                .param("a", accountId).param("ids", ids).query(Long.class).list());
    }
}
