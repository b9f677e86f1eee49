package org.voronka.webhook.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voronka.contact.Company;
import org.voronka.contact.Contact;
import org.voronka.customfield.FieldValue;
import org.voronka.deal.Deal;
import org.voronka.tag.Tag;
import org.voronka.task.Task;
import org.voronka.timeline.Note;

/**
 * The items of amoCRM's webhook bodies, with its legacy (API v2) field names: {@code status_id},
 * {@code price}, {@code date_create}, {@code element_type} … rather than the v4 names.
 */
final class Payloads {

    /** amoCRM's legacy element types. */
    static final Map<String, Integer> ELEMENT_TYPES = Map.of("contacts", 1, "leads", 2, "companies", 3);

    /** amoCRM's legacy note type codes. */
    private static final Map<String, Integer> NOTE_TYPES = Map.of("common", 4, "call_in", 10, "call_out", 11,
            "service_message", 25, "sms_in", 102, "sms_out", 103);

    private static final DateTimeFormatter LEGACY_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Payloads() {}

    static Map<String, Object> lead(Deal d, List<Tag> tags, List<FieldValue> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("name", d.name());
        m.put("status_id", d.statusId());
        m.put("pipeline_id", d.pipelineId());
        m.put("price", d.price() == null ? "0" : plain(d.price()));
        m.put("responsible_user_id", d.responsibleUserId());
        m.put("last_modified", seconds(d.updatedAt()));
        m.put("modified_user_id", d.updatedBy());
        m.put("created_user_id", d.createdBy());
        m.put("date_create", seconds(d.createdAt()));
        m.put("created_at", seconds(d.createdAt()));
        m.put("updated_at", seconds(d.updatedAt()));
        if (d.closedAt() != null) {
            m.put("date_close", seconds(d.closedAt()));
        }
        if (d.lossReasonId() != null) {
            m.put("loss_reason_id", d.lossReasonId());
        }
        m.put("account_id", d.accountId());
        putTagsAndFields(m, tags, fields);
        return m;
    }

    /** What amoCRM sends for a deleted deal: only a few keys. */
    static Map<String, Object> deletedLead(Deal d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("status_id", d.statusId());
        m.put("pipeline_id", d.pipelineId());
        return m;
    }

    /** A deleted contact or company: its id and {@code type} only. */
    static Map<String, Object> deletedParty(long id, String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", type);
        return m;
    }

    static Map<String, Object> contact(Contact c, String companyName, List<Tag> tags, List<FieldValue> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("first_name", c.firstName());
        m.put("last_name", c.lastName());
        m.put("responsible_user_id", c.responsibleUserId());
        m.put("date_create", seconds(c.createdAt()));
        m.put("last_modified", seconds(c.updatedAt()));
        m.put("created_user_id", c.createdBy());
        m.put("modified_user_id", c.updatedBy());
        m.put("company_name", companyName);
        m.put("linked_company_id", c.companyId());
        m.put("account_id", c.accountId());
        m.put("created_at", seconds(c.createdAt()));
        m.put("updated_at", seconds(c.updatedAt()));
        m.put("type", "contact");
        putTagsAndFields(m, tags, fields);
        return m;
    }

    /** Companies travel under the {@code contacts} key with {@code type=company}, as in amoCRM. */
    static Map<String, Object> company(Company c, List<Tag> tags, List<FieldValue> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("responsible_user_id", c.responsibleUserId());
        m.put("date_create", seconds(c.createdAt()));
        m.put("last_modified", seconds(c.updatedAt()));
        m.put("created_user_id", c.createdBy());
        m.put("modified_user_id", c.updatedBy());
        m.put("account_id", c.accountId());
        m.put("created_at", seconds(c.createdAt()));
        m.put("updated_at", seconds(c.updatedAt()));
        m.put("type", "company");
        putTagsAndFields(m, tags, fields);
        return m;
    }

    /** A task; dates in the legacy "Y-m-d H:i:s" form in the account's time zone. */
    static Map<String, Object> task(Task t, ZoneId zone, boolean closedNow) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        if (t.entityId() != null) {
            m.put("element_id", t.entityId());
            m.put("element_type", ELEMENT_TYPES.get(t.entityType()));
        }
        m.put("task_type", t.taskTypeId());
        m.put("date_create", LEGACY_DATE.format(t.createdAt().atZone(zone)));
        m.put("text", t.text());
        m.put("status", t.completed() ? 1 : 0);
        m.put("complete_till", LEGACY_DATE.format(t.completeTill().atZone(zone)));
        m.put("action_close", closedNow ? 1 : 0);
        if (t.result() != null && !t.result().isEmpty()) {
            m.put("result", Map.of("text", t.result()));
        }
        m.put("responsible_user_id", t.responsibleUserId());
        m.put("created_user_id", t.createdBy());
        m.put("last_modified", seconds(t.updatedAt()));
        m.put("account_id", t.accountId());
        return m;
    }

    /** A note item: {@code {note: {...}}} plus {@code type} for contacts and companies. */
    static Map<String, Object> note(Note n) {
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("id", n.id());
        note.put("note_type", NOTE_TYPES.get(n.noteType()));
        note.put("note_type_name", n.noteType());
        note.put("element_id", n.entityId());
        note.put("element_type", ELEMENT_TYPES.get(n.entityType()));
        Object text = n.params().get("text");
        if (text != null) {
            note.put("text", text);
        }
        note.put("params", n.params());
        note.put("responsible_user_id", n.responsibleUserId());
        note.put("created_by", n.createdBy());
        note.put("date_create", seconds(n.createdAt()));
        note.put("last_modified", seconds(n.updatedAt()));
        note.put("account_id", n.accountId());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("note", note);
        if (!"leads".equals(n.entityType())) {
            m.put("type", "contacts".equals(n.entityType()) ? "contact" : "company");
        }
        return m;
    }

    private static void putTagsAndFields(Map<String, Object> m, List<Tag> tags, List<FieldValue> fields) {
        if (tags != null && !tags.isEmpty()) {
            List<Object> list = new ArrayList<>();
            tags.forEach(t -> list.add(Map.of("id", t.id(), "name", t.name())));
            m.put("tags", list);
        }
        if (fields != null && !fields.isEmpty()) {
            List<Object> list = new ArrayList<>();
            for (FieldValue f : fields) {
                Map<String, Object> field = new LinkedHashMap<>();
                field.put("id", f.fieldId());
                field.put("name", f.fieldName());
                field.put("code", f.fieldCode());
                List<Object> values = new ArrayList<>();
                for (FieldValue.Value v : f.values()) {
                    values.add(legacyValue(f, v));
                }
                field.put("values", values);
                list.add(field);
            }
            m.put("custom_fields", list);
        }
    }

    /** Dates and checkboxes sit directly in {@code [values][j]}; others as {@code [value]} with {@code [enum]}. */
    private static Object legacyValue(FieldValue f, FieldValue.Value v) {
        switch (f.fieldType()) {
            case "date", "date_time", "birthday":
                return v.value();
            case "checkbox":
                return Boolean.TRUE.equals(v.value()) ? 1 : 0;
            default:
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("value", v.value() instanceof BigDecimal b ? plain(b) : v.value());
                Object enumValue = v.enumId() != null ? v.enumId() : v.enumCode();
                if (enumValue != null) {
                    value.put("enum", enumValue);
                }
                return value;
        }
    }

    private static String plain(BigDecimal b) {
        return b.stripTrailingZeros().toPlainString();
    }

    private static Long seconds(Instant i) {
        return i == null ? null : i.getEpochSecond();
    }
}
