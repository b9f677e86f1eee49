package org.voronka.customfield;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;

/**
 * Turns {@code filter[custom_fields_values]} into a condition on the entity id: one semi-join on
 * the values table per field, answered by the (account, field, enum | number | text, entity)
 * indexes, so a filter costs an index range scan however many entities the account has.
 */
final class FieldConditions {

    private FieldConditions() {}

    /** {@code prefix} names the parameters, so that conditions on several entity types can share a statement. */
    static SqlCondition of(long accountId, String entityType, String idColumn, List<FieldFilter> filters, Map<Long, CustomField> fields,
                           String prefix) {
        if (filters == null || filters.isEmpty()) {
            return SqlCondition.NONE;
        }
        List<Problem> problems = new ArrayList<>();
        List<String> and = new ArrayList<>();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(prefix + "_account", accountId);
        p.put(prefix + "_type", entityType);
        for (int i = 0; i < filters.size(); i++) {
            FieldFilter f = filters.get(i);
            String path = "filter[custom_fields_values][" + f.fieldId() + "]";
            CustomField field = fields.get(f.fieldId());
            if (field == null) {
                problems.add(new Problem("0", path, "NotSupportedChoice", "There is no " + entityType + " field " + f.fieldId()));
                continue;
            }
            String cf = prefix + i;
            String values = "select v.entity_id from custom_field_values v where v.account_id = :" + prefix + "_account and v.entity_type = :"
                    + prefix + "_type and v.field_id = :" + cf;
            p.put(cf, field.id());
            boolean range = f.from() != null || f.to() != null;
            if (range) {
                if (!FieldTypes.isNumeric(field.type()) || "user".equals(field.type())) {
                    problems.add(new Problem("0", path, "InvalidValue", "Ranges are for numeric, price and date fields"));
                    continue;
                }
                BigDecimal from = number(f.from(), path + "[from]", problems);
                BigDecimal to = number(f.to(), path + "[to]", problems);
                if (from != null) {
                    values += " and v.value_num >= :" + cf + "_from";
                    p.put(cf + "_from", from);
                }
                if (to != null) {
                    values += " and v.value_num <= :" + cf + "_to";
                    p.put(cf + "_to", to);
                }
                and.add(idColumn + " in (" + values + ")");
                continue;
            }
            List<String> given = f.values().stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
            if (given.isEmpty()) {
                problems.add(new Problem("0", path, "NotBlank", "Give values, or [from] and [to]"));
                continue;
            }
            if ("checkbox".equals(field.type())) {
                if (given.size() > 1 || !given.get(0).matches("1|0|true|false")) {
                    problems.add(new Problem("0", path, "InvalidValue", "A checkbox is filtered by 1 or 0"));
                    continue;
                }
                boolean on = given.get(0).equals("1") || given.get(0).equals("true");
                and.add(idColumn + (on ? " in (" : " not in (") + values + " and v.value_norm = 'true')");
            } else if (f.contains() && isText(field)) {
                // a LIKE per pattern on the normalised value: the trigram index on PostgreSQL
                List<String> like = new ArrayList<>();
                for (String v : given) {
                    for (String pattern : FieldValues.searchPatterns(v)) {
                        String name = cf + "_like" + like.size();
                        like.add("v.value_norm like :" + name + org.voronka.shared.LikePattern.ESCAPE);
                        p.put(name, pattern);
                    }
                }
                and.add(idColumn + " in (" + values + " and (" + String.join(" or ", like) + "))");
            } else if (field.hasEnums() && !"multitext".equals(field.type())) {
                List<Long> enumIds = new ArrayList<>();
                for (String v : given) {
                    Long id = v.matches("\\d{1,18}") ? Long.valueOf(v) : null;
                    if (id == null || field.enums().stream().noneMatch(e -> e.id() == id)) {
                        problems.add(new Problem("0", path, "NotSupportedChoice", "Field " + field.id() + " has no option " + v));
                    } else {
                        enumIds.add(id);
                    }
                }
                and.add(idColumn + " in (" + values + " and v.enum_id in (:" + cf + "_in))");
                p.put(cf + "_in", enumIds);
            } else if (FieldTypes.isNumeric(field.type())) {
                List<BigDecimal> numbers = new ArrayList<>();
                for (String v : given) {
                    BigDecimal d = number(v, path, problems);
                    if (d != null) {
                        numbers.add(d);
                    }
                }
                and.add(idColumn + " in (" + values + " and v.value_num in (:" + cf + "_in))");
                p.put(cf + "_in", numbers);
            } else {
                List<String> norms = given.stream().map(v -> Normalizer.of(field.code(), v)).map(v -> v == null ? "" : v).toList();
                and.add(idColumn + " in (" + values + " and v.value_norm in (:" + cf + "_in))");
                p.put(cf + "_in", norms);
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new SqlCondition(String.join(" and ", and), p);
    }

    /** Fields whose values are free text (phones and e-mails too): the ones "contains" applies to. */
    private static boolean isText(CustomField field) {
        return !"checkbox".equals(field.type()) && !FieldTypes.isNumeric(field.type())
                && (!field.hasEnums() || "multitext".equals(field.type()));
    }

    private static BigDecimal number(String text, String path, List<Problem> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.trim().replace(',', '.'));
        } catch (NumberFormatException e) {
            problems.add(new Problem("0", path, "InvalidType", "Must be a number (dates as Unix timestamps)"));
            return null;
        }
    }
}
