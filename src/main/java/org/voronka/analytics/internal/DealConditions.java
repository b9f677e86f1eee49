package org.voronka.analytics.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.voronka.analytics.ReportFilter;
import org.voronka.customfield.CustomField;
import org.voronka.customfield.FieldFilter;
import org.voronka.customfield.FieldValues;
import org.voronka.customfield.SqlCondition;
import org.voronka.shared.ValidationException;

/**
 * The report filters as SQL conditions on the deals table (alias {@code d}) or on a projection
 * table with the deal's columns; parameter {@code :a} is the account. The ids are written into
 * the SQL as numbers: H2 does not bind an expanded list parameter inside a common table
 * expression, and ids of type long cannot carry anything else.
 *
 * <p>Custom field conditions are the deal list's own (built by the field module: one semi-join on
 * the values table per field, by its (account, field, value) indexes), written in as literals too.
 * Reports take the field types whose values are options, users, yes/no, numbers and dates, so no
 * text from a request ever becomes part of a report's SQL.
 */
@Component
public class DealConditions {

    /** Field types a report filters by: their conditions hold only numbers. */
    public static final Set<String> FIELD_TYPES = Set.of("select", "multiselect", "radiobutton", "category", "user", "checkbox",
            "numeric", "price", "monetary", "date", "date_time", "birthday");

    private static final String DEALS = "leads";

    private final FieldValues fields;

    DealConditions(FieldValues fields) {
        this.fields = fields;
    }

    /** The filter's conditions on the deals table, alias {@code d}. */
    void add(long accountId, ReportFilter f, List<String> and, Map<String, Object> params) {
        add(accountId, "d", "d.id", f, and, params);
    }

    /**
     * The same conditions on another table with the deal's columns (the analytics projection):
     * {@code alias} holds responsible_user_id, group_id and source_id, {@code dealId} is the deal's id.
     */
    void add(long accountId, String alias, String dealId, ReportFilter f, List<String> and, Map<String, Object> params) {
        in(and, alias + ".responsible_user_id", f.responsibleUserIds());
        in(and, alias + ".group_id", f.groupIds());
        in(and, alias + ".source_id", f.sourceIds());
        if (!f.tagIds().isEmpty()) {
            and.add("exists (select 1 from entity_tags et where et.account_id = :a and et.entity_type = 'leads' "
                    + "and et.entity_id = " + dealId + " and et.tag_id in (" + numbers(f.tagIds()) + "))");
        }
        SqlCondition fieldCondition = fieldCondition(accountId, dealId, f.fieldFilters());
        if (!fieldCondition.isEmpty()) {
            and.add(fieldCondition.sql());
            params.putAll(fieldCondition.params());
        }
    }

    /**
     * Checks the filter's custom field conditions (unknown fields and options, malformed numbers
     * and text fields are refused with the parameter's path) before a report runs.
     */
    public void check(long accountId, ReportFilter f) {
        fieldCondition(accountId, "d.id", f.fieldFilters());
    }

    private SqlCondition fieldCondition(long accountId, String dealId, List<FieldFilter> filters) {
        if (filters.isEmpty()) {
            return SqlCondition.NONE;
        }
        Map<Long, CustomField> byId = fields.fields(accountId, DEALS).stream()
                .collect(Collectors.toMap(CustomField::id, c -> c, (x, y) -> x));
        for (FieldFilter filter : filters) {
            CustomField field = byId.get(filter.fieldId());
            if (field != null && !FIELD_TYPES.contains(field.type())) {
                throw ValidationException.of("0", "filter[custom_fields_values][" + filter.fieldId() + "]", "InvalidValue",
                        "Reports filter by option, user, checkbox, number and date fields");
            }
        }
        return fields.condition(accountId, DEALS, dealId, filters);
    }

    private static String numbers(List<Long> ids) {
        return ids.stream().map(id -> Long.toString(id)).collect(Collectors.joining(", "));
    }

    private static void in(List<String> and, String column, List<Long> values) {
        if (!values.isEmpty()) {
            and.add(column + " in (" + numbers(values) + ")");
        }
    }
}
