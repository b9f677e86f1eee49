package org.voronka.shared;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The conditions every list filter is made of, added to a list of AND-ed SQL conditions with
 * named parameters. Column names come from code, never from input.
 */
public final class SqlConditions {

    private SqlConditions() {}

    /** {@code column in (…)} when values are given. */
    public static void in(List<String> and, Map<String, Object> params, String column, List<?> values) {
        if (values != null && !values.isEmpty()) {
            String name = "in_" + column;
            and.add(column + " in (:" + name + ")");
            params.put(name, values);
        }
    }

    /** {@code from <= column <= to}, either end optional. */
    public static void between(List<String> and, Map<String, Object> params, String column, Instant from, Instant to) {
        if (from != null) {
            and.add(column + " >= :" + column + "_from");
            params.put(column + "_from", Times.param(from));
        }
        if (to != null) {
            and.add(column + " <= :" + column + "_to");
            params.put(column + "_to", Times.param(to));
        }
    }
}
