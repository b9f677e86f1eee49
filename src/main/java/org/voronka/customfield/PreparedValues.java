package org.voronka.customfield;

import java.util.List;
import java.util.Map;

/**
 * Validated and normalised values of one entity, by field id; an empty list clears the field.
 * Produced by {@link FieldWriter#prepare} and stored by {@link FieldValues#write}.
 */
public record PreparedValues(Map<Long, List<Stored>> byField) {

    public static final PreparedValues NONE = new PreparedValues(Map.of());

    /**
     * A value as stored: its text, the normalised form used for search, the option id, and the
     * number of numeric, price, date and user values (compared in range filters).
     */
    public record Stored(String text, String norm, Long enumId, java.math.BigDecimal num) {

        public Stored(String text, String norm, Long enumId) {
            this(text, norm, enumId, null);
        }
    }

    /** Whether the values name the field with at least one value (an empty list clears it). */
    public Boolean filled(long fieldId) {
        List<Stored> values = byField.get(fieldId);
        return values == null ? null : !values.isEmpty();
    }

    public boolean isEmpty() {
        return byField.isEmpty();
    }
}
