package org.voronka.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.voronka.contact.ContactDirectory;
import org.voronka.deal.DealManagement;
import org.voronka.deal.LossReason;
import org.voronka.deal.LossReasons;
import org.voronka.pipeline.Pipeline;
import org.voronka.task.TaskType;
import org.voronka.timeline.Note;
import org.voronka.timeline.NoteManagement;
import org.voronka.timeline.NoteQuery;
import org.voronka.timeline.Timeline;
import org.voronka.timeline.TimelineEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A deal's, contact's or company's timeline as sentences in the reader's language, oldest first: its events, and its notes
 * and call logs (read from the notes themselves, so that notes moved by a merge show on the survivor).
 * Pinned notes are returned apart, to be shown on top.
 */
@Component
class TimelineView {

    /** One line of the timeline; {@code noteId} is set for notes (they can be pinned), {@code detail} is a second line. */
    record Entry(long id, Instant at, String author, String text, String kind, String detail, Long noteId, boolean pinned) {}

    record Entries(List<Entry> pinned, List<Entry> all) {}

    /** The events a note writes; the note itself is shown instead. */
    private static final Set<String> NOTE_EVENTS = Set.of("common_note_added", "incoming_call", "outgoing_call", "incoming_sms",
            "outgoing_sms", "service_note_added", "geo_note_added");

    private final Timeline timeline;
    private final NoteManagement notes;
    private final MessageSource messages;
    private final ObjectMapper json;
    private final ContactDirectory contacts;
    private final org.voronka.customfield.FieldValues fields;
    private final LossReasons lossReasons;

    TimelineView(Timeline timeline, NoteManagement notes, MessageSource messages, ObjectMapper json, ContactDirectory contacts,
                 org.voronka.customfield.FieldValues fields, LossReasons lossReasons) {
        this.contacts = contacts;
        this.lossReasons = lossReasons;
        this.fields = fields;
        this.timeline = timeline;
        this.notes = notes;
        this.messages = messages;
        this.json = json;
    }

    Entries of(long accountId, long dealId, Map<Long, Pipeline> pipelines, Map<Long, String> users, Map<Long, TaskType> types,
               ZoneId zone, Locale locale) {
        return of(accountId, "lead", DealManagement.ENTITY, dealId, pipelines, users, types, zone, locale);
    }

    /**
     * The timeline of a deal ({@code "lead"}, notes of {@code "leads"}), a contact ({@code "contact"}, {@code "contacts"})
     * or a company ({@code "company"}, {@code "companies"}).
     */
    Entries of(long accountId, String eventType, String noteEntity, long entityId, Map<Long, Pipeline> pipelines,
               Map<Long, String> users, Map<Long, TaskType> types, ZoneId zone, Locale locale) {
        List<Entry> all = new ArrayList<>();
        List<TimelineEvent> events = timeline.ofEntity(accountId, eventType, entityId, 1000);
        Map<String, Map<Long, String>> names = linkedNames(accountId, events);
        Map<Long, org.voronka.customfield.CustomField> fieldsById = events.stream().anyMatch(e -> FIELD_CHANGED.equals(e.type()))
                ? fields.fields(accountId, noteEntity).stream().collect(Collectors.toMap(f -> f.id(), f -> f, (a, b) -> a)) : Map.of();
        for (TimelineEvent e : events) {
            if (FIELD_CHANGED.equals(e.type())) {
                all.add(fieldChange(e, fieldsById, users, zone, locale));
            } else if (!NOTE_EVENTS.contains(e.type())) {
                all.add(event(e, pipelines, users, types, names, zone, locale));
            }
        }
        List<Note> dealNotes = notes.list(accountId, new NoteQuery(noteEntity, List.of(), List.of(entityId), List.of(), null,
                null, false, false, 0, 500));
        List<Entry> pinned = new ArrayList<>();
        for (Note n : dealNotes) {
            Entry entry = note(n, users, locale);
            all.add(entry);
            if (n.pinned()) {
                pinned.add(entry);
            }
        }
        all.sort(Comparator.comparing(Entry::at).thenComparing(Entry::id));
        return new Entries(pinned, all);
    }

    private Entry note(Note n, Map<Long, String> users, Locale locale) {
        Map<String, Object> p = n.params();
        String text;
        String detail = null;
        switch (n.noteType()) {
            case "call_in", "call_out" -> {
                text = msg(locale, "timeline.call." + n.noteType(), str(p.get("phone")), duration(p.get("duration"), locale));
                detail = blankToNull(str(p.get("call_result")));
            }
            case "sms_in", "sms_out" -> {
                text = msg(locale, "timeline.sms." + n.noteType(), str(p.get("phone")));
                detail = str(p.get("text"));
            }
            default -> text = str(p.get("text"));
        }
        return new Entry(n.id(), n.createdAt(), user(n.createdBy(), users, locale), text, "note-" + n.noteType(), detail, n.id(),
                n.pinned());
    }

    private static final String FIELD_CHANGED = "custom_field_value_changed";

