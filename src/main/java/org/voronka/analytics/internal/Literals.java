package org.voronka.analytics.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a report query's named values into its SQL as literals. H2 evaluates common table
 * expressions as views and does not reliably re-bind their parameters when one statement runs
 * again with other values; literal values avoid that on H2 and let PostgreSQL plan each report
 * for its own pipeline and period. Only numbers (and lists of them, for {@code in}), timestamps
 * and a fixed set of codes are accepted, so nothing from a request reaches the SQL text unchecked.
 */
final class Literals {

    private static final Pattern NAME = Pattern.compile(":([a-z_][a-z0-9_]*)");
    private static final Pattern CODE = Pattern.compile("[a-z_]{1,16}");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private Literals() {}

    static String inline(String sql, Map<String, Object> values) {
        Matcher m = NAME.matcher(sql);
        StringBuilder out = new StringBuilder(sql.length() + 64);
        while (m.find()) {
            String name = m.group(1);
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("no value for :" + name);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(literal(values.get(name))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String literal(Object v) {
        if (v instanceof Long || v instanceof Integer) {
            return v.toString();
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof java.util.Collection<?> c && !c.isEmpty()) {
            return String.join(", ", c.stream().map(Literals::literal).toList());
        }
        if (v instanceof OffsetDateTime t) {
            return "timestamp with time zone '" + TIMESTAMP.format(t.withOffsetSameInstant(ZoneOffset.UTC)) + "+00'";
        }
        if (v instanceof String s && CODE.matcher(s).matches()) {
            return "'" + s + "'";
        }
        throw new IllegalArgumentException("not a literal value: " + v);
    }
}
