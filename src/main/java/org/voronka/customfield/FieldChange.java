package org.voronka.customfield;

import java.util.List;

/**
 * The values of one field of one entity before and after a write, as stored and in order; an
 * empty list is an empty field. {@code fieldType} is the field's type.
 */
public record FieldChange(long entityId, long fieldId, String fieldType, List<Text> before, List<Text> after) {

    /** One value as text, with its option for fields that have options. */
    public record Text(Long enumId, String text) {}
}
