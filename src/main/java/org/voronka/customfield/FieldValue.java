package org.voronka.customfield;

import java.util.List;

/** The values of one field of one entity, ready to be shown as amoCRM's custom_fields_values item. */
public record FieldValue(long fieldId, String fieldName, String fieldCode, String fieldType, List<Value> values) {

    /** {@code value} is a String, Boolean or Long depending on the field type; enum parts are null for plain fields. */
    public record Value(Object value, Long enumId, String enumCode) {}

    public boolean hasEnums() {
        return values.stream().anyMatch(v -> v.enumId() != null);
    }
}
