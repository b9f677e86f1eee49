package org.voronka.api;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.voronka.shared.Actor;
import org.voronka.shared.Times;
import org.voronka.shared.ValidationException;
import org.voronka.timeline.EventFilter;
import org.voronka.timeline.EventTypes;
import org.voronka.timeline.Timeline;
import org.voronka.timeline.TimelineEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v4/events}: the timeline feed, with amoCRM's filters; ids are strings. */
@RestController
class EventApi {

    private static final Map<String, String> COLLECTIONS = Map.of("lead", "leads", "contact", "contacts", "company", "companies",
            "task", "tasks", "customer", "customers");

    private final Timeline timeline;
    private final ObjectMapper json;

    EventApi(Timeline timeline, ObjectMapper json) {
        this.timeline = timeline;
        this.json = json;
    }

    @GetMapping("/api/v4/events")
    ResponseEntity<Object> list(Actor actor, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        int limit = params.get("limit").intValue(50, 1, 100);
        int page = params.get("page").intValue(1, 1, 1_000_000);
        Params f = params.get("filter");
        Instant[] created = f.get("created_at").range();
        List<String> entities = f.get("entity").all();
        List<Long> entityIds = f.get("entity_id").longs();
        if (!entityIds.isEmpty() && entities.size() != 1) {
            throw ValidationException.of("0", "filter[entity_id]", "InvalidValue", "filter[entity_id] needs exactly one filter[entity]");
        }
        if (entityIds.size() > 10 || f.get("created_by").longs().size() > 10) {
            throw ValidationException.of("0", "filter", "TooManyItems", "At most 10 values in filter[entity_id] and filter[created_by]");
        }
        EventFilter filter = new EventFilter(idList(f.get("id").all()), created == null ? null : created[0],
                created == null ? null : created[1], f.get("created_by").longs(), entities, entityIds, f.get("type").all(),
                statuses(f.get("value_before").get("leads_statuses")), statuses(f.get("value_after").get("leads_statuses")),
                f.get("value_before").get("responsible_user_id").longs(), f.get("value_after").get("responsible_user_id").longs());
        List<TimelineEvent> events = timeline.find(actor.accountId(), filter, (page - 1) * limit, limit + 1);
        if (events.isEmpty()) {
            return Hal.noContent();
        }
        boolean hasNext = events.size() > limit;
        List<Object> items = events.stream().limit(limit).map(e -> (Object) event(actor, e)).toList();
        return Hal.ok(Hal.page("events", items, page, null, hasNext));
    }

    private static List<Long> idList(List<String> ids) {
        List<Long> result = new ArrayList<>();
        for (String id : ids) {
            try {
                result.add(Long.parseLong(id));
            } catch (NumberFormatException e) {
                result.add(-1L); // an id we never issued: matches nothing
            }
        }
        return result;
    }

    private static List<EventFilter.StatusRef> statuses(Params p) {
        List<EventFilter.StatusRef> refs = new ArrayList<>();
        p.children.values().forEach(item -> refs.add(new EventFilter.StatusRef(item.get("pipeline_id").longValue(),
                item.get("status_id").longValue())));
        return refs;
    }

    @GetMapping("/api/v4/events/types")
    ResponseEntity<Object> types(HttpServletRequest request) {
        String lang = request.getParameter("language_code");
        boolean en = "en".equalsIgnoreCase(lang);
        List<Object> items = EventTypes.ALL.values().stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", t.key());
            m.put("type", t.code());
            m.put("lang", en ? t.en() : t.ru());
            return (Object) m;
        }).toList();
        return Hal.ok(Map.of("_links", Map.of("self", Map.of("href", Hal.currentUrl())), "_embedded", Map.of("events_types", items)));
    }

    @GetMapping("/api/v4/events/{id}")
    ResponseEntity<Object> get(Actor actor, @PathVariable String id) {
        long numeric;
        try {
            numeric = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Hal.noContent();
        }
        EventFilter byId = new EventFilter(List.of(numeric), null, null, List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of());
        return timeline.find(actor.accountId(), byId, 0, 1).stream().findFirst()
                .map(e -> Hal.ok(event(actor, e))).orElseGet(Hal::noContent);
    }

    private Map<String, Object> event(Actor actor, TimelineEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(e.id()));
        m.put("type", e.type());
        m.put("entity_id", e.entityId());
        m.put("entity_type", e.entityType());
        m.put("created_by", e.createdBy());
        m.put("created_at", Times.seconds(e.createdAt()));
        m.put("value_after", tree(e.valueAfter()));
        m.put("value_before", tree(e.valueBefore()));
        m.put("account_id", actor.accountId());
        m.put("_links", Hal.self("/api/v4/events/" + e.id()));
        String collection = COLLECTIONS.getOrDefault(e.entityType(), e.entityType());
        m.put("_embedded", Map.of("entity", LeadJson.ref(e.entityId(), collection)));
        return m;
    }

    private JsonNode tree(String value) {
        return json.readTree(value);
    }
}
