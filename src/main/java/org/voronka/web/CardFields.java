package org.voronka.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.voronka.customfield.CustomField;
import org.voronka.customfield.FieldDefinitions;
import org.voronka.customfield.FieldGroup;
import org.voronka.customfield.FieldValue;
import org.voronka.customfield.FieldValues;
import org.voronka.customfield.FieldWrite;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.pipeline.Pipeline;
import org.voronka.shared.Actor;
import org.voronka.shared.ValidationException;

/**
 * Custom fields on the deal card: the fields grouped by their tab with the deal's values as the
 * inputs show them, the conversion of what a form sends into a field write, and the message of a
 * move refused because a required field is empty.
 */
@Component
class CardFields {

    private final FieldDefinitions definitions;
    private final FieldValues values;
    private final MessageSource messages;

    CardFields(FieldDefinitions definitions, FieldValues values, MessageSource messages) {
        this.definitions = definitions;
        this.values = values;
        this.messages = messages;
    }

    /** A field as the card shows it: {@code text} fills a single input, {@code selected} the chosen options. */
    record Shown(CustomField field, String text, Set<Long> selected, boolean filled) {}

    /** A tab of fields; {@code name} null for the main one. */
    record Group(String id, String name, List<Shown> fields) {}

    /** The groups of fields the card of the deal shows: fields hidden in the deal's stage are left out. */
    List<Group> groups(long accountId, Deal deal, ZoneId zone) {
        long dealId = deal.id();
        List<CustomField> fields = definitions.fields(accountId, DealManagement.ENTITY).stream()
                .filter(f -> f.visible() && !f.apiOnly() && !"multitext".equals(f.type()))
                .filter(f -> !f.hiddenIn(deal.pipelineId(), deal.statusId())).toList();
        if (fields.isEmpty()) {
            return List.of();
        }
        Map<Long, FieldValue> byField = new LinkedHashMap<>();
        values.read(accountId, DealManagement.ENTITY, List.of(dealId)).getOrDefault(dealId, List.of())
                .forEach(v -> byField.put(v.fieldId(), v));
        Map<String, Group> groups = new LinkedHashMap<>();
        groups.put("", new Group(null, null, new ArrayList<>()));
        for (FieldGroup g : definitions.groups(accountId, DealManagement.ENTITY)) {
            groups.put(g.id(), new Group(g.id(), g.name(), new ArrayList<>()));
        }
        for (CustomField f : fields) {
            FieldValue v = byField.get(f.id());
            Group g = groups.getOrDefault(f.groupId() == null ? "" : f.groupId(), groups.get(""));
            g.fields().add(shown(f, v, zone));
        }
        return groups.values().stream().filter(g -> !g.fields().isEmpty()).toList();
    }

    private static Shown shown(CustomField f, FieldValue v, ZoneId zone) {
        if (v == null || v.values().isEmpty()) {
            return new Shown(f, "", Set.of(), false);
        }
        Set<Long> selected = v.values().stream().map(FieldValue.Value::enumId).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        Object first = v.values().get(0).value();
        String text = switch (f.type()) {
            case "date" -> Instant.ofEpochSecond((Long) first).atZone(zone).toLocalDate().toString();
            case "date_time" -> Instant.ofEpochSecond((Long) first).atZone(zone).toLocalDateTime().withSecond(0).withNano(0).toString();
            default -> String.valueOf(first);
        };
        return new Shown(f, text, selected, true);
    }

