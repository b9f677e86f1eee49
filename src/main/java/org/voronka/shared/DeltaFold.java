package org.voronka.shared;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Folds a table of delta rows into its table of totals (the board's stage counters, ADR 0021; the
 * analytics histograms, ADR 0028): the changes add rows to the deltas table only, so concurrent
 * changes never wait for each other on a total's row; a job adds them up into the totals now and
 * then, and a reader adds both.
 *
 * @param keys the columns both tables are keyed by
 * @param sums the columns added up
 */
public record DeltaFold(String totals, String deltas, List<String> keys, List<String> sums) {

    public static final int BATCH = 5_000;

    /**
     * Folds up to a batch of delta rows in the caller's transaction; the number folded. Only the
     * rows read (and locked) are folded and deleted, so a delta committed meanwhile waits for the
     * next fold.
     */
    public int fold(JdbcTemplate jdbc) {
        List<Long> ids = jdbc.queryForList("select id from " + deltas + " order by id fetch first " + BATCH + " rows only for update",
                Long.class);
        if (ids.isEmpty()) {
            return 0;
        }
        String in = ids.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
        if (Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) c -> c.getMetaData().getDatabaseProductName()
                .toLowerCase(java.util.Locale.ROOT).contains("postgres")))) {
            // a batch's few thousand keys are looked up in the totals by their primary key: PostgreSQL's planner would
            // otherwise hash them and read the whole totals table on every fold (100 ms at 300,000 rows, more as it grows)
            jdbc.execute("set local enable_hashjoin = off");
            jdbc.execute("set local enable_mergejoin = off");
        }
        String keyList = String.join(", ", keys);
        jdbc.update("merge into " + totals + " h using (select " + keyList + ", "
                + sums.stream().map(c -> "sum(" + c + ") as " + c).collect(Collectors.joining(", "))
                + " from " + deltas + " where id in " + in + " group by " + keyList + ") d on ("
                + keys.stream().map(k -> "h." + k + " = d." + k).collect(Collectors.joining(" and "))
                + ") when matched then update set " + sums.stream().map(c -> c + " = h." + c + " + d." + c).collect(Collectors.joining(", "))
                + " when not matched then insert (" + keyList + ", " + String.join(", ", sums) + ") values ("
                + keys.stream().map(k -> "d." + k).collect(Collectors.joining(", ")) + ", "
                + sums.stream().map(c -> "d." + c).collect(Collectors.joining(", ")) + ")");
        jdbc.update("delete from " + deltas + " where id in " + in);
        return ids.size();
    }

    /** Both tables' rows, as one table with the keys and sums (for a reader to add up), where {@code condition} holds (alias h). */
    public String rows(String condition) {
        String columns = keys.stream().map(k -> "h." + k).collect(Collectors.joining(", ")) + ", "
                + sums.stream().map(c -> "h." + c).collect(Collectors.joining(", "));
        return "select " + columns + " from " + totals + " h where " + condition + "\nunion all\nselect " + columns + " from " + deltas
                + " h where " + condition;
    }

    /**
     * The recurring job that folds: every {@code seconds}, on one node at a time, a batch per
     * transaction until a batch is not full. {@code fold} folds one batch and returns how many rows.
     */
    public static RecurringTask<Void> job(String name, int seconds, TransactionTemplate tx, IntSupplier fold) {
        return Tasks.recurring(name, FixedDelay.of(Duration.ofSeconds(seconds)))
                .execute((instance, context) -> {
                    Integer folded;
                    do {
                        folded = tx.execute(s -> fold.getAsInt());
                    } while (folded != null && folded >= BATCH);
                });
    }
}
