package org.voronka.deal;

import java.util.Map;

/**
 * The deals a query matches, as SQL: {@code sql} is a SELECT of one column {@code id} with the
 * named parameters {@code params}; the parameter names never start with {@code sel_}, so a caller
 * can add its own with that prefix.
 */
public record DealSelection(String sql, Map<String, Object> params) {}
