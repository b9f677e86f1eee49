package org.voronka.customfield;

import java.util.List;
import java.util.Map;

/**
 * Validated and normalised values of one entity, by field id; an empty list clears the field.
 * Produced by {@link FieldWriter#prepare} and stored by {@link FieldValues#write}.
 */
public record PreparedValues(Map<Long, List<Stored>> byField) {

    public static final PreparedValues NONE = new PreparedValues(Map.of());

    /** A value as stored: its text, the normalised form used for search, and the option id. */
    public record Stored(String text, String norm, Long enumId) {}

    public boolean isEmpty() {
        return byField.isEmpty();
    }
}