    /** «Field “Source”: Site → Call»: the values of each side joined, users by name, dates in the account's zone. */
    private Entry fieldChange(TimelineEvent e, Map<Long, org.voronka.customfield.CustomField> fieldsById, Map<Long, String> users,
                              ZoneId zone, Locale locale) {
        JsonNode before = all(e.valueBefore());
        JsonNode after = all(e.valueAfter());
        JsonNode any = !after.isEmpty() ? after.get(0) : before.isEmpty() ? json.createObjectNode() : before.get(0);
        long fieldId = any.at("/custom_field_value/field_id").asLong(0);
        org.voronka.customfield.CustomField f = fieldsById.get(fieldId);
        String name = f == null ? "#" + fieldId : f.name();
        String type = f == null ? "text" : f.type();
        String text = msg(locale, "timeline.field", name, values(before, type, users, zone, locale), values(after, type, users, zone, locale));
        return new Entry(e.id(), e.createdAt(), user(e.createdBy(), users, locale), text, e.type(), null, null, false);
    }

    private String values(JsonNode items, String type, Map<Long, String> users, ZoneId zone, Locale locale) {
        List<String> texts = new ArrayList<>();
        for (JsonNode item : items) {
            String t = item.at("/custom_field_value/text").asString("");
            if ("user".equals(type) && t.matches("\\d{1,18}")) {
                t = users.getOrDefault(Long.parseLong(t), "#" + t);
            } else if (("date".equals(type) || "date_time".equals(type) || "birthday".equals(type)) && t.matches("-?\\d{1,18}")) {
                t = "date_time".equals(type) ? time(Long.parseLong(t), zone)
                        : java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy").format(Instant.ofEpochSecond(Long.parseLong(t)).atZone(zone));
            }
            texts.add(t);
        }
        return texts.isEmpty() ? msg(locale, "timeline.field.empty") : String.join(", ", texts);
    }

    /** Every tag name of a tag event's value. */
    private String tagNames(String value) {
        List<String> names = new ArrayList<>();
        for (JsonNode item : all(value)) {
            names.add(item.at("/tag/name").asString(""));
        }
        return String.join(", ", names);
    }

    private JsonNode all(String value) {
        try {
            JsonNode node = json.readTree(value == null ? "[]" : value);
            return node.isArray() ? node : json.createArrayNode();
        } catch (RuntimeException e) {
            return json.createArrayNode();
        }
    }

    /**
     * Names of the contacts and companies that link events mention, and of the loss reasons, by
     * type and id (three queries at most).
     */
    private Map<String, Map<Long, String>> linkedNames(long accountId, List<TimelineEvent> events) {
        Map<String, Set<Long>> ids = new HashMap<>();
        boolean reasons = false;
        for (TimelineEvent e : events) {
            reasons = reasons || LOSS_REASON_CHANGED.equals(e.type());
            JsonNode link = "entity_linked".equals(e.type()) ? first(e.valueAfter()).at("/link/entity")
                    : "entity_unlinked".equals(e.type()) ? first(e.valueBefore()).at("/unlink/entity") : null;
            if (link != null && !link.isMissingNode()) {
                ids.computeIfAbsent(link.at("/type").asString(""), k -> new HashSet<>()).add(link.at("/id").asLong(0));
            }
        }
        return Map.of("contact", contacts.contactNames(accountId, ids.getOrDefault("contact", Set.of())),
                "company", contacts.companyNames(accountId, ids.getOrDefault("company", Set.of())),
                "loss_reason", reasons ? lossReasons.all(accountId).stream().collect(Collectors.toMap(LossReason::id, LossReason::name))
                        : Map.of());
    }

    private static final String LOSS_REASON_CHANGED = "loss_reason_changed";

    /** A loss reason by its name, "none" for no reason, or its number when it was deleted. */
    private String lossReason(JsonNode value, Map<String, Map<Long, String>> names, Locale locale) {
        JsonNode id = value.at("/loss_reason/id");
        if (id.isMissingNode() || id.isNull()) {
            return msg(locale, "deal.lossReason.none");
        }
        String name = names.get("loss_reason").get(id.asLong());
        return name != null ? name : "#" + id.asLong();
    }

    /** A linked contact or company by its name, or by its number when it is gone. */
    private static String linked(JsonNode entity, Map<String, Map<Long, String>> names) {
        String name = names.getOrDefault(entity.at("/type").asString(""), Map.of()).get(entity.at("/id").asLong(0));
        return name != null ? name : "#" + entity.at("/id").asString("");
    }

    private String duration(Object seconds, Locale locale) {
        long s = seconds instanceof Number number ? number.longValue() : 0;
        return msg(locale, "timeline.call.duration", s / 60, s % 60);
    }

