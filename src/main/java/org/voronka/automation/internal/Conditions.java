package org.voronka.automation.internal;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.voronka.customfield.FieldValue;
import org.voronka.deal.Deal;

/**
 * Evaluates a rule's conditions against a deal as it is when the run executes:
 * {@code {"match": "all"|"any", "items": [{"field": "price", "op": "gte", "value": 1000}, …]}}.
 * Fields: {@code price} (gte, lte, eq), {@code responsible_user_id} and {@code group_id} (in,
 * not_in: a list of ids), {@code tag} (has, has_not: a tag name; the deal's tags are read only
 * when a condition needs them), {@code working_hours} (within, outside: the account's working
 * hours when the run executes), {@code custom_field} with {@code field_id} (eq, not_eq, contains,
 * gte, lte, in, not_in, empty, not_empty on the deal's values of that field, read only when a
 * condition needs them; user fields hold user ids, dates epoch seconds). No items: always true.
 */
final class Conditions {

    private Conditions() {}

    @SuppressWarnings("unchecked")
    static boolean hold(Map<String, Object> conditions, Deal deal, java.util.function.Supplier<Collection<String>> tagNames,
                        java.util.function.BooleanSupplier withinWorkingHours,
                        java.util.function.Supplier<List<FieldValue>> fieldValues) {
        List<Map<String, Object>> items = conditions == null ? List.of()
                : (List<Map<String, Object>>) conditions.getOrDefault("items", List.of());
        if (items.isEmpty()) {
            return true;
        }
        boolean any = "any".equals(conditions.get("match"));
        for (Map<String, Object> item : items) {
            boolean holds = "working_hours".equals(item.get("field"))
                    ? withinWorkingHours.getAsBoolean() == "within".equals(item.get("op"))
                    : "custom_field".equals(item.get("field")) ? fieldHolds(item, fieldValues.get())
                    : holds(item, deal, tagNames);
            if (any && holds) {
                return true;
            }
            if (!any && !holds) {
                return false;
            }
        }
        return !any;
    }

    private static boolean holds(Map<String, Object> item, Deal deal, java.util.function.Supplier<Collection<String>> tagNames) {
        String op = String.valueOf(item.get("op"));
        Object value = item.get("value");
        switch (String.valueOf(item.get("field"))) {
            case "price": {
                BigDecimal price = deal.price() == null ? BigDecimal.ZERO : deal.price();
                int cmp = price.compareTo(new BigDecimal(String.valueOf(value)));
                return switch (op) {
                    case "gte" -> cmp >= 0;
                    case "lte" -> cmp <= 0;
                    default -> cmp == 0;
                };
            }
            case "responsible_user_id":
                return in(value, deal.responsibleUserId()) == "in".equals(op);
            case "group_id":
                return in(value, deal.groupId()) == "in".equals(op);
            case "tag": {
                boolean has = tagNames.get().stream().anyMatch(t -> t.equalsIgnoreCase(String.valueOf(value)));
                return has == "has".equals(op);
            }
            default:
                return false;
        }
    }

    private static boolean fieldHolds(Map<String, Object> item, List<FieldValue> values) {
        String fieldId = String.valueOf(item.get("field_id"));
        List<FieldValue.Value> of = values.stream().filter(f -> Long.toString(f.fieldId()).equals(fieldId))
                .flatMap(f -> f.values().stream()).filter(v -> v.value() != null && !String.valueOf(v.value()).isBlank()).toList();
        Object want = item.get("value");
        return switch (String.valueOf(item.get("op"))) {
            case "empty" -> of.isEmpty();
            case "not_empty" -> !of.isEmpty();
            case "eq" -> of.stream().anyMatch(v -> same(v, want));
            case "not_eq" -> of.stream().noneMatch(v -> same(v, want));
            case "contains" -> of.stream().anyMatch(v -> String.valueOf(v.value()).toLowerCase(java.util.Locale.ROOT)
                    .contains(String.valueOf(want).toLowerCase(java.util.Locale.ROOT)));
            case "gte" -> of.stream().map(v -> compare(v, want)).anyMatch(c -> c != null && c >= 0);
            case "lte" -> of.stream().map(v -> compare(v, want)).anyMatch(c -> c != null && c <= 0);
            case "in" -> want instanceof Collection<?> c && of.stream().anyMatch(v -> c.stream().anyMatch(w -> same(v, w)));
            case "not_in" -> want instanceof Collection<?> c && of.stream().noneMatch(v -> c.stream().anyMatch(w -> same(v, w)));
            default -> false;
        };
    }

    /** A value equals the wanted one as text (case aside), as a number, or by its option's id. */
    private static boolean same(FieldValue.Value v, Object want) {
        String text = String.valueOf(v.value());
        String w = String.valueOf(want);
        if (text.equalsIgnoreCase(w.trim()) || v.enumId() != null && want instanceof Number n && v.enumId() == n.longValue()) {
            return true;
        }
        return number(text) != null && number(w) != null && number(text).compareTo(number(w)) == 0;
    }

    /** null when either side is not a number. */
    private static Integer compare(FieldValue.Value v, Object want) {
        BigDecimal a = number(String.valueOf(v.value()));
        BigDecimal b = number(String.valueOf(want));
        return a == null || b == null ? null : a.compareTo(b);
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean in(Object list, long id) {
        return list instanceof Collection<?> c && c.stream().anyMatch(v -> v instanceof Number n && n.longValue() == id);
    }
}
