package org.voronka.customfield;

import java.time.Instant;
import java.util.List;

/**
 * Published inside the transaction that wrote custom field values, once per batch, with every
 * field whose values really changed (the timeline writes custom_field_value_changed for each).
 */
public record FieldValuesChanged(long accountId, String entityType, long userId, Instant at, List<Change> changes) {

    /** The values of one field of one entity before and after, in their order; {@code fieldTypeCode} is amoCRM's number. */
    public record Change(long entityId, long fieldId, String fieldName, String fieldType, int fieldTypeCode, List<Value> before,
                         List<Value> after) {}

    public record Value(String text, Long enumId) {}
}
