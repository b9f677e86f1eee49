package org.voronka.timeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.voronka.contact.PartiesChanged;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes the timeline events of contacts and companies (added, renamed, responsible and tags
 * changed, joined or left a company, deleted, restored) in the transaction of the change. A
 * membership change shows on both the contact and the company.
 */
@Component
class PartyTimeline {

    private final Timeline timeline;
    private final ObjectMapper json;

    PartyTimeline(Timeline timeline, ObjectMapper json) {
        this.timeline = timeline;
        this.json = json;
    }

    @EventListener
    void on(PartiesChanged event) {
        List<Timeline.NewEvent> rows = new ArrayList<>();
        for (PartiesChanged.Change c : event.changes()) {
            if (c instanceof PartiesChanged.ContactAdded x) {
                rows.add(event(event, "contact_added", "contact", x.contactId(), "[]", "[]"));
            } else if (c instanceof PartiesChanged.CompanyAdded x) {
                rows.add(event(event, "company_added", "company", x.companyId(), "[]", "[]"));
            } else if (c instanceof PartiesChanged.CompanyLinked x) {
                rows.add(link(event, "contact", x.contactId(), "company", x.companyId(), x.linked()));
                rows.add(link(event, "company", x.companyId(), "contact", x.contactId(), x.linked()));
            } else if (c instanceof PartiesChanged.NameChanged x) {
                rows.add(event(event, "name_field_changed", singular(x.entityType()), x.id(),
                        write(List.of(Map.of("name_field_value", Map.of("name", x.from())))),
                        write(List.of(Map.of("name_field_value", Map.of("name", x.to()))))));
            } else if (c instanceof PartiesChanged.ResponsibleChanged x) {
                rows.add(event(event, "entity_responsible_changed", singular(x.entityType()), x.id(),
                        write(List.of(Map.of("responsible_user", Map.of("id", x.from())))),
                        write(List.of(Map.of("responsible_user", Map.of("id", x.to()))))));
            } else if (c instanceof PartiesChanged.TagsChanged x) {
                if (!x.added().isEmpty()) {
                    rows.add(event(event, "entity_tag_added", singular(x.entityType()), x.id(), "[]", tags(x.added())));
                }
                if (!x.removed().isEmpty()) {
                    rows.add(event(event, "entity_tag_deleted", singular(x.entityType()), x.id(), tags(x.removed()), "[]"));
                }
            } else if (c instanceof PartiesChanged.FieldsChanged) {
                continue; // custom_field_value_changed is written from the field module's FieldValuesChanged, with the values
            } else if (c instanceof PartiesChanged.Deleted x) {
                String type = singular(x.entityType());
                rows.add(event(event, type + "_deleted", type, x.id(), "[]", "[]"));
            } else if (c instanceof PartiesChanged.Restored x) {
                String type = singular(x.entityType());
                rows.add(event(event, type + "_restored", type, x.id(), "[]", "[]"));
            }
        }
        timeline.record(event.accountId(), rows);
    }

    private static String singular(String entityType) {
        return "companies".equals(entityType) ? "company" : "contact";
    }

    private String tags(List<String> names) {
        return write(names.stream().map(n -> Map.of("tag", Map.of("name", n))).toList());
    }

    private String write(Object value) {
        return json.writeValueAsString(value);
    }

    private Timeline.NewEvent link(PartiesChanged e, String entityType, long entityId, String otherType, long otherId, boolean linked) {
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("type", otherType);
        entity.put("id", otherId);
        String value = json.writeValueAsString(List.of(Map.of(linked ? "link" : "unlink", Map.of("entity", entity))));
        return linked ? event(e, "entity_linked", entityType, entityId, "[]", value)
                : event(e, "entity_unlinked", entityType, entityId, value, "[]");
    }

    private static Timeline.NewEvent event(PartiesChanged e, String type, String entityType, long entityId, String before, String after) {
        return new Timeline.NewEvent(type, entityType, entityId, e.userId(), e.at(), before, after);
    }
}
