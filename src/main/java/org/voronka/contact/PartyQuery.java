package org.voronka.contact;

import java.time.Instant;
import java.util.List;

/**
 * A list request for contacts or companies: filters (combined with AND), a free-text query over
 * name, id, phones and e-mails, an order and an offset page.
 */
public record PartyQuery(
        List<Long> ids,
        List<String> names,
        List<Long> createdBy,
        List<Long> updatedBy,
        List<Long> responsibleUserIds,
        Range createdAt,
        Range updatedAt,
        Range closestTaskAt,
        String query,
        Order order,
        int offset,
        int limit) {

    public record Range(Instant from, Instant to) {}

    public enum Field { ID, UPDATED_AT }

    public record Order(Field field, boolean descending) {}
}
