package org.voronka.customfield;

import java.util.Map;

/** A piece of a WHERE clause with its named parameters; {@code sql} is empty when nothing is filtered. */
public record SqlCondition(String sql, Map<String, Object> params) {

    public static final SqlCondition NONE = new SqlCondition("", Map.of());

    public boolean isEmpty() {
        return sql.isEmpty();
    }
}
