package org.voronka.deal.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voronka.customfield.SqlCondition;
import org.voronka.deal.DealQuery;
import org.voronka.deal.DealQuery.Field;
import org.voronka.customfield.FieldValues;
import org.voronka.shared.LikePattern;
import org.voronka.shared.SqlConditions;
import org.voronka.shared.Times;

/** Turns a {@link DealQuery} into a WHERE clause with named parameters and an ORDER BY. */
record DealSql(String where, String orderBy, Map<String, Object> params) {

    static DealSql of(long accountId, DealQuery q, SqlCondition fieldCondition) {
        List<String> and = new ArrayList<>();
        Map<String, Object> p = new LinkedHashMap<>();
        and.add("account_id = :account");
        p.put("account", accountId);
        and.add(q.onlyDeleted() ? "is_deleted" : "not is_deleted");
        if (!fieldCondition.isEmpty()) {
            and.add(fieldCondition.sql());
            p.putAll(fieldCondition.params());
        }
        SqlConditions.in(and, p, "id", q.ids());
        SqlConditions.in(and, p, "name", q.names());
        SqlConditions.in(and, p, "pipeline_id", q.pipelineIds());
        SqlConditions.in(and, p, "created_by", q.createdBy());
        SqlConditions.in(and, p, "updated_by", q.updatedBy());
        SqlConditions.in(and, p, "responsible_user_id", q.responsibleUserIds());
        if (q.priceFrom() != null) {
            and.add("price >= :priceFrom");
            p.put("priceFrom", q.priceFrom());
        }
        if (q.priceTo() != null) {
            and.add("price <= :priceTo");
            p.put("priceTo", q.priceTo());
        }
        if (!q.stages().isEmpty()) {
            List<String> or = new ArrayList<>();
            for (int i = 0; i < q.stages().size(); i++) {
                or.add("(pipeline_id = :sp" + i + " and status_id = :ss" + i + ")");
                p.put("sp" + i, q.stages().get(i).pipelineId());
                p.put("ss" + i, q.stages().get(i).statusId());
            }
            and.add("(" + String.join(" or ", or) + ")");
        }
        rangeOf(and, p, "created_at", q.createdAt());
        rangeOf(and, p, "updated_at", q.updatedAt());
        rangeOf(and, p, "closed_at", q.closedAt());
        rangeOf(and, p, "closest_task_at", q.closestTaskAt());
        SqlConditions.in(and, p, "group_id", q.groupIds());
        tags(and, p, q.tags());
        if (q.withoutOpenTasks()) {
            and.add("closest_task_at is null");
        }
        if (q.query() != null && !q.query().isBlank()) {
            and.add(search(p, q.query().trim()));
        }
        String column = switch (q.order().field()) {
            case ID -> "id";
            case CREATED_AT -> "created_at";
            case UPDATED_AT -> "updated_at";
            // open deals have no closing time: they sort after every closed one (as NULLS LAST would)
            case CLOSED_AT -> "coalesce(closed_at, timestamp with time zone '9999-12-31 00:00:00+00')";
            case NAME -> "name";
            case PRICE -> "price";
            case PIPELINE -> "pipeline_id";
            case STATUS -> "status_id";
            case RESPONSIBLE -> "responsible_user_id";
        };
        String dir = q.order().descending() ? "desc" : "asc";
        if (q.after() != null) {
            String cmp = q.order().descending() ? "<" : ">";
            if (q.order().field() == Field.ID) {
                and.add("id " + cmp + " :afterId");
            } else {
                and.add("(" + column + " " + cmp + " :afterValue or (" + column + " = :afterValue and id " + cmp + " :afterId))");
                p.put("afterValue", cursorValue(q.order().field(), q.after()));
            }
            p.put("afterId", q.after().id());
        }
        String orderBy = q.order().field() == Field.ID ? "id " + dir : column + " " + dir + ", id " + dir;
        return new DealSql(String.join(" and ", and), orderBy, p);
    }

