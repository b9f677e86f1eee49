package org.voronka.customfield;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.AccountCreated;
import org.voronka.account.AccountManagement;
import org.voronka.account.User;
import org.voronka.shared.EntitiesPurged;
import java.util.stream.Collectors;
import org.voronka.customfield.CustomField.FieldEnum;
import org.voronka.customfield.PreparedValues.Stored;
import org.voronka.customfield.internal.FieldRepository;
import org.voronka.customfield.internal.FieldRepository.ValueRow;
import org.voronka.shared.Ids;

/**
 * The custom field module's facade: field definitions per entity type, validated writes of
 * values (prepare a whole batch with a {@link FieldWriter}, then {@link #write}) and reads.
 */
@Service
public class FieldValues {

    public static final String CONTACTS = "contacts";
    public static final String COMPANIES = "companies";
    public static final List<String> PHONE_CODES = List.of("WORK", "WORKDD", "MOB", "FAX", "HOME", "OTHER");
    public static final List<String> EMAIL_CODES = List.of("WORK", "PRIV", "OTHER");

    private final FieldRepository repository;
    private final AccountManagement accounts;
    private final Ids ids;
    private final org.springframework.context.ApplicationEventPublisher events;

    FieldValues(FieldRepository repository, AccountManagement accounts, Ids ids,
                org.springframework.context.ApplicationEventPublisher events) {
        this.repository = repository;
        this.accounts = accounts;
        this.ids = ids;
        this.events = events;
    }

    /** Every new account gets the predefined PHONE and EMAIL fields of contacts and companies. */
    @EventListener
    void on(AccountCreated event) {
        boolean en = "en".equalsIgnoreCase(event.language());
        for (String entityType : List.of(CONTACTS, COMPANIES)) {
            define(event.accountId(), entityType, new NewField(en ? "Phone" : "Телефон", "PHONE", "multitext", 4, true,
                    PHONE_CODES.stream().map(c -> new NewField.Option(c, c)).toList()));
            define(event.accountId(), entityType, new NewField("Email", "EMAIL", "multitext", 6, true,
                    EMAIL_CODES.stream().map(c -> new NewField.Option(c, c)).toList()));
        }
    }

    @Transactional
    public CustomField define(long accountId, String entityType, NewField field) {
        long id = ids.next("field_seq");
        List<Long> enumIds = field.options().isEmpty() ? List.of() : ids.next("field_enum_seq", field.options().size());
        List<FieldEnum> enums = new ArrayList<>();
        for (int i = 0; i < field.options().size(); i++) {
            NewField.Option o = field.options().get(i);
            enums.add(new FieldEnum(enumIds.get(i), o.value(), o.code(), (i + 1) * 2));
        }
        CustomField created = new CustomField(id, entityType, field.name(),
                field.code() == null ? null : field.code().toUpperCase(Locale.ROOT), field.type(), field.sort(), field.predefined(),
                enums);
        repository.insertField(accountId, created);
        return created;
    }

    @Transactional(readOnly = true)
    public List<CustomField> fields(long accountId, String entityType) {
        return repository.fields(accountId, entityType);
    }

    /** A checker for one batch: loads the entity type's fields once. */
    @Transactional(readOnly = true)
    public FieldWriter writer(long accountId, String entityType) {
        return new FieldWriter(repository.fields(accountId, entityType),
                () -> accounts.users(accountId, 0, Integer.MAX_VALUE).stream().map(User::id).collect(Collectors.toSet()));
    }

