package org.voronka.shared;

import java.util.Collection;
import java.util.List;

/**
 * The deals' activity that the results per user and department count (completed tasks, calls and
 * common notes of deals not in the trash, under the deal's current pipeline), kept added up per
 * day by the analytics module (ADR 0031). The modules that write tasks, notes and deals run every
 * write that can change what is counted through {@link #around}: the part of the rows in scope is
 * taken away before the write and added after it, in the write's transaction, whatever the write
 * changes (a task's day, user or department, a row moved to another deal, a deal moved to another
 * pipeline or to the trash). The counts are kept with insert-only rows, so writers never wait for
 * each other on a counter.
 */
public interface ActivityCounts {

    /** Runs {@code write} between taking away and adding back the counted part of the rows in scope. */
    void around(long accountId, Scope scope, Runnable write);

    /**
     * Runs {@code write}, which only adds new rows (with the ids in scope), then adds their counted
     * part: new rows have nothing to take away before.
     */
    void added(long accountId, Scope scope, Runnable write);

    /** The entity type whose tasks and notes are counted: deals. */
    String DEALS = "leads";

    /** As {@link #around}, for rows picked by entities of a type: only deals' rows are counted, others are just written. */
    default void around(long accountId, String entityType, Scope scope, Runnable write) {
        if (DEALS.equals(entityType)) {
            around(accountId, scope, write);
        } else {
            write.run();
        }
    }

    /** Rows of the tasks and notes tables, picked by id or by the deal they belong to. */
    record Scope(boolean tasks, boolean notes, boolean byDeal, List<Long> ids) {

        public Scope {
            ids = List.copyOf(ids);
        }

        public static Scope tasks(Collection<Long> taskIds) {
            return new Scope(true, false, false, List.copyOf(taskIds));
        }

        public static Scope notes(Collection<Long> noteIds) {
            return new Scope(false, true, false, List.copyOf(noteIds));
        }

        /** The tasks of these deals. */
        public static Scope tasksOf(Collection<Long> dealIds) {
            return new Scope(true, false, true, List.copyOf(dealIds));
        }

        /** The notes of these deals. */
        public static Scope notesOf(Collection<Long> dealIds) {
            return new Scope(false, true, true, List.copyOf(dealIds));
        }

        /** The tasks and notes of these deals (around a change of the deals themselves). */
        public static Scope deals(Collection<Long> dealIds) {
            return new Scope(true, true, true, List.copyOf(dealIds));
        }
    }
}
