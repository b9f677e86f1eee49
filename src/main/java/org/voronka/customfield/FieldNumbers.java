package org.voronka.customfield;

import java.util.Map;

/**
 * Entities' numeric values of one field as SQL: {@code sql} is a SELECT of {@code entity_id} and
 * {@code value_num} (dates and date-times: epoch seconds) with the named parameters {@code params},
 * whose names start with {@code fv_}; for a statement that works on all of them in one pass.
 */
public record FieldNumbers(String sql, Map<String, Object> params) {}
