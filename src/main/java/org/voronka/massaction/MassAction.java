package org.voronka.massaction;

import java.time.Duration;
import java.time.Instant;

/**
 * One run of a mass action, as audited: who started it and when, on what ({@code selection}: the
 * filter or the ids as asked), what ({@code spec}), and how far it got. {@code undoOf} names the
 * run an undo reverts; {@code undoneBy} the undo of this run.
 */
public record MassAction(
        long id,
        ActionSpec spec,
        String selection,
        State state,
        int total,
        int done,
        int failed,
        boolean cancelRequested,
        Long undoOf,
        Long undoneBy,
        long createdBy,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    public enum State {
        QUEUED, RUNNING, FINISHED, CANCELLED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean over() {
        return state == State.FINISHED || state == State.CANCELLED;
    }

    public int processed() {
        return done + failed;
    }

    /** Whole percent processed (100 when there was nothing to do). */
    public int percent() {
        return total == 0 ? 100 : (int) (100L * processed() / total);
    }

    /** The time left at the pace so far, or null before the first chunk or once over. */
    public Duration remaining(Instant now) {
        if (over() || startedAt == null || processed() == 0) {
            return null;
        }
        long elapsed = Math.max(1, Duration.between(startedAt, now).toMillis());
        return Duration.ofMillis(elapsed * (total - processed()) / processed());
    }

    public boolean undoable() {
        return state == State.FINISHED && spec.kind().undoable() && undoneBy == null && done > 0;
    }
}
