package org.voronka.customfield;

import java.util.List;

/**
 * One item of {@code custom_fields_values} in a request: the field by id or by code and its new
 * values; {@code values == null} clears the field. {@code path} is where the item sits in the
 * request (e.g. {@code custom_fields_values.0}), so problems can name the exact spot.
 */
public record FieldWrite(Long fieldId, String fieldCode, List<ValueWrite> values, String path) {

    /** A value as sent: {@code value} is a String, Boolean or Number (or null), enums by id or code. */
    public record ValueWrite(Object value, Long enumId, String enumCode) {}

    /** Writes the stored values again (a copy, a merge, an undo); {@code path} names it in problems. */
    public static FieldWrite of(FieldValue stored, String path) {
        return new FieldWrite(stored.fieldId(), null, stored.values().stream().map(v -> new ValueWrite(v.value(), v.enumId(), null)).toList(),
                path);
    }
}