    /**
     * The required fields that entities entering a stage leave empty, by entity id: a field counts
     * as filled when the entity has a value and the pending write does not clear it, or when the
     * pending write gives it one. One query for the whole batch.
     */
    @Transactional(readOnly = true)
    public Map<Long, List<CustomField>> missingRequired(long accountId, String entityType, FieldWriter writer,
                                                       List<Entering> entering) {
        if (!writer.anyRequired() || entering.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<CustomField>> required = new LinkedHashMap<>();
        for (Entering e : entering) {
            List<CustomField> r = writer.requiredIn(e.pipelineId(), e.statusId());
            if (!r.isEmpty()) {
                required.put(e.entityId(), r);
            }
        }
        if (required.isEmpty()) {
            return Map.of();
        }
        Set<List<Long>> filled = repository.filled(accountId, entityType, required.keySet(),
                required.values().stream().flatMap(List::stream).map(CustomField::id).distinct().toList());
        Map<Long, List<CustomField>> missing = new LinkedHashMap<>();
        for (Entering e : entering) {
            for (CustomField f : required.getOrDefault(e.entityId(), List.of())) {
                Boolean pending = e.pending() == null ? null : e.pending().filled(f.id());
                boolean has = pending != null ? pending : filled.contains(List.of(e.entityId(), f.id()));
                if (!has) {
                    missing.computeIfAbsent(e.entityId(), k -> new ArrayList<>()).add(f);
                }
            }
        }
        return missing;
    }

    /** An entity about to enter a stage, with the values written in the same request (or null). */
    public record Entering(long entityId, long pipelineId, long statusId, PreparedValues pending) {}

    /**
     * The condition {@code filter[custom_fields_values]} puts on the entity id column; unknown
     * fields, options and malformed numbers are refused with the filter's path.
     */
    @Transactional(readOnly = true)
    public SqlCondition condition(long accountId, String entityType, String idColumn, List<FieldFilter> filters) {
        return condition(accountId, entityType, idColumn, filters, "cf");
    }

    /**
     * The same, its parameters named after {@code prefix}: for a statement that holds conditions on
     * the fields of several entity types (a deal's own, its contacts' and its company's).
     */
    @Transactional(readOnly = true)
    public SqlCondition condition(long accountId, String entityType, String idColumn, List<FieldFilter> filters, String prefix) {
        if (filters == null || filters.isEmpty()) {
            return SqlCondition.NONE;
        }
        Map<Long, CustomField> byId = new LinkedHashMap<>();
        repository.fields(accountId, entityType).forEach(f -> byId.put(f.id(), f));
        return FieldConditions.of(accountId, entityType, idColumn, filters, byId, prefix);
    }

    /**
     * The first value of a numeric, date or date-time field of every entity whose value is above
     * {@code above}, as SQL (read through the (account, field, number) index).
     */
    public FieldNumbers numbersAbove(long accountId, String entityType, long fieldId, java.math.BigDecimal above) {
        return new FieldNumbers("select entity_id, value_num from custom_field_values where account_id = :fv_account "
                + "and entity_type = :fv_type and field_id = :fv_field and value_num > :fv_above and position = 0",
                Map.of("fv_account", accountId, "fv_type", entityType, "fv_field", fieldId, "fv_above", above));
    }

    /**
     * Those of the filters the condition builder accepts, the others left out: for a filter written
     * in a page's address, which must narrow what it can rather than fail.
     */
    @Transactional(readOnly = true)
    public List<FieldFilter> acceptedFilters(long accountId, String entityType, List<FieldFilter> filters) {
        if (filters == null || filters.isEmpty()) {
            return List.of();
        }
        Map<Long, CustomField> byId = new LinkedHashMap<>();
        repository.fields(accountId, entityType).forEach(f -> byId.put(f.id(), f));
        return filters.stream().filter(f -> {
            try {
                FieldConditions.of(accountId, entityType, "id", List.of(f), byId, "cf");
                return true;
            } catch (org.voronka.shared.ValidationException refused) {
                return false;
            }
        }).toList();
    }

    /** Values of entities removed for good go with them. */
    @EventListener
    void on(EntitiesPurged event) {
        repository.deleteValues(event.accountId(), event.entityType(), event.ids());
    }

    /**
     * Stores prepared values, entity by entity; fields not mentioned keep their values. The fields
     * whose values really change are published as one {@link FieldValuesChanged} by {@code userId}
     * at {@code at}; {@code quiet} (a new entity's first values) publishes nothing.
     */
    @Transactional
    public void write(long accountId, String entityType, Map<Long, PreparedValues> byEntity) {
        Map<Long, Map<Long, List<Stored>>> rows = rows(byEntity);
        if (!rows.isEmpty()) {
            repository.replace(accountId, entityType, rows);
        }
    }

    /**
     * Stores prepared values like {@link #write} and tells which fields really changed, with their
     * values before and after (one read of the entities' values for the whole batch).
     */
    @Transactional
    public List<FieldChange> writeChanges(long accountId, String entityType, Map<Long, PreparedValues> byEntity) {
        Map<Long, Map<Long, List<Stored>>> rows = rows(byEntity);
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<List<Long>, List<FieldChange.Text>> before = new LinkedHashMap<>();
        for (ValueRow r : repository.values(accountId, entityType, rows.keySet())) {
            before.computeIfAbsent(List.of(r.entityId(), r.fieldId()), k -> new ArrayList<>())
                    .add(new FieldChange.Text(r.enumId(), r.text()));
        }
        Map<Long, String> types = new LinkedHashMap<>();
        repository.fields(accountId, entityType).forEach(f -> types.put(f.id(), f.type()));
        List<FieldChange> changes = new ArrayList<>();
        rows.forEach((entityId, byField) -> byField.forEach((fieldId, values) -> {
            List<FieldChange.Text> was = before.getOrDefault(List.of(entityId, fieldId), List.of());
            List<FieldChange.Text> now = values.stream().map(v -> new FieldChange.Text(v.enumId(), v.text())).toList();
            if (!was.equals(now)) {
                changes.add(new FieldChange(entityId, fieldId, types.getOrDefault(fieldId, "text"), List.copyOf(was), now));
            }
        }));
        repository.replace(accountId, entityType, rows);
        return changes;
    }

    private static Map<Long, Map<Long, List<Stored>>> rows(Map<Long, PreparedValues> byEntity) {
        Map<Long, Map<Long, List<Stored>>> rows = new LinkedHashMap<>();
        byEntity.forEach((entityId, prepared) -> {
            if (prepared != null && !prepared.isEmpty()) {
                rows.put(entityId, prepared.byField());
            }
        });
        return rows;
    }

    /**
     * Stores prepared values like {@link #writeChanges} and publishes the real changes as
     * {@link FieldValuesChanged} (contacts and companies; a deal's changes travel in its own
     * change event instead), and returns them. {@code quiet}: a new entity's first values, nothing
     * is published nor returned.
     */
    @Transactional
    public List<FieldChange> write(long accountId, String entityType, Map<Long, PreparedValues> byEntity, long userId,
                                   java.time.Instant at, boolean quiet) {
        if (quiet) {
            write(accountId, entityType, byEntity);
            return List.of();
        }
        List<FieldChange> changes = writeChanges(accountId, entityType, byEntity);
        if (changes.isEmpty()) {
            return changes;
        }
        Map<Long, CustomField> fields = new LinkedHashMap<>();
        repository.fields(accountId, entityType).forEach(f -> fields.put(f.id(), f));
        List<FieldValuesChanged.Change> published = new ArrayList<>();
        for (FieldChange c : changes) {
            CustomField f = fields.get(c.fieldId());
            if (f != null) {
                published.add(new FieldValuesChanged.Change(c.entityId(), c.fieldId(), f.name(), f.type(), FieldTypes.code(f.type()),
                        values(c.before()), values(c.after())));
            }
        }
        events.publishEvent(new FieldValuesChanged(accountId, entityType, userId, at, published));
        return changes;
    }

    private static List<FieldValuesChanged.Value> values(List<FieldChange.Text> texts) {
        return texts.stream().map(t -> new FieldValuesChanged.Value(t.text(), t.enumId())).toList();
    }

    /**
     * The entities of the type holding each of the phones or e-mails, by {@link #key} of the value
     * (compared normalised, as search does: 8… and +7… alike, e-mails in any case); one indexed
     * query, at most {@code max} rows.
     */
    @Transactional(readOnly = true)
    public Map<String, Set<Long>> holders(long accountId, String entityType, Collection<String> phones, Collection<String> emails,
                                         int max) {
        Map<Long, List<String>> byField = new LinkedHashMap<>();
        Map<Long, String> codes = new LinkedHashMap<>();
        for (CustomField f : repository.fields(accountId, entityType)) {
            Collection<String> texts = "PHONE".equalsIgnoreCase(f.code()) ? phones : "EMAIL".equalsIgnoreCase(f.code()) ? emails : List.of();
            List<String> norms = texts.stream().filter(t -> t != null && !t.isBlank()).map(t -> Normalizer.of(f.code(), t))
                    .filter(n -> n != null && !n.isEmpty()).distinct().toList();
            if (!norms.isEmpty()) {
                byField.put(f.id(), norms);
                codes.put(f.id(), f.code().toUpperCase(Locale.ROOT));
            }
        }
        Map<String, Set<Long>> result = new LinkedHashMap<>();
        if (!byField.isEmpty()) {
            for (FieldRepository.Holder h : repository.holders(accountId, entityType, byField, max)) {
                result.computeIfAbsent(codes.get(h.fieldId()) + ":" + h.norm(), k -> new java.util.LinkedHashSet<>()).add(h.entityId());
            }
        }
        return result;
    }

    /** The key {@link #holders} files a phone ({@code PHONE}) or e-mail ({@code EMAIL}) under; null for a value without one. */
    public static String key(String fieldCode, String text) {
        String norm = text == null ? null : Normalizer.of(fieldCode, text);
        return norm == null || norm.isEmpty() ? null : fieldCode.toUpperCase(Locale.ROOT) + ":" + norm;
    }

    /** Values by entity id, fields in their display order; entities without values are absent. */
    @Transactional(readOnly = true)
    public Map<Long, List<FieldValue>> read(long accountId, String entityType, Collection<Long> entityIds) {
        List<ValueRow> rows = repository.values(accountId, entityType, entityIds);
        if (rows.isEmpty()) {
            return Map.of();
        }
        Map<Long, CustomField> fields = new LinkedHashMap<>();
        repository.fields(accountId, entityType).forEach(f -> fields.put(f.id(), f));
        Map<Long, Map<Long, List<FieldValue.Value>>> grouped = new LinkedHashMap<>();
        for (ValueRow r : rows) {
            CustomField f = fields.get(r.fieldId());
            if (f != null) {
                grouped.computeIfAbsent(r.entityId(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.fieldId(), k -> new ArrayList<>()).add(value(f, r));
            }
        }
        Map<Long, List<FieldValue>> result = new LinkedHashMap<>();
        grouped.forEach((entityId, byField) -> {
            List<FieldValue> list = new ArrayList<>();
            for (CustomField f : fields.values()) {
                List<FieldValue.Value> values = byField.get(f.id());
                if (values != null) {
                    list.add(new FieldValue(f.id(), f.name(), f.code(), f.type(), values));
                }
            }
            result.put(entityId, list);
        });
        return result;
    }

    private static FieldValue.Value value(CustomField f, ValueRow r) {
        String enumCode = r.enumId() == null ? null
                : f.enums().stream().filter(e -> e.id() == r.enumId()).findFirst().map(FieldEnum::code).orElse(null);
        Object v = switch (f.type()) {
            case "checkbox" -> Boolean.valueOf(r.text());
            case "date", "date_time", "birthday", "user" -> Long.valueOf(r.text());
            default -> r.text();
        };
        return new FieldValue.Value(v, r.enumId(), enumCode);
    }

    /**
     * Entities of the type with a value containing the text: phones compared by their digits
     * (8… and +7… alike), everything else case-insensitively. At most {@code max} ids.
     */
    @Transactional(readOnly = true)
    public Set<Long> search(long accountId, String entityType, String text, int max) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            return Set.of();
        }
        return repository.entitiesLike(accountId, entityType, searchPatterns(trimmed), max);
    }

    /**
     * The LIKE patterns (escaped with a backslash) that find a text among normalised values: the
     * lower-case text, and for something that looks like a phone its digits, normalised (8… and
     * +7… alike) and as typed.
     */
    public static List<String> searchPatterns(String text) {
        String trimmed = text.trim();
        List<String> patterns = new ArrayList<>();
        patterns.add(like(Normalizer.lower(trimmed)));
        if (trimmed.matches("[+\\d()\\s.-]+") && trimmed.replaceAll("\\D", "").length() >= 3) {
            String digits = Normalizer.phone(trimmed);
            patterns.add(like(digits));
            patterns.add(like(trimmed.replaceAll("\\D", "")));
        }
        return patterns.stream().distinct().toList();
    }

    private static String like(String s) {
        return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