    private Entry event(TimelineEvent e, Map<Long, Pipeline> pipelines, Map<Long, String> users, Map<Long, TaskType> types,
                        Map<String, Map<Long, String>> names, ZoneId zone, Locale locale) {
        JsonNode before = first(e.valueBefore());
        JsonNode after = first(e.valueAfter());
        String detail = null;
        String text = switch (e.type()) {
            case "lead_added" -> msg(locale, "timeline.created");
            case "contact_added" -> msg(locale, "timeline.contactAdded");
            case "company_added" -> msg(locale, "timeline.companyAdded");
            case "lead_status_changed" -> msg(locale, "timeline.stage", stage(before, pipelines), stage(after, pipelines));
            case "sale_field_changed" -> msg(locale, "timeline.price", before.at("/sale_field_value/sale").asString(""),
                    after.at("/sale_field_value/sale").asString(""));
            case "name_field_changed" -> msg(locale, "timeline.name", before.at("/name_field_value/name").asString(""),
                    after.at("/name_field_value/name").asString(""));
            case "entity_responsible_changed" -> msg(locale, "timeline.responsible",
                    users.getOrDefault(before.at("/responsible_user/id").asLong(0), "#" + before.at("/responsible_user/id").asLong(0)),
                    users.getOrDefault(after.at("/responsible_user/id").asLong(0), "#" + after.at("/responsible_user/id").asLong(0)));
            case "entity_linked" -> msg(locale, "timeline.linked." + after.at("/link/entity/type").asString("entity"),
                    linked(after.at("/link/entity"), names));
            case "entity_unlinked" -> msg(locale, "timeline.unlinked." + before.at("/unlink/entity/type").asString("entity"),
                    linked(before.at("/unlink/entity"), names));
            case "task_added" -> {
                detail = after.at("/task/text").asString("");
                yield msg(locale, "timeline.task.added", time(after.at("/task/complete_till").asLong(0), zone));
            }
            case "task_completed" -> {
                String result = after.at("/task/result").asString("");
                detail = result.isBlank() ? null : msg(locale, "timeline.task.result", result);
                yield msg(locale, "timeline.task.completed", after.at("/task/text").asString(""));
            }
            case "task_text_changed" -> msg(locale, "timeline.task.text", before.at("/task/text").asString(""),
                    after.at("/task/text").asString(""));
            case "task_deadline_changed" -> msg(locale, "timeline.task.deadline",
                    time(before.at("/task_deadline/timestamp").asLong(0), zone), time(after.at("/task_deadline/timestamp").asLong(0), zone));
            case "task_type_changed" -> msg(locale, "timeline.task.type", typeName(before.at("/task_type/id").asLong(0), types),
                    typeName(after.at("/task_type/id").asLong(0), types));
            case "entity_tag_added" -> msg(locale, "timeline.tagsAdded", tagNames(e.valueAfter()));
            case "entity_tag_deleted" -> msg(locale, "timeline.tagsDeleted", tagNames(e.valueBefore()));
            case "contact_deleted" -> msg(locale, "timeline.contactDeleted");
            case "contact_restored" -> msg(locale, "timeline.contactRestored");
            case "company_deleted" -> msg(locale, "timeline.companyDeleted");
            case "company_restored" -> msg(locale, "timeline.companyRestored");
            case "lead_deleted" -> msg(locale, "timeline.deleted");
            case "lead_restored" -> msg(locale, "timeline.restored");
            case "entity_merged" -> msg(locale, "timeline.merged");
            case LOSS_REASON_CHANGED -> msg(locale, "timeline.lossReason", lossReason(before, names, locale), lossReason(after, names, locale));
            default -> msg(locale, "timeline.other", e.type());
        };
        return new Entry(e.id(), e.createdAt(), user(e.createdBy(), users, locale), text, e.type(), detail, null, false);
    }

    private static String typeName(long id, Map<Long, TaskType> types) {
        TaskType t = types.get(id);
        return t == null ? "#" + id : t.name();
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

    private static String time(long epochSecond, ZoneId zone) {
        return TIME.format(Instant.ofEpochSecond(epochSecond).atZone(zone));
    }

    private String stage(JsonNode value, Map<Long, Pipeline> pipelines) {
        long pipelineId = value.at("/lead_status/pipeline_id").asLong(0);
        long statusId = value.at("/lead_status/id").asLong(0);
        Pipeline p = pipelines.get(pipelineId);
        if (p == null) {
            return "#" + pipelineId + " / #" + statusId;
        }
        return p.name() + " / " + p.stage(statusId).map(s -> s.name()).orElse("#" + statusId);
    }

    private String user(long id, Map<Long, String> users, Locale locale) {
        return id == 0 ? msg(locale, "timeline.robot") : users.getOrDefault(id, "#" + id);
    }

    private static String str(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private JsonNode first(String value) {
        try {
            JsonNode node = json.readTree(value == null ? "[]" : value);
            return node.isArray() && !node.isEmpty() ? node.get(0) : json.createObjectNode();
        } catch (RuntimeException e) {
            return json.createObjectNode();
        }
    }

    private String msg(Locale locale, String key, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    static Map<Long, TaskType> byId(List<TaskType> types) {
        return types.stream().collect(Collectors.toMap(TaskType::id, t -> t, (a, b) -> a));
    }
}
