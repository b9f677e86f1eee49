package org.voronka.customfield;

import java.util.List;

/**
 * {@code filter[custom_fields_values][{fieldId}]}: exact values (option ids for select-like
 * fields, 1/0 for checkboxes, user ids for user fields), or a {@code from}/{@code to} range for
 * numeric, price, date and date-time fields. Values are as sent, checked against the field's type.
 * {@code contains}: a text field matches where its value contains the text (phones by their
 * digits, any format, as search finds them) rather than where it equals it.
 */
public record FieldFilter(long fieldId, List<String> values, String from, String to, boolean contains) {

    public FieldFilter(long fieldId, List<String> values, String from, String to) {
        this(fieldId, values, from, to, false);
    }
}
