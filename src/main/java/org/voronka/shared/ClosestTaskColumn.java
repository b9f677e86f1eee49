package org.voronka.shared;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the {@code closest_task_at} column that deals, contacts and companies keep for the task
 * filters: one statement for all the entities of a task change, and only the rows whose date
 * really changes are rewritten (a new task due after the entity's nearest one changes nothing).
 */
public final class ClosestTaskColumn {

    private static final List<String> COLUMNS = List.of("id bigint", "closest_task_at timestamp with time zone");

    private ClosestTaskColumn() {}

    public static <T> void write(JdbcTemplate jdbc, String table, long accountId, List<T> rows, Function<T, Long> id,
                                 Function<T, Instant> closestTaskAt) {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException("bad table name " + table);
        }
        // in id order, so two transactions writing the same entities lock them in the same order
        List<T> sorted = rows.stream().sorted(java.util.Comparator.comparing(id)).toList();
        RowsStatement.run(jdbc, "merge into " + table + " e using %s on e.account_id = ? and e.id = v.id "
                        + "when matched and e.closest_task_at is distinct from v.closest_task_at then update set closest_task_at = v.closest_task_at",
                COLUMNS, sorted, r -> new Object[] {id.apply(r), Times.param(closestTaskAt.apply(r))}, slice -> new Object[] {accountId});
    }
}