    /**
     * What a card form sends for one field, as a write: an empty input clears the field; dates
     * are read in the account's time zone. Returns null when the input cannot be a value (the
     * field's own check reports the rest).
     */
    static FieldWrite write(CustomField f, List<String> inputs, ZoneId zone) {
        List<String> given = inputs == null ? List.of() : inputs.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        String path = "custom_fields_values.0";
        if (given.isEmpty()) {
            return new FieldWrite(f.id(), null, List.of(), path);
        }
        List<FieldWrite.ValueWrite> values = new ArrayList<>();
        switch (f.type()) {
            case "select", "radiobutton", "multiselect" -> {
                for (String s : given) {
                    if (!s.matches("\\d{1,18}")) {
                        return null;
                    }
                    values.add(new FieldWrite.ValueWrite(null, Long.parseLong(s), null));
                }
            }
            case "checkbox" -> {
                boolean on = given.contains("true");
                if (!on) {
                    return new FieldWrite(f.id(), null, List.of(), path);
                }
                values.add(new FieldWrite.ValueWrite(Boolean.TRUE, null, null));
            }
            case "numeric", "price" -> values.add(new FieldWrite.ValueWrite(given.get(0).replaceAll("[\\s\\u00a0]", ""), null, null));
            case "date", "date_time" -> {
                Long seconds = seconds(f.type(), given.get(0), zone);
                if (seconds == null) {
                    return null;
                }
                values.add(new FieldWrite.ValueWrite(seconds, null, null));
            }
            case "user" -> values.add(new FieldWrite.ValueWrite(given.get(0), null, null));
            default -> values.add(new FieldWrite.ValueWrite(inputs.get(0), null, null));
        }
        return new FieldWrite(f.id(), null, values, path);
    }

    private static Long seconds(String type, String text, ZoneId zone) {
        try {
            return "date".equals(type) ? LocalDate.parse(text).atStartOfDay(zone).toEpochSecond()
                    : LocalDateTime.parse(text).atZone(zone).toEpochSecond();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The message for a move refused because fields required in the target stage are empty, or
     * null when the refusal was for another reason.
     */
    String refusal(Actor actor, ValidationException e, long dealId, Pipeline pipeline, long statusId, Locale locale) {
        if (e.problems().stream().noneMatch(p -> DealManagement.REQUIRED_FIELD_EMPTY.equals(p.code()))) {
            return null;
        }
        var writer = values.writer(actor.accountId(), DealManagement.ENTITY);
        List<CustomField> missing = values.missingRequired(actor.accountId(), DealManagement.ENTITY, writer,
                List.of(new FieldValues.Entering(dealId, pipeline.id(), statusId, null))).getOrDefault(dealId, List.of());
        String names = missing.stream().map(f -> "«" + f.name() + "»").collect(Collectors.joining(", "));
        String stage = pipeline.stage(statusId).map(s -> s.name()).orElse("");
        return messages.getMessage("card.required.refused", new Object[] {names, stage}, locale);
    }

    /**
     * The message of a multiple move some deals were refused in: each refused deal by name with
     * the required fields it lacks ({@code names}: refused deal id to name), in one query.
     */
    String refusals(Actor actor, Map<Long, String> names, Pipeline pipeline, long statusId, Locale locale) {
        var writer = values.writer(actor.accountId(), DealManagement.ENTITY);
        List<FieldValues.Entering> entering = names.keySet().stream()
                .map(id -> new FieldValues.Entering(id, pipeline.id(), statusId, null)).toList();
        Map<Long, List<CustomField>> missing = values.missingRequired(actor.accountId(), DealManagement.ENTITY, writer, entering);
        String deals = names.entrySet().stream().map(e -> "«" + e.getValue() + "» (" + missing.getOrDefault(e.getKey(), List.of()).stream()
                .map(f -> "«" + f.name() + "»").collect(Collectors.joining(", ")) + ")").collect(Collectors.joining(", "));
        String stage = pipeline.stage(statusId).map(s -> s.name()).orElse("");
        return messages.getMessage("board.move.refused", new Object[] {stage, deals}, locale);
    }

    /** The message of a field value the field refused. */
    String problem(ValidationException e, Locale locale) {
        String code = e.problems().isEmpty() ? "InvalidValue" : e.problems().get(0).code();
        return messages.getMessage("field.error." + code, null, messages.getMessage("error.invalid", null, locale), locale);
    }
}
