package org.voronka.contact;

import java.time.Instant;
import java.util.List;

/**
 * A list request for contacts or companies: filters (combined with AND), a free-text query over
 * name, id, phones and e-mails, an order and a page: by offset, or by keyset when {@code afterId}
 * (the last id shown, for the order by id) is given.
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
        int limit,
        Long afterId) {

    public PartyQuery(List<Long> ids, List<String> names, List<Long> createdBy, List<Long> updatedBy, List<Long> responsibleUserIds,
                      Range createdAt, Range updatedAt, Range closestTaskAt, String query, Order order, int offset, int limit) {
        this(ids, names, createdBy, updatedBy, responsibleUserIds, createdAt, updatedAt, closestTaskAt, query, order, offset, limit,
                null);
    }

    /** Newest first, a page of {@code limit} after the id last shown (null for the first page), optionally searched. */
    public static PartyQuery newestFirst(String query, Long afterId, int limit) {
        return new PartyQuery(List.of(), List.of(), List.of(), List.of(), List.of(), null, null, null,
                query == null || query.isBlank() ? null : query.trim(), new Order(Field.ID, true), 0, limit, afterId);
    }

    public record Range(Instant from, Instant to) {}

    public enum Field { ID, UPDATED_AT }

    public record Order(Field field, boolean descending) {}
}
