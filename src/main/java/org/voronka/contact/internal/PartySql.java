package org.voronka.contact.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.voronka.contact.PartyQuery;
import org.voronka.shared.SqlConditions;

/**
 * A {@link PartyQuery} as a WHERE clause with named parameters and an ORDER BY, for the contacts
 * or the companies table. {@code matchedIds} are ids the query text found in phones and e-mails.
 */
record PartySql(String where, String orderBy, Map<String, Object> params) {

    static PartySql of(long accountId, PartyQuery q, Collection<Long> matchedIds) {
        List<String> and = new ArrayList<>();
        Map<String, Object> p = new LinkedHashMap<>();
        and.add("account_id = :account");
        p.put("account", accountId);
        and.add("not is_deleted");
        SqlConditions.in(and, p, "id", q.ids());
        SqlConditions.in(and, p, "name", q.names());
        SqlConditions.in(and, p, "created_by", q.createdBy());
        SqlConditions.in(and, p, "updated_by", q.updatedBy());
        SqlConditions.in(and, p, "responsible_user_id", q.responsibleUserIds());
        rangeOf(and, p, "created_at", q.createdAt());
        rangeOf(and, p, "updated_at", q.updatedAt());
        rangeOf(and, p, "closest_task_at", q.closestTaskAt());
        if (q.query() != null && !q.query().isBlank()) {
            String text = q.query().trim();
            List<String> or = new ArrayList<>();
            or.add("lower(name) like :q escape '\\'");
            p.put("q", "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            if (text.matches("\\d{1,18}")) {
                or.add("id = :qid");
                p.put("qid", Long.parseLong(text));
            }
            if (!matchedIds.isEmpty()) {
                or.add("id in (:qids)");
                p.put("qids", matchedIds);
            }
            and.add("(" + String.join(" or ", or) + ")");
        }
        if (q.afterId() != null && q.order().field() == PartyQuery.Field.ID) {
            and.add("id " + (q.order().descending() ? "<" : ">") + " :afterId");
            p.put("afterId", q.afterId());
        }
        String dir = q.order().descending() ? "desc" : "asc";
        String orderBy = q.order().field() == PartyQuery.Field.ID ? "id " + dir : "updated_at " + dir + ", id " + dir;
        return new PartySql(String.join(" and ", and), orderBy, p);
    }

    private static void rangeOf(List<String> and, Map<String, Object> p, String column, PartyQuery.Range r) {
        if (r != null) {
            SqlConditions.between(and, p, column, r.from(), r.to());
        }
    }
}
