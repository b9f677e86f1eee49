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
        add("d", "d.id", users, groups, tags, sources, and, params);
    }

    /**
     * The same conditions on another table with the deal's columns (the analytics projection):
     * {@code alias} holds responsible_user_id, group_id and source_id, {@code dealId} is the deal's id.
     */
    static void add(String alias, String dealId, List<Long> users, List<Long> groups, List<Long> tags, List<Long> sources,
                    List<String> and, Map<String, Object> params) {
        in(and, params, alias + ".responsible_user_id", "users", users);
        in(and, params, alias + ".group_id", "groups", groups);
        in(and, params, alias + ".source_id", "sources", sources);
        if (!tags.isEmpty()) {
            and.add("exists (select 1 from entity_tags et where et.account_id = :a and et.entity_type = 'leads' "
                    + "and et.entity_id = " + dealId + " and et.tag_id in (" + numbers(tags) + "))");
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
