package org.voronka.customfield;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.voronka.customfield.CustomField.FieldEnum;
import org.voronka.customfield.FieldWrite.ValueWrite;
import org.voronka.customfield.PreparedValues.Stored;
import org.voronka.shared.ValidationException.Problem;

/**
 * Checks requested values against the fields of one entity type, loaded once per batch, and
 * turns them into stored values. Problems carry the exact path of the offending part, e.g.
 * {@code custom_fields_values.0.values.1.enum_code}.
 */
public final class FieldWriter {

    /** amoCRM accepts at most this many field items per entity in one write. */
    public static final int MAX_FIELDS_PER_ENTITY = 100;
    static final int MAX_SHORT_TEXT = 255;
    static final int MAX_LONG_TEXT = 4000;
    static final long MAX_TIMESTAMP = 253402300799L;

    /** Numbers of numeric and price fields: at most 20 digits before the point and 6 after it. */
    static final BigDecimal MAX_NUMBER = new BigDecimal("1E20");

    private final Map<Long, CustomField> byId = new LinkedHashMap<>();
    private final Map<String, CustomField> byCode = new LinkedHashMap<>();
    private final Supplier<Set<Long>> userIds;
    private Set<Long> users;

    FieldWriter(List<CustomField> fields) {
        this(fields, Set::of);
    }

    /** {@code userIds}: the account's users, asked for once and only when a user field is written. */
    FieldWriter(List<CustomField> fields, Supplier<Set<Long>> userIds) {
        this.userIds = userIds;
        for (CustomField f : fields) {
            byId.put(f.id(), f);
            if (f.code() != null) {
                byCode.put(f.code().toUpperCase(Locale.ROOT), f);
            }
        }
    }

    /** The fields of the entity type, in display order. */
    public List<CustomField> fields() {
        return List.copyOf(byId.values());
    }

    /** The fields a deal entering the stage must have filled. */
    public List<CustomField> requiredIn(long pipelineId, long statusId) {
        return byId.values().stream().filter(f -> f.requiredIn(pipelineId, statusId)).toList();
    }

    /** The fields required in the stage that a new entity's values leave empty. */
    public List<CustomField> missing(long pipelineId, long statusId, PreparedValues values) {
        return requiredIn(pipelineId, statusId).stream().filter(f -> !Boolean.TRUE.equals(values.filled(f.id()))).toList();
    }

    public boolean anyRequired() {
        return byId.values().stream().anyMatch(f -> f.required() || !f.requiredStatuses().isEmpty());
    }

    /** Validated values; problems are added to the list (nothing is written here). */
    public PreparedValues prepare(String requestId, List<FieldWrite> writes, List<Problem> problems) {
        if (writes == null || writes.isEmpty()) {
            return PreparedValues.NONE;
        }
        Map<Long, List<Stored>> result = new LinkedHashMap<>();
        Set<Long> seen = new HashSet<>();
        for (FieldWrite w : writes) {
            Optional<CustomField> field = resolve(w, requestId, problems);
            if (field.isEmpty()) {
                continue;
            }
            CustomField f = field.get();
            if (!seen.add(f.id())) {
                problems.add(new Problem(requestId, w.path() + "." + (w.fieldId() != null ? "field_id" : "field_code"),
                        "Duplicate", "Field " + f.id() + " appears twice"));
                continue;
            }
            result.put(f.id(), values(f, w, requestId, problems));
        }
        return new PreparedValues(result);
    }

    private Optional<CustomField> resolve(FieldWrite w, String requestId, List<Problem> problems) {
        if (w.fieldId() != null) {
            CustomField f = byId.get(w.fieldId());
            if (f == null || (w.fieldCode() != null && !w.fieldCode().equalsIgnoreCase(String.valueOf(f.code())))) {
                problems.add(new Problem(requestId, w.path() + ".field_id", "NotSupportedChoice",
                        "The value you selected is not a valid choice."));
                return Optional.empty();
            }
            return Optional.of(f);
        }
        if (w.fieldCode() != null) {
            CustomField f = byCode.get(w.fieldCode().toUpperCase(Locale.ROOT));
            if (f == null) {
                problems.add(new Problem(requestId, w.path() + ".field_code", "NotSupportedChoice",
                        "The value you selected is not a valid choice."));
                return Optional.empty();
            }
            return Optional.of(f);
        }
        problems.add(new Problem(requestId, w.path() + ".field_id", "NotBlank", "Give field_id or field_code"));
        return Optional.empty();
    }

