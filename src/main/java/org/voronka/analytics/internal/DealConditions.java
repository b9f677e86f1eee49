package org.voronka.analytics.internal;

import java.util.List;
import java.util.Map;

/**
 * The report filters as SQL conditions on the deals table (alias {@code d}); parameter {@code :a}
 * is the account. The ids are written into the SQL as numbers: H2 does not bind an expanded list
 * parameter inside a common table expression, and ids of type long cannot carry anything else.
 */
final class DealConditions {

    private DealConditions() {}

    static void add(List<Long> users, List<Long> groups, List<Long> tags, List<Long> sources, List<String> and,
                    Map<String, Object> params) {
        in(and, params, "d.responsible_user_id", "users", users);
        in(and, params, "d.group_id", "groups", groups);
        in(and, params, "d.source_id", "sources", sources);
        if (!tags.isEmpty()) {
            and.add("exists (select 1 from entity_tags et where et.account_id = :a and et.entity_type = 'leads' "
                    + "and et.entity_id = d.id and et.tag_id in (" + numbers(tags) + "))");
        }
    }

    private static String numbers(List<Long> ids) {
        return ids.stream().map(id -> Long.toString(id)).collect(java.util.stream.Collectors.joining(", "));
    }

    private static void in(List<String> and, Map<String, Object> params, String column, String name, List<Long> values) {
        if (!values.isEmpty()) {
            and.add(column + " in (" + numbers(values) + ")");
        }
    }
}
