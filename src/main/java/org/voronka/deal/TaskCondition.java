package org.voronka.deal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/** The task filter of deals, on the deal's nearest open task ({@code closest_task_at}). */
public enum TaskCondition {
    /** No open task at all. */
    NONE,
    /** The nearest open task is past its deadline. */
    OVERDUE,
    /** The nearest open task is due today (account time zone). */
    TODAY;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TaskCondition> of(String code) {
        for (TaskCondition c : values()) {
            if (c.code().equalsIgnoreCase(code)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Whether a deal with this nearest open task deadline (null: none) meets the condition. */
    public boolean matches(Instant closestTaskAt, ZoneId zone, Instant now) {
        if (this == NONE) {
            return closestTaskAt == null;
        }
        DealQuery.Range r = range(zone, now);
        // the bounds are inclusive, as the filter's SQL compares them
        return closestTaskAt != null && (r.from() == null || !closestTaskAt.isBefore(r.from()))
                && (r.to() == null || !closestTaskAt.isAfter(r.to()));
    }

    /** The range of {@code closest_task_at} this condition means (null for {@link #NONE}). */
    public DealQuery.Range range(ZoneId zone, Instant now) {
        return switch (this) {
            case NONE -> null;
            case OVERDUE -> new DealQuery.Range(null, now);
            case TODAY -> Period.TODAY.range(zone, now);
        };
    }
}
