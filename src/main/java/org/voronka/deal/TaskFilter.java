package org.voronka.deal;

/**
 * The board's task filters, read from {@code deals.closest_task_at} (the nearest open task's
 * deadline): deals with no open task, and deals whose nearest open task is overdue.
 */
public enum TaskFilter {
    ANY, NONE, OVERDUE;

    /** The filter named in a request parameter; anything unknown is no filter. */
    public static TaskFilter of(String name) {
        if (name == null) {
            return ANY;
        }
        return switch (name) {
            case "none" -> NONE;
            case "overdue" -> OVERDUE;
            default -> ANY;
        };
    }

    public String param() {
        return this == ANY ? null : name().toLowerCase(java.util.Locale.ROOT);
    }
}
