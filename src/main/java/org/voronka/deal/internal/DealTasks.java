package org.voronka.deal.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.voronka.deal.DealManagement;
import org.voronka.shared.ClosestTaskColumn;
import org.voronka.task.ClosestTasksChanged;
import org.voronka.shared.EntityDirectory;

/** Lets tasks be attached to deals and keeps each deal's {@code closest_task_at} exact. */
@Component
class DealTasks implements EntityDirectory {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    DealTasks(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    @Override
    public String entityType() {
        return DealManagement.ENTITY;
    }

    @Override
    public Set<Long> existing(long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select id from deals where account_id = :a and id in (:ids) and not is_deleted")
                .param("a", accountId).param("ids", ids).query(Long.class).list());
    }

    @EventListener
    void on(ClosestTasksChanged event) {
        if (DealManagement.ENTITY.equals(event.entityType())) {
            ClosestTaskColumn.write(template, "deals", event.accountId(), event.closest(), ClosestTasksChanged.Closest::entityId,
                    ClosestTasksChanged.Closest::closestTaskAt);
        }
    }
}
