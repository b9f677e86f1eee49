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
 * Writes the timeline events of contacts and companies (added, joined or left a company) in the
 * transaction of the change. A membership change shows on both the contact and the company.
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
            }
        }
        timeline.record(event.accountId(), rows);
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
