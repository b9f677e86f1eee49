package org.voronka.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One statement for many rows: the rows become a typed {@code VALUES} list, {@code v(columns)},
 * that a {@code MERGE} (or {@code INSERT … SELECT}) joins in one pass. A batch of single-row
 * statements costs the database one execution per row; a mass action's chunk of a thousand deals
 * is one execution this way. The placeholders are cast, so PostgreSQL knows their types even when
 * a column is null in every row (the first row's casts type the others); H2 and PostgreSQL accept
 * the same text.
 */
public final class RowsStatement {

    /** PostgreSQL's protocol takes at most 32,767 parameters in one statement; bigger lists are split. */
    private static final int MAX_PARAMETERS = 30_000;

    private RowsStatement() {}

    /**
     * Runs {@code sql}, whose {@code %s} stands for the source {@code (values …) v (names)}, once per
     * slice of {@code rows}; {@code columns} are "name type" pairs in the order {@code values} gives them.
     * Returns the number of rows the statements changed.
     */
    public static <T> int run(JdbcTemplate jdbc, String sql, List<String> columns, List<T> rows, Function<T, Object[]> values) {
        return run(jdbc, sql, columns, rows, values, slice -> new Object[0]);
    }

    /**
     * The same, with parameters after the source that depend on the slice ({@code after}), such as
     * the range of keys it touches: a bound the planner can use whatever its statistics say.
     */
    public static <T> int run(JdbcTemplate jdbc, String sql, List<String> columns, List<T> rows, Function<T, Object[]> values,
                              Function<List<T>, Object[]> after) {
        if (rows.isEmpty()) {
            return 0;
        }
        List<String> names = new ArrayList<>();
        StringBuilder typed = new StringBuilder("(");
        for (String c : columns) {
            int space = c.indexOf(' ');
            names.add(c.substring(0, space));
            typed.append(typed.length() == 1 ? "" : ", ").append("cast(? as ").append(c.substring(space + 1)).append(')');
        }
        typed.append(')');
        // the first row's casts type the columns; the other rows' placeholders take those types
        String plain = "(" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        int perStatement = Math.max(1, MAX_PARAMETERS / columns.size());
        int changed = 0;
        for (int from = 0; from < rows.size(); from += perStatement) {
            List<T> slice = rows.subList(from, Math.min(rows.size(), from + perStatement));
            StringBuilder source = new StringBuilder("(values ");
            List<Object> params = new ArrayList<>(slice.size() * columns.size());
            for (int i = 0; i < slice.size(); i++) {
                source.append(i == 0 ? typed : ", " + plain);
                Object[] v = values.apply(slice.get(i));
                if (v.length != columns.size()) {
                    throw new IllegalArgumentException("expected " + columns.size() + " values, got " + v.length);
                }
                params.addAll(java.util.Arrays.asList(v));
            }
            source.append(") v (").append(String.join(", ", names)).append(')');
            params.addAll(java.util.Arrays.asList(after.apply(slice)));
            changed += jdbc.update(sql.replace("%s", source), params.toArray());
        }
        return changed;
    }
}
