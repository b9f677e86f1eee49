package org.voronka.contact.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.voronka.shared.EntityDirectory;
import org.voronka.shared.ClosestTaskColumn;
import org.voronka.task.ClosestTasksChanged;

/**
 * Lets tasks (and anything else attached through {@link EntityDirectory}) reach contacts and
 * companies, and keeps their {@code closest_task_at} exact. One bean per table.
 */
abstract class PartyTasks implements EntityDirectory {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final String table;

    PartyTasks(JdbcClient jdbc, JdbcTemplate template, String table) {
        this.jdbc = jdbc;
        this.template = template;
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
    void on(ClosestTasksChanged event) {
        if (table.equals(event.entityType())) {
            ClosestTaskColumn.write(template, table, event.accountId(), event.closest(), ClosestTasksChanged.Closest::entityId,
                    ClosestTasksChanged.Closest::closestTaskAt);
        }
    }

    @Component
    static class ContactTasks extends PartyTasks {
        ContactTasks(JdbcClient jdbc, JdbcTemplate template) {
            super(jdbc, template, "contacts");
        }
    }

    @Component
    static class CompanyTasks extends PartyTasks {
        CompanyTasks(JdbcClient jdbc, JdbcTemplate template) {
            super(jdbc, template, "companies");
        }
    }
}