    private List<Stored> values(CustomField f, FieldWrite w, String requestId, List<Problem> problems) {
        List<Stored> stored = new ArrayList<>();
        if (w.values() == null) {
            return stored;
        }
        boolean single = !FieldTypes.isMulti(f.type());
        if (single && w.values().size() > 1) {
            problems.add(new Problem(requestId, w.path() + ".values", "TooManyItems", "Field " + f.id() + " takes one value"));
            return stored;
        }
        for (int i = 0; i < w.values().size(); i++) {
            Check c = new Check(requestId, w.path() + ".values." + i, problems);
            Stored s = value(f, w.values().get(i), c);
            if (s != null) {
                stored.add(s);
            }
        }
        return stored;
    }

    private record Check(String requestId, String path, List<Problem> problems) {
        Stored fail(String field, String code, String detail) {
            problems.add(new Problem(requestId, path + "." + field, code, detail));
            return null;
        }
    }

    private Stored value(CustomField f, ValueWrite v, Check c) {
        switch (f.type()) {
            case "multitext" -> {
                String text = text(v.value(), c, MAX_SHORT_TEXT);
                if (text == null) {
                    return null;
                }
                FieldEnum option = option(f, v, c, true);
                if (option == null) {
                    return null;
                }
                String norm = Normalizer.of(f.code(), text);
                if (norm == null) {
                    return c.fail("value", "InvalidValue", "\"" + abbreviate(text) + "\" is not a phone number");
                }
                return new Stored(text.trim(), norm, option.id());
            }
            case "select", "radiobutton", "multiselect", "category" -> {
                FieldEnum option = v.enumId() != null || v.enumCode() != null ? option(f, v, c, false) : optionByValue(f, v, c);
                return option == null ? null : new Stored(option.value(), Normalizer.lower(option.value()), option.id());
            }
            case "smart_address" -> {
                String text = text(v.value(), c, MAX_SHORT_TEXT);
                FieldEnum option = text == null ? null : option(f, v, c, false);
                return option == null ? null : new Stored(text.trim(), Normalizer.lower(text), option.id());
            }
            case "checkbox" -> {
                if (!(v.value() instanceof Boolean b)) {
                    return c.fail("value", "InvalidType", "Must be true or false");
                }
                return new Stored(b.toString(), b.toString(), null);
            }
            case "numeric", "monetary", "price" -> {
                BigDecimal d = number(v.value());
                if (d == null) {
                    return c.fail("value", "InvalidType", "Must be a number");
                }
                if (d.abs().compareTo(MAX_NUMBER) >= 0 || d.stripTrailingZeros().scale() > 6) {
                    return c.fail("value", "OutOfRange", "At most 20 digits before the point and 6 after it");
                }
                String text = d.stripTrailingZeros().scale() <= 0 ? d.setScale(0).toPlainString() : d.stripTrailingZeros().toPlainString();
                return new Stored(text, text, null, d);
            }
            case "user" -> {
                Long user = v.value() instanceof Number n && new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0
                        ? Long.valueOf(n.longValue())
                        : v.value() instanceof String s && s.trim().matches("\\d{1,18}") ? Long.valueOf(s.trim()) : null;
                if (user == null) {
                    return c.fail("value", "InvalidType", "Must be the id of a user");
                }
                if (users == null) {
                    users = userIds.get();
                }
                if (!users.contains(user)) {
                    return c.fail("value", "NotSupportedChoice", "User " + user + " does not exist");
                }
                return new Stored(user.toString(), user.toString(), null, new BigDecimal(user));
            }
            case "url" -> {
                String text = text(v.value(), c, MAX_SHORT_TEXT);
                if (text == null) {
                    return null;
                }
                if (text.trim().contains(" ")) {
                    return c.fail("value", "InvalidValue", "A link has no spaces");
                }
                return new Stored(text.trim(), Normalizer.lower(text), null);
            }
            case "date", "date_time", "birthday" -> {
                Long seconds = timestamp(v.value());
                if (seconds == null) {
                    return c.fail("value", "InvalidType", "Must be a Unix timestamp or an RFC 3339 date-time");
                }
                return new Stored(seconds.toString(), seconds.toString(), null, new BigDecimal(seconds));
            }
            default -> {
                int max = "textarea".equals(f.type()) ? MAX_LONG_TEXT : MAX_SHORT_TEXT;
                String text = text(v.value(), c, max);
                return text == null ? null : new Stored(text, Normalizer.lower(text), null);
            }
        }
    }

