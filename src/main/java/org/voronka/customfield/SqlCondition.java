package org.voronka.customfield;

import java.util.LinkedHashMap;
import java.util.Map;

/** A piece of a WHERE clause with its named parameters; {@code sql} is empty when nothing is filtered. */
public record SqlCondition(String sql, Map<String, Object> params) {

    public static final SqlCondition NONE = new SqlCondition("", Map.of());

    public boolean isEmpty() {
        return sql.isEmpty();
    }

    /** Both conditions (their parameter names must differ). */
    public SqlCondition and(SqlCondition other) {
        if (other.isEmpty() || isEmpty()) {
            return isEmpty() ? other : this;
        }
        Map<String, Object> p = new LinkedHashMap<>(params);
        p.putAll(other.params);
        return new SqlCondition(sql + " and " + other.sql, p);
    }
}
