package org.voronka.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;
import tools.jackson.databind.JsonNode;

/**
 * Reads one JSON object of a request with type checks, collecting every problem with its
 * dotted path and the batch item's request id instead of failing on the first.
 */
final class In {

    static final BigDecimal MAX_PRICE = new BigDecimal("1000000000000000");
    static final long MAX_TIMESTAMP = 253402300799L; // 9999-12-31

    private final JsonNode node;
    private final String requestId;
    private final String path;
    private final List<Problem> problems;

    In(JsonNode node, String requestId, String path, List<Problem> problems) {
        this.node = node;
        this.requestId = requestId;
        this.path = path;
        this.problems = problems;
    }

    /** The items of a batch body; a single object is taken as a batch of one. */
    static List<In> batch(JsonNode body, List<Problem> problems, int max) {
        List<In> items = new ArrayList<>();
        if (body == null || body.isNull() || body.isMissingNode()) {
            problems.add(new Problem("0", "", "InvalidType", "The body must be a JSON array of objects"));
            return items;
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(nodes::add);
        } else {
            nodes.add(body);
        }
        if (nodes.isEmpty()) {
            problems.add(new Problem("0", "", "EmptyBatch", "The batch is empty"));
        }
        if (nodes.size() > max) {
            problems.add(new Problem("0", "", "TooManyItems", "At most " + max + " items per request; got " + nodes.size()));
            return items;
        }
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode n = nodes.get(i);
            String rid = Integer.toString(i);
            JsonNode r = n.isObject() ? n.get("request_id") : null;
            if (r != null && (r.isString() || r.isNumber())) {
                rid = r.asString();
            }
            if (!n.isObject()) {
                problems.add(new Problem(rid, "", "InvalidType", "Item " + i + " must be a JSON object"));
                continue;
            }
            items.add(new In(n, rid, "", problems));
        }
        return items;
    }

    static In single(JsonNode body, List<Problem> problems) {
        if (body == null || !body.isObject()) {
            problems.add(new Problem("0", "", "InvalidType", "The body must be a JSON object"));
            return new In(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode(), "0", "", problems);
        }
        return new In(body, "0", "", problems);
    }

    static void throwIfAny(List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    String requestId() {
        return requestId;
    }

    JsonNode node() {
        return node;
    }

    String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    void problem(String field, String code, String detail) {
        problems.add(new Problem(requestId, path(field), code, detail));
    }

    boolean has(String field) {
        return node.has(field);
    }

    boolean isNull(String field) {
        return node.has(field) && node.get(field).isNull();
    }

    private JsonNode value(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    Long id(String field) {
        Long v = integer(field, 1, Long.MAX_VALUE);
        return v;
    }

    Long integer(String field, long min, long max) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            problem(field, "InvalidType", "Must be an integer");
            return null;
        }
        long l = v.longValue();
        if (l < min || l > max) {
            problem(field, "OutOfRange", "Must be between " + min + " and " + max);
            return null;
        }
        return l;
    }

    String string(String field, int maxLength) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isString()) {
            problem(field, "InvalidType", "Must be a string");
            return null;
        }
        String s = v.stringValue();
        if (s.length() > maxLength) {
            problem(field, "TooLong", "At most " + maxLength + " characters");
            return null;
        }
        return s;
    }

    String requiredString(String field, int maxLength) {
        if (value(field) == null) {
            problem(field, "NotBlank", "This value should not be blank.");
            return null;
        }
        String s = string(field, maxLength);
        if (s != null && s.isBlank()) {
            problem(field, "NotBlank", "This value should not be blank.");
            return null;
        }
        return s;
    }

    /** A scalar as sent: a String, Boolean, Long or BigDecimal; null when absent or null. */
    Object scalar(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (v.isString()) {
            return v.stringValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        problem(field, "InvalidType", "Must be a string, a number or a boolean");
        return null;
    }

    Boolean bool(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            problem(field, "InvalidType", "Must be true or false");
            return null;
        }
        return v.booleanValue();
    }

    /** A money amount: an integer or a decimal, not negative. */
    BigDecimal price(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            problem(field, "InvalidType", "Must be a number");
            return null;
        }
        BigDecimal d;
        try {
            d = v.decimalValue();
        } catch (RuntimeException notFinite) {
            problem(field, "InvalidType", "Must be a finite number");
            return null;
        }
        if (d.signum() < 0 || d.compareTo(MAX_PRICE) >= 0) {
            problem(field, "OutOfRange", "Must be between 0 and " + MAX_PRICE.toPlainString());
            return null;
        }
        return d.setScale(Math.min(Math.max(d.scale(), 0), 2), java.math.RoundingMode.HALF_UP);
    }

    /** A Unix timestamp in seconds. */
    Instant timestamp(String field) {
        Long v = integer(field, 0, MAX_TIMESTAMP);
        return v == null ? null : Instant.ofEpochSecond(v);
    }

    /** Items of an array field; null when the field is absent or null. */
    List<In> array(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            problem(field, "InvalidType", "Must be an array");
            return null;
        }
        List<In> items = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isObject()) {
                problems.add(new Problem(requestId, path(field) + "." + i, "InvalidType", "Must be an object"));
                continue;
            }
            items.add(new In(item, requestId, path(field) + "." + i, problems));
        }
        return items;
    }

    In object(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            problem(field, "InvalidType", "Must be an object");
            return null;
        }
        return new In(v, requestId, path(field), problems);
    }
}
