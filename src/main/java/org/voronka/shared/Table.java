package org.voronka.shared;

import java.util.List;

/**
 * A table to export: a title (the sheet name), column headers and rows of cells. A cell is a
 * {@link String}, a {@link Number} (kept numeric in XLSX), a {@link java.time.Instant} or null.
 */
public record Table(String title, List<String> headers, List<List<Object>> rows) {

    public Table {
        headers = List.copyOf(headers);
        rows = List.copyOf(rows);
    }
}
