package org.voronka.deal.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.voronka.deal.DealManagement;
import org.voronka.shared.Times;
import org.voronka.task.ClosestTaskChanged;
import org.voronka.shared.EntityDirectory;

/** Lets tasks be attached to deals and keeps each deal's {@code closest_task_at} exact. */
@Component
class DealTasks implements EntityDirectory {

    private final JdbcClient jdbc;

    DealTasks(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
    void on(ClosestTaskChanged event) {
        if (DealManagement.ENTITY.equals(event.entityType())) {
            jdbc.sql("update deals set closest_task_at = ? where account_id = ? and id = ?")
                    .params(Times.param(event.closestTaskAt()), event.accountId(), event.entityId()).update();
        }
    }
}
