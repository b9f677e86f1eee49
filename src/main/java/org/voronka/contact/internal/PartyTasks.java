package org.voronka.contact.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.voronka.shared.EntityDirectory;
import org.voronka.shared.Times;
import org.voronka.task.ClosestTaskChanged;

/**
 * Lets tasks (and anything else attached through {@link EntityDirectory}) reach contacts and
 * companies, and keeps their {@code closest_task_at} exact. One bean per table.
 */
abstract class PartyTasks implements EntityDirectory {

    private final JdbcClient jdbc;
    private final String table;

    PartyTasks(JdbcClient jdbc, String table) {
        this.jdbc = jdbc;
        this.table = table;
    }

    @Override
    public String entityType() {
        return table;
    }

    @Override
    public Set<Long> existing(long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select id from " + table + " where account_id = :a and id in (:ids) and not is_deleted")
                .param("a", accountId).param("ids", ids).query(Long.class).list());
    }

    @EventListener
    void on(ClosestTaskChanged event) {
        if (table.equals(event.entityType())) {
            jdbc.sql("update " + table + " set closest_task_at = ? where account_id = ? and id = ?")
                    .params(Times.param(event.closestTaskAt()), event.accountId(), event.entityId()).update();
        }
    }

    @Component
    static class ContactTasks extends PartyTasks {
        ContactTasks(JdbcClient jdbc) {
            super(jdbc, "contacts");
        }
    }

    @Component
    static class CompanyTasks extends PartyTasks {
        CompanyTasks(JdbcClient jdbc) {
            super(jdbc, "companies");
        }
    }
}
