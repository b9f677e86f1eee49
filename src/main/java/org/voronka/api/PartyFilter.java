package org.voronka.api;

import java.time.Instant;
import org.voronka.contact.PartyQuery;
import org.voronka.shared.ValidationException;

/**
 * {@code filter[...]} (id, name, users, created_at/updated_at/closest_task_at ranges), {@code query}
 * and {@code order[updated_at|id]} of the contact and company lists.
 */
final class PartyFilter {

    private PartyFilter() {}

    static PartyQuery parse(Params params, int page, int limit) {
        Params f = params.get("filter");
        String query = params.get("query").first();
        return new PartyQuery(f.get("id").longs(), f.get("name").all(), f.get("created_by").longs(), f.get("updated_by").longs(),
                f.get("responsible_user_id").longs(), range(f.get("created_at")), range(f.get("updated_at")),
                range(f.get("closest_task_at")),
                query == null || query.isBlank() ? null : query.trim(), order(params.get("order")), (page - 1) * limit, limit);
    }

    private static PartyQuery.Range range(Params p) {
        Instant[] r = p.range();
        return r == null ? null : new PartyQuery.Range(r[0], r[1]);
    }

    private static PartyQuery.Order order(Params order) {
        for (var e : order.children.entrySet()) {
            PartyQuery.Field field = switch (e.getKey()) {
                case "id" -> PartyQuery.Field.ID;
                case "updated_at" -> PartyQuery.Field.UPDATED_AT;
                default -> throw ValidationException.of("0", "order[" + e.getKey() + "]", "NotSupportedChoice", "Order by id or updated_at");
            };
            String dir = e.getValue().first();
            if (dir != null && !dir.equalsIgnoreCase("asc") && !dir.equalsIgnoreCase("desc")) {
                throw ValidationException.of("0", "order[" + e.getKey() + "]", "NotSupportedChoice", "Order is asc or desc");
            }
            return new PartyQuery.Order(field, "desc".equalsIgnoreCase(dir));
        }
        return new PartyQuery.Order(PartyQuery.Field.ID, false);
    }
}
