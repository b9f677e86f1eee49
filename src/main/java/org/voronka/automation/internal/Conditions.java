package org.voronka.automation.internal;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.voronka.deal.Deal;

/**
 * Evaluates a rule's conditions against a deal as it is when the run executes:
 * {@code {"match": "all"|"any", "items": [{"field": "price", "op": "gte", "value": 1000}, …]}}.
 * Fields: {@code price} (gte, lte, eq), {@code responsible_user_id} and {@code group_id} (in,
 * not_in: a list of ids), {@code tag} (has, has_not: a tag name; the deal's tags are read only
 * when a condition needs them), {@code working_hours} (within, outside: the account's working
 * hours when the run executes). No items: always true.
 */
final class Conditions {

    private Conditions() {}

    @SuppressWarnings("unchecked")
    static boolean hold(Map<String, Object> conditions, Deal deal, java.util.function.Supplier<Collection<String>> tagNames,
                        java.util.function.BooleanSupplier withinWorkingHours) {
        List<Map<String, Object>> items = conditions == null ? List.of()
                : (List<Map<String, Object>>) conditions.getOrDefault("items", List.of());
        if (items.isEmpty()) {
            return true;
        }
        boolean any = "any".equals(conditions.get("match"));
        for (Map<String, Object> item : items) {
            boolean holds = "working_hours".equals(item.get("field"))
                    ? withinWorkingHours.getAsBoolean() == "within".equals(item.get("op"))
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

    private static boolean in(Object list, long id) {
        return list instanceof Collection<?> c && c.stream().anyMatch(v -> v instanceof Number n && n.longValue() == id);
    }
}