    private static final String DEAL_TAGS = "select entity_id from entity_tags where account_id = :account and entity_type = 'leads' ";

    private static void tags(List<String> and, Map<String, Object> p, DealQuery.Tags tags) {
        if (tags == null) {
            return;
        }
        if (!tags.any().isEmpty()) {
            and.add("id in (" + DEAL_TAGS + "and tag_id in (:tagsAny))");
            p.put("tagsAny", tags.any());
        }
        if (!tags.all().isEmpty()) {
            List<Long> all = tags.all().stream().distinct().toList();
            and.add("id in (" + DEAL_TAGS + "and tag_id in (:tagsAll) group by entity_id having count(*) = :tagsAllCount)");
            p.put("tagsAll", all);
            p.put("tagsAllCount", all.size());
        }
        if (!tags.none().isEmpty()) {
            and.add("id not in (" + DEAL_TAGS + "and tag_id in (:tagsNone))");
            p.put("tagsNone", tags.none());
        }
    }

    /**
     * Full-text search (ADR 9): the deal's name or id, the names of its contacts and company, their
     * normalised phones and e-mails (any format: the patterns of {@link FieldValues#searchPatterns}),
     * and its notes. Each branch is an indexed sub-select (trigram indexes on PostgreSQL).
     */
    private static String search(Map<String, Object> p, String text) {
        p.put("q", LikePattern.contains(text));
        String like = " like :q" + LikePattern.ESCAPE;
        List<String> values = new ArrayList<>();
        List<String> patterns = FieldValues.searchPatterns(text);
        for (int i = 0; i < patterns.size(); i++) {
            values.add("v.value_norm like :qv" + i + LikePattern.ESCAPE);
            p.put("qv" + i, patterns.get(i));
        }
        String fieldMatch = "(" + String.join(" or ", values) + ")";
        // one UNION of indexed lookups, each a small set of deal ids (an OR of them would scan every deal)
        String matching = "select deal_id from deal_names where account_id = :account and name_lower" + like
                + " union select dc.deal_id from deal_contacts dc where dc.account_id = :account and dc.contact_id in ("
                + "select id from contacts where account_id = :account and not is_deleted and lower(name)" + like
                + " union select v.entity_id from custom_field_values v where v.account_id = :account and v.entity_type = 'contacts' and "
                + fieldMatch + " and not exists (select 1 from contacts c where c.account_id = v.account_id and c.id = v.entity_id"
                + " and c.is_deleted))"
                + " union select id from deals where account_id = :account and company_id in ("
                + "select id from companies where account_id = :account and not is_deleted and lower(name)" + like
                + " union select v.entity_id from custom_field_values v where v.account_id = :account and v.entity_type = 'companies' and "
                + fieldMatch + " and not exists (select 1 from companies c where c.account_id = v.account_id and c.id = v.entity_id"
                + " and c.is_deleted))"
                + " union select entity_id from notes where account_id = :account and entity_type = 'leads' and lower(params)" + like;
        if (text.matches("\\d{1,18}")) {
            p.put("qid", Long.parseLong(text));
            return "(id = :qid or id in (" + matching + "))";
        }
        return "id in (" + matching + ")";
    }

    private static Object cursorValue(Field field, DealQuery.Cursor cursor) {
        return switch (field) {
            // the exact instant when given as text (timestamps are stored finer than milliseconds)
            case CREATED_AT, UPDATED_AT, CLOSED_AT -> Times.param(cursor.text() != null ? java.time.Instant.parse(cursor.text())
                    : java.time.Instant.ofEpochMilli(cursor.value()));
            case NAME -> cursor.text() == null ? "" : cursor.text();
            case PRICE -> cursor.text() == null ? java.math.BigDecimal.ZERO : new java.math.BigDecimal(cursor.text());
            default -> cursor.value();
        };
    }

    private static void rangeOf(List<String> and, Map<String, Object> p, String column, DealQuery.Range r) {
        if (r != null) {
            SqlConditions.between(and, p, column, r.from(), r.to());
        }
    }
}
