package org.voronka.timeline;

import org.voronka.shared.EntitiesPurged;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.customfield.FieldChange;
import org.voronka.customfield.FieldTypes;
import org.voronka.deal.DealHistoryImported;
import org.voronka.deal.DealsChanged;
import org.voronka.deal.StageTransition;
import org.voronka.shared.Ids;
import org.voronka.shared.SqlConditions;
import org.voronka.task.Task;
import org.voronka.task.TasksChanged;
import org.voronka.timeline.internal.EventRepository;
import tools.jackson.databind.ObjectMapper;

/** Writes timeline events for changes of other modules and answers event queries. */
@Service
public class Timeline {

    /** An event to record; values are amoCRM-shaped JSON arrays. */
    public record NewEvent(String type, String entityType, long entityId, long createdBy, java.time.Instant createdAt,
                           String valueBefore, String valueAfter) {}

    private final EventRepository repository;
    private final Ids ids;
    private final ObjectMapper json;

    Timeline(EventRepository repository, Ids ids, ObjectMapper json) {
        this.repository = repository;
        this.ids = ids;
        this.json = json;
    }

    /** Records events in the caller's transaction. */
    @Transactional
    public void record(long accountId, List<NewEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (events.size() == 1) {
            NewEvent e = events.get(0);
            // a single event (a move from the board) takes its id in the insert: one round trip less
            repository.insert(accountId, List.of(new TimelineEvent(0, e.type(), e.entityType(), e.entityId(), e.createdBy(),
                    e.createdAt(), e.valueBefore(), e.valueAfter())));
            return;
        }
        List<Long> newIds = ids.next("event_seq", events.size());
        List<TimelineEvent> rows = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            NewEvent e = events.get(i);
            rows.add(new TimelineEvent(newIds.get(i), e.type(), e.entityType(), e.entityId(), e.createdBy(), e.createdAt(),
                    e.valueBefore(), e.valueAfter()));
        }
        repository.insert(accountId, rows);
    }

    @EventListener
    void on(DealsChanged event) {
        // a deal taken out of Lost loses its reason with the move: the move says it, a second line would only repeat it
        java.util.Set<Long> moved = new java.util.HashSet<>();
        event.changes().stream().filter(c -> c instanceof DealsChanged.StageChanged).forEach(c -> moved.add(c.dealId()));
        List<NewEvent> rows = new ArrayList<>();
        for (DealsChanged.Change c : event.changes()) {
            if (c instanceof DealsChanged.LossReasonChanged x && x.to() == null && moved.contains(x.dealId())) {
                continue;
            }
            rows.add(eventOf(event, c));
        }
        record(event.accountId(), rows);
    }

    @EventListener
    void on(TasksChanged event) {
        List<NewEvent> rows = new ArrayList<>();
        for (TasksChanged.Change c : event.changes()) {
            Task t = c.after();
            String entityType = t.entityType() == null ? "task" : SINGULAR.getOrDefault(t.entityType(), t.entityType());
            long entityId = t.entityId() == null ? t.id() : t.entityId();
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("id", t.id());
            String type;
            String before = "[]";
            String after;
            switch (c.kind()) {
                case ADDED -> {
                    type = "task_added";
                    task.put("text", t.text());
                    task.put("complete_till", t.completeTill().getEpochSecond());
                    after = write(List.of(Map.of("task", task)));
                }
                case COMPLETED -> {
                    type = "task_completed";
                    task.put("text", t.text());
                    task.put("result", t.result() == null ? "" : t.result());
                    after = write(List.of(Map.of("task", task)));
                }
                case TEXT_CHANGED -> {
                    type = "task_text_changed";
                    before = write(List.of(Map.of("task", Map.of("id", t.id(), "text", c.before().text()))));
                    after = write(List.of(Map.of("task", Map.of("id", t.id(), "text", t.text()))));
                }
                case DEADLINE_CHANGED -> {
                    type = "task_deadline_changed";
                    before = write(List.of(Map.of("task_deadline", Map.of("timestamp", c.before().completeTill().getEpochSecond()))));
                    after = write(List.of(Map.of("task_deadline", Map.of("timestamp", t.completeTill().getEpochSecond()))));
                }
                default -> {
                    type = "task_type_changed";
                    before = write(List.of(Map.of("task_type", Map.of("id", c.before().taskTypeId()))));
                    after = write(List.of(Map.of("task_type", Map.of("id", t.taskTypeId()))));
                }
            }
            rows.add(new NewEvent(type, entityType, entityId, event.userId(), event.at(), before, after));
        }
        record(event.accountId(), rows);
    }

    /** Back-dated events of an imported history: lead_added for each creation, lead_status_changed for each move. */
    @EventListener
    void on(DealHistoryImported event) {
        List<NewEvent> rows = new ArrayList<>(event.transitions().size());
        for (StageTransition t : event.transitions()) {
            rows.add(t.fromStatusId() == null
                    ? new NewEvent("lead_added", "lead", t.dealId(), t.userId(), t.movedAt(), "[]", "[]")
                    : new NewEvent("lead_status_changed", "lead", t.dealId(), t.userId(), t.movedAt(),
                            status(t.fromStatusId(), t.fromPipelineId()), status(t.toStatusId(), t.toPipelineId())));
        }
        record(event.accountId(), rows);
    }

    /** custom_field_value_changed for every field whose values changed, on deals, contacts and companies alike. */
    @EventListener
    void on(org.voronka.customfield.FieldValuesChanged event) {
        String entityType = SINGULAR.getOrDefault(event.entityType(), event.entityType());
        List<NewEvent> rows = new ArrayList<>();
        for (org.voronka.customfield.FieldValuesChanged.Change c : event.changes()) {
            rows.add(new NewEvent("custom_field_value_changed", entityType, c.entityId(), event.userId(), event.at(),
                    fieldValues(c, c.before()), fieldValues(c, c.after())));
        }
        record(event.accountId(), rows);
    }

    private String fieldValues(org.voronka.customfield.FieldValuesChanged.Change c, List<org.voronka.customfield.FieldValuesChanged.Value> values) {
        List<Object> items = new ArrayList<>();
        for (org.voronka.customfield.FieldValuesChanged.Value v : values) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field_id", c.fieldId());
            m.put("field_type", c.fieldTypeCode());
            m.put("enum_id", v.enumId());
            m.put("text", v.text());
            items.add(Map.of("custom_field_value", m));
        }
        return write(items);
    }

    /** loss_reason_changed values: {@code [{"loss_reason": {"id"}}]}, {@code []} for no reason. */
    private String lossReason(Long id) {
        return id == null ? "[]" : write(List.of(Map.of("loss_reason", Map.of("id", id))));
    }

    private static final Map<String, String> SINGULAR = Map.of("leads", "lead", "contacts", "contact", "companies", "company");

    private NewEvent eventOf(DealsChanged event, DealsChanged.Change c) {
        if (c instanceof DealsChanged.Created x) {
            return lead(event, x.dealId(), "lead_added", "[]", "[]");
        } else if (c instanceof DealsChanged.StageChanged x) {
            return lead(event, x.dealId(), "lead_status_changed",
                    status(x.fromStatusId(), x.fromPipelineId()), status(x.toStatusId(), x.toPipelineId()));
        } else if (c instanceof DealsChanged.ResponsibleChanged x) {
            return lead(event, x.dealId(), "entity_responsible_changed",
                    write(List.of(Map.of("responsible_user", Map.of("id", x.from())))),
                    write(List.of(Map.of("responsible_user", Map.of("id", x.to())))));
        } else if (c instanceof DealsChanged.PriceChanged x) {
            return lead(event, x.dealId(), "sale_field_changed", sale(x.from()), sale(x.to()));
        } else if (c instanceof DealsChanged.NameChanged x) {
            return lead(event, x.dealId(), "name_field_changed",
                    write(List.of(Map.of("name_field_value", Map.of("name", x.from())))),
                    write(List.of(Map.of("name_field_value", Map.of("name", x.to())))));
        } else if (c instanceof DealsChanged.ContactLinked x) {
            return link(event, x.dealId(), "contact", x.contactId(), x.linked());
        } else if (c instanceof DealsChanged.CompanyLinked x) {
            return link(event, x.dealId(), "company", x.companyId(), x.linked());
        } else if (c instanceof DealsChanged.Deleted x) {
            return lead(event, x.dealId(), "lead_deleted", "[]", "[]");
        } else if (c instanceof DealsChanged.Restored x) {
            return lead(event, x.dealId(), "lead_restored", "[]", "[]");
        } else if (c instanceof DealsChanged.Merged x) {
            return lead(event, x.dealId(), "entity_merged", "[]", "[]");
        } else if (c instanceof DealsChanged.FieldChanged x) {
            return lead(event, x.dealId(), "custom_field_value_changed", fieldValues(x.change(), x.change().before()),
                    fieldValues(x.change(), x.change().after()));
        } else if (c instanceof DealsChanged.LossReasonChanged x) {
            return lead(event, x.dealId(), "loss_reason_changed", lossReason(x.from()), lossReason(x.to()));
        }
        throw new IllegalArgumentException("unknown change " + c);
    }

    /**
     * custom_field_value_changed values: one item per value, {field_id, field_type, enum_id, text};
     * the column holds 4000 characters, so very long texts are cut (the field and options stay).
     */
    private String fieldValues(FieldChange change, List<FieldChange.Text> values) {
        int max = Integer.MAX_VALUE;
        while (true) {
            List<Object> items = new ArrayList<>();
            for (FieldChange.Text v : values) {
                String text = v.text() == null || v.text().length() <= max ? v.text() : v.text().substring(0, max);
                items.add(Map.of("custom_field_value", fieldItem(change, v.enumId(), text)));
            }
            String written = write(items);
            if (written.length() <= 4000 || max == 0) {
                return written;
            }
            max = Math.max(0, Math.min(max, 4000) / 2);
        }
    }

    private static Map<String, Object> fieldItem(FieldChange change, Long enumId, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("field_id", change.fieldId());
        m.put("field_type", FieldTypes.code(change.fieldType()));
        m.put("enum_id", enumId);
        m.put("text", text);
        return m;
    }

    private NewEvent lead(DealsChanged e, long dealId, String type, String before, String after) {
        return new NewEvent(type, "lead", dealId, e.userId(), e.at(), before, after);
    }

    private NewEvent link(DealsChanged e, long dealId, String type, long id, boolean linked) {
        String key = linked ? "link" : "unlink";
        String value = write(List.of(Map.of(key, Map.of("entity", orderedEntity(type, id)))));
        return linked ? lead(e, dealId, "entity_linked", "[]", value) : lead(e, dealId, "entity_unlinked", value, "[]");
    }

    private static Map<String, Object> orderedEntity(String type, long id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("id", id);
        return m;
    }

    /** lead_status values, with a fixed key order so that value filters can match them as text. */
    public static String status(long statusId, long pipelineId) {
        return "[{\"lead_status\":{\"id\":" + statusId + ",\"pipeline_id\":" + pipelineId + "}}]";
    }

    private String sale(BigDecimal price) {
        BigDecimal p = price.stripTrailingZeros();
        Object value = p.scale() <= 0 ? (Object) p.longValue() : p;
        return write(List.of(Map.of("sale_field_value", Map.of("sale", value))));
    }

    private String write(Object value) {
        return json.writeValueAsString(value);
    }

    @Transactional(readOnly = true)
    public List<TimelineEvent> find(long accountId, EventFilter filter, int offset, int limit) {
        Map<String, Object> p = new LinkedHashMap<>();
        List<String> and = new ArrayList<>();
        SqlConditions.in(and, p, "id", filter.ids());
        SqlConditions.in(and, p, "created_by", filter.createdBy());
        SqlConditions.in(and, p, "entity_type", filter.entityTypes());
        SqlConditions.in(and, p, "entity_id", filter.entityIds());
        SqlConditions.in(and, p, "type", filter.types());
        if (filter.createdFrom() != null) {
            and.add("created_at >= :from");
            p.put("from", org.voronka.shared.Times.param(filter.createdFrom()));
        }
        if (filter.createdTo() != null) {
            and.add("created_at <= :to");
            p.put("to", org.voronka.shared.Times.param(filter.createdTo()));
        }
        statusMatch(and, p, "value_before", filter.statusBefore());
        statusMatch(and, p, "value_after", filter.statusAfter());
        responsibleMatch(and, p, "value_before", filter.responsibleBefore());
        responsibleMatch(and, p, "value_after", filter.responsibleAfter());
        return repository.find(accountId, String.join(" and ", and), p, "created_at desc, id desc", offset, limit);
    }

    @Transactional(readOnly = true)
    public List<TimelineEvent> ofEntity(long accountId, String entityType, long entityId, int limit) {
        return repository.find(accountId, "entity_type = :t and entity_id = :e", Map.of("t", entityType, "e", entityId),
                "id", 0, limit);
    }

    private static void statusMatch(List<String> and, Map<String, Object> p, String column, List<EventFilter.StatusRef> refs) {
        if (refs == null || refs.isEmpty()) {
            return;
        }
        List<String> or = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            EventFilter.StatusRef r = refs.get(i);
            String pattern = "%\"lead_status\":{\"id\":" + (r.statusId() == null ? "" : r.statusId() + ",")
                    + (r.pipelineId() == null ? "" : (r.statusId() == null ? "%" : "") + "\"pipeline_id\":" + r.pipelineId() + "}") + "%";
            String key = column + "_s" + i;
            or.add(column + " like :" + key);
            p.put(key, pattern);
        }
        and.add("type = 'lead_status_changed' and (" + String.join(" or ", or) + ")");
    }

    private static void responsibleMatch(List<String> and, Map<String, Object> p, String column, List<Long> users) {
        if (users == null || users.isEmpty()) {
            return;
        }
        List<String> or = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            String key = column + "_r" + i;
            or.add(column + " like :" + key);
            p.put(key, "%\"responsible_user\":{\"id\":" + users.get(i) + "}%");
        }
        and.add("type = 'entity_responsible_changed' and (" + String.join(" or ", or) + ")");
    }

    /** Purged entities take their events and notes with them. */
    @EventListener
    void on(EntitiesPurged event) {
        repository.deleteOfEntities(event.accountId(), SINGULAR.getOrDefault(event.entityType(), event.entityType()), event.entityType(),
                event.ids());
    }
}
