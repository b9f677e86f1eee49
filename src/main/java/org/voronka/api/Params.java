package org.voronka.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voronka.shared.ValidationException;

/**
 * Query parameters parsed the way PHP's http_build_query writes them:
 * {@code filter[id]=5}, {@code filter[id][]=5}, {@code filter[id][0]=5} and
 * {@code filter[statuses][0][pipeline_id]=7} all become a tree of nodes.
 */
final class Params {

    final Map<String, Params> children = new LinkedHashMap<>();
    final List<String> values = new ArrayList<>();
    private final String name;

    private Params(String name) {
        this.name = name;
    }

    static Params of(Map<String, String[]> parameters) {
        Params root = new Params("");
        parameters.forEach((key, vals) -> {
            Params node = root;
            int bracket = key.indexOf('[');
            String head = bracket < 0 ? key : key.substring(0, bracket);
            node = node.child(head);
            String rest = bracket < 0 ? "" : key.substring(bracket);
            while (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    break;
                }
                String part = rest.substring(1, close);
                rest = rest.substring(close + 1);
                if (!part.isEmpty()) {
                    node = node.child(part);
                }
            }
            for (String v : vals) {
                node.values.add(v);
            }
        });
        return root;
    }

    private Params child(String part) {
        String full = name.isEmpty() ? part : name + "[" + part + "]";
        return children.computeIfAbsent(part, k -> new Params(full));
    }

    Params get(String key) {
        Params p = children.get(key);
        return p == null ? new Params(name.isEmpty() ? key : name + "[" + key + "]") : p;
    }

    boolean present() {
        return !values.isEmpty() || !children.isEmpty();
    }

    String name() {
        return name;
    }

    /** All scalar values at this node and, for list forms, under its numbered children. */
    List<String> all() {
        List<String> result = new ArrayList<>(values);
        children.forEach((k, v) -> {
            if (k.matches("\\d+")) {
                result.addAll(v.all());
            }
        });
        return result.stream().filter(s -> !s.isEmpty()).distinct().toList();
    }

    String first() {
        List<String> all = all();
        return all.isEmpty() ? null : all.get(0);
    }

    List<Long> longs() {
        List<Long> result = new ArrayList<>();
        for (String v : all()) {
            for (String part : v.split(",")) {
                result.add(parseLong(part.trim()));
            }
        }
        return result.stream().distinct().toList();
    }

    Long longValue() {
        String v = first();
        return v == null ? null : parseLong(v.trim());
    }

    int intValue(int defaultValue, int min, int max) {
        String v = first();
        if (v == null) {
            return defaultValue;
        }
        long l = parseLong(v.trim());
        if (l < min || l > max) {
            throw ValidationException.of("0", name, "OutOfRange", name + " must be between " + min + " and " + max);
        }
        return (int) l;
    }

    java.math.BigDecimal decimal() {
        String v = first();
        if (v == null) {
            return null;
        }
        try {
            return new java.math.BigDecimal(v.trim());
        } catch (NumberFormatException e) {
            throw ValidationException.of("0", name, "InvalidType", name + " must be a number");
        }
    }

    /** A timestamp range: {@code [from]}/{@code [to]}, or a single timestamp meaning "from". */
    Instant[] range() {
        if (!present()) {
            return null;
        }
        Long from = get("from").longValue();
        Long to = get("to").longValue();
        if (from == null && to == null) {
            from = longValue();
        }
        return new Instant[] {from == null ? null : seconds(from), to == null ? null : seconds(to)};
    }

    private Instant seconds(long s) {
        if (s < 0 || s > In.MAX_TIMESTAMP) {
            throw ValidationException.of("0", name, "OutOfRange", name + " must be a Unix timestamp");
        }
        return Instant.ofEpochSecond(s);
    }

    private long parseLong(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ValidationException.of("0", name, "InvalidType", name + " must be an integer, got '" + abbreviate(v) + "'");
        }
    }

    private static String abbreviate(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }
}