    private static String text(Object value, Check c, int max) {
        if (value == null) {
            c.fail("value", "NotBlank", "This value should not be blank.");
            return null;
        }
        if (!(value instanceof String) && !(value instanceof Number)) {
            c.fail("value", "InvalidType", "Must be a string");
            return null;
        }
        String s = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        if (s.isBlank()) {
            c.fail("value", "NotBlank", "This value should not be blank.");
            return null;
        }
        if (s.length() > max) {
            c.fail("value", "TooLong", "At most " + max + " characters");
            return null;
        }
        return s;
    }

    /** The option named by enum_id or enum_code; multitext values without one get the field's first option. */
    private static FieldEnum option(CustomField f, ValueWrite v, Check c, boolean defaultFirst) {
        if (v.enumId() != null) {
            FieldEnum e = f.enums().stream().filter(x -> x.id() == v.enumId()).findFirst().orElse(null);
            if (e == null) {
                c.fail("enum_id", "NotSupportedChoice", "Field " + f.id() + " has no option " + v.enumId());
                return null;
            }
            if (v.enumCode() != null && !v.enumCode().equalsIgnoreCase(String.valueOf(e.code()))) {
                c.fail("enum_code", "NotSupportedChoice", "enum_code does not match enum_id " + v.enumId());
                return null;
            }
            return e;
        }
        if (v.enumCode() != null) {
            FieldEnum e = f.enums().stream().filter(x -> v.enumCode().equalsIgnoreCase(x.code())).findFirst().orElse(null);
            if (e == null) {
                c.fail("enum_code", "NotSupportedChoice", "Allowed: " + String.join(", ",
                        f.enums().stream().map(FieldEnum::code).filter(java.util.Objects::nonNull).toList()));
            }
            return e;
        }
        if (defaultFirst && !f.enums().isEmpty()) {
            return f.enums().get(0);
        }
        c.fail("enum_id", "NotBlank", "Give enum_id or enum_code");
        return null;
    }

    private static FieldEnum optionByValue(CustomField f, ValueWrite v, Check c) {
        if (!(v.value() instanceof String s) || s.isBlank()) {
            c.fail("value", "NotBlank", "Give the option's value, enum_id or enum_code");
            return null;
        }
        return f.enums().stream().filter(e -> e.value().equalsIgnoreCase(s.trim())).findFirst().orElseGet(() -> {
            c.fail("value", "NotSupportedChoice", "Field " + f.id() + " has no option \"" + abbreviate(s) + "\"");
            return null;
        });
    }

    private static BigDecimal number(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim().replace(',', '.'));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Long timestamp(Object value) {
        if (value instanceof Number n) {
            BigDecimal d = new BigDecimal(n.toString());
            if (d.scale() > 0 && d.stripTrailingZeros().scale() > 0) {
                return null;
            }
            long l = d.longValue();
            return l < 0 || l > MAX_TIMESTAMP ? null : l;
        }
        if (value instanceof String s) {
            try {
                return OffsetDateTime.parse(s.trim()).toEpochSecond();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
