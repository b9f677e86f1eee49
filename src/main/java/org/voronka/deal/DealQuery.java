package org.voronka.deal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.voronka.customfield.FieldFilter;

/**
 * A list request: filters (all optional, combined with AND), an order and a page. Paging is by
 * offset, or by keyset when {@code after} (the last row's sort key) is given. {@code fieldFilters}
 * narrow by custom field values.
 */
public record DealQuery(
        List<Long> ids,
        List<String> names,
        BigDecimal priceFrom,
        BigDecimal priceTo,
        List<StageRef> stages,
        List<Long> pipelineIds,
        List<Long> createdBy,
        List<Long> updatedBy,
        List<Long> responsibleUserIds,
        Range createdAt,
        Range updatedAt,
        Range closedAt,
        Range closestTaskAt,
        String query,
        boolean onlyDeleted,
        Order order,
        int offset,
        int limit,
        Cursor after,
        List<FieldFilter> fieldFilters) {

    public DealQuery(List<Long> ids, List<String> names, BigDecimal priceFrom, BigDecimal priceTo, List<StageRef> stages,
                     List<Long> pipelineIds, List<Long> createdBy, List<Long> updatedBy, List<Long> responsibleUserIds,
                     Range createdAt, Range updatedAt, Range closedAt, Range closestTaskAt, String query, boolean onlyDeleted,
                     Order order, int offset, int limit, Cursor after) {
        this(ids, names, priceFrom, priceTo, stages, pipelineIds, createdBy, updatedBy, responsibleUserIds, createdAt, updatedAt,
                closedAt, closestTaskAt, query, onlyDeleted, order, offset, limit, after, List.of());
    }

    /** The same query, narrowed by custom field values ({@code filter[custom_fields_values]}). */
    public DealQuery withFieldFilters(List<FieldFilter> filters) {
        return new DealQuery(ids, names, priceFrom, priceTo, stages, pipelineIds, createdBy, updatedBy, responsibleUserIds, createdAt,
                updatedAt, closedAt, closestTaskAt, query, onlyDeleted, order, offset, limit, after, filters);
    }

    public record StageRef(long pipelineId, long statusId) {}

    public record Range(Instant from, Instant to) {}

    /** Sort keys; NAME, PRICE, CLOSED_AT, PIPELINE, STATUS and RESPONSIBLE serve the web list view. */
    public enum Field { ID, CREATED_AT, UPDATED_AT, CLOSED_AT, NAME, PRICE, PIPELINE, STATUS, RESPONSIBLE }

    public record Order(Field field, boolean descending) {}

    /**
     * The position after which the next page starts: the sort value (epoch millis or an id) and the
     * id; {@code text} holds the value of a text or decimal sort key (name, price), or the exact
     * instant (ISO-8601) of a time sort key.
     */
    public record Cursor(long value, long id, String text) {

        public Cursor(long value, long id) {
            this(value, id, null);
        }
    }

    public static DealQuery all(int limit) {
        return new DealQuery(List.of(), List.of(), null, null, List.of(), List.of(), List.of(), List.of(), List.of(),
                null, null, null, null, null, false, new Order(Field.ID, false), 0, limit, null);
    }
}
