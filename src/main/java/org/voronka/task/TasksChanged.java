package org.voronka.task;

import java.time.Instant;
import java.util.List;

/** Published once per batch of task changes, for the timeline. */
public record TasksChanged(long accountId, long userId, Instant at, List<Change> changes) {

    public enum Kind { ADDED, COMPLETED, TEXT_CHANGED, DEADLINE_CHANGED, TYPE_CHANGED }

    public record Change(Kind kind, Task before, Task after) {}
}
