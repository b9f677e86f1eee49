package org.voronka.shared;

import java.util.List;

/**
 * A table to export: a title (the sheet name), column headers and rows of cells. A cell is a
 * {@link String}, a {@link Number} (kept numeric in XLSX), a {@link java.time.Instant} or null.
 * Rows given as a collection are copied; any other {@link Iterable} is read once, row by row, as
 * the table is written (an export larger than memory).
 */
public record Table(String title, List<String> headers, Iterable<List<Object>> rows) {

    public Table {
        headers = List.copyOf(headers);
        if (rows instanceof java.util.Collection<List<Object>> all) {
            rows = List.copyOf(all);
        }
    }
}
