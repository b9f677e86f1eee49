package org.voronka.api;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.voronka.shared.Actor;
import org.voronka.shared.Times;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.timeline.NewNote;
import org.voronka.timeline.Note;
import org.voronka.timeline.NoteManagement;
import org.voronka.timeline.NoteManagement.NoteChange;
import org.voronka.timeline.NoteQuery;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v4/{leads|contacts|companies}/notes} and {@code /{entity}/{id}/notes}. */
@RestController
class NoteApi {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final NoteManagement notes;
    private final ObjectMapper json;

    NoteApi(NoteManagement notes, ObjectMapper json) {
        this.notes = notes;
        this.json = json;
    }

    @GetMapping({"/api/v4/leads/notes", "/api/v4/contacts/notes", "/api/v4/companies/notes"})
    ResponseEntity<Object> list(Actor actor, HttpServletRequest request) {
        return list(actor, request, EntityPath.of(request), null);
    }

    @GetMapping({"/api/v4/leads/{entityId}/notes", "/api/v4/contacts/{entityId}/notes", "/api/v4/companies/{entityId}/notes"})
    ResponseEntity<Object> listOfEntity(Actor actor, @PathVariable long entityId, HttpServletRequest request) {
        return list(actor, request, EntityPath.of(request), entityId);
    }

    private ResponseEntity<Object> list(Actor actor, HttpServletRequest request, String entity, Long entityId) {
        Params params = Params.of(request.getParameterMap());
        int limit = params.get("limit").intValue(50, 1, 250);
        int page = params.get("page").intValue(1, 1, 1_000_000);
        Params f = params.get("filter");
        Instant[] updated = f.get("updated_at").range();
        boolean byUpdated = false;
        boolean desc = false;
        for (var e : params.get("order").children.entrySet()) {
            if (!e.getKey().equals("id") && !e.getKey().equals("updated_at")) {
                throw ValidationException.of("0", "order[" + e.getKey() + "]", "NotSupportedChoice", "Order by updated_at or id");
            }
            byUpdated = e.getKey().equals("updated_at");
            desc = "desc".equalsIgnoreCase(e.getValue().first());
        }
        List<Long> entityIds = entityId != null ? List.of(entityId) : f.get("entity_id").longs();
        List<Note> rows = notes.list(actor.accountId(), new NoteQuery(entity, f.get("id").longs(), entityIds, f.get("note_type").all(),
                updated == null ? null : updated[0], updated == null ? null : updated[1], byUpdated, desc, (page - 1) * limit, limit));
        if (rows.isEmpty()) {
            return Hal.noContent();
        }
        boolean hasNext = rows.size() > limit;
        return Hal.ok(Hal.page("notes", rows.stream().limit(limit).map(n -> (Object) note(n)).toList(), page, null, hasNext));
    }

    @GetMapping({"/api/v4/leads/notes/{id}", "/api/v4/contacts/notes/{id}", "/api/v4/companies/notes/{id}"})
    ResponseEntity<Object> get(Actor actor, @PathVariable long id, HttpServletRequest request) {
        return notes.note(actor.accountId(), EntityPath.of(request), id).map(n -> Hal.ok(note(n))).orElseGet(Hal::noContent);
    }

    @GetMapping({"/api/v4/leads/{entityId}/notes/{id}", "/api/v4/contacts/{entityId}/notes/{id}", "/api/v4/companies/{entityId}/notes/{id}"})
    ResponseEntity<Object> getOfEntity(Actor actor, @PathVariable long entityId, @PathVariable long id, HttpServletRequest request) {
        return notes.note(actor.accountId(), EntityPath.of(request), id).filter(n -> n.entityId() == entityId)
                .map(n -> Hal.ok(note(n))).orElseGet(Hal::noContent);
    }

    @PostMapping({"/api/v4/leads/notes", "/api/v4/contacts/notes", "/api/v4/companies/notes"})
    ResponseEntity<Object> create(Actor actor, @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        return create(actor, body, EntityPath.of(request), null);
    }

    @PostMapping({"/api/v4/leads/{entityId}/notes", "/api/v4/contacts/{entityId}/notes", "/api/v4/companies/{entityId}/notes"})
    ResponseEntity<Object> createOnEntity(Actor actor, @PathVariable long entityId, @RequestBody(required = false) byte[] body,
                                          HttpServletRequest request) {
        return create(actor, body, EntityPath.of(request), entityId);
    }

    private ResponseEntity<Object> create(Actor actor, byte[] body, String entity, Long entityId) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, 250);
        List<NewNote> requests = new ArrayList<>();
        for (In in : items) {
            Long target = entityId != null ? entityId : LeadApi.requiredId(in, "entity_id");
            String type = in.requiredString("note_type", 32);
            Map<String, Object> params = params(in);
            if (target != null) {
                requests.add(new NewNote(in.requestId(), entity, target, type, params, in.id("responsible_user_id"),
                        in.integer("created_by", 0, Long.MAX_VALUE)));
            }
        }
        In.throwIfAny(problems);
        List<Note> created = notes.create(actor, entity, requests);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            Note n = created.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            m.put("entity_id", n.entityId());
            m.put("request_id", requests.get(i).requestId());
            m.put("_links", Hal.self("/api/v4/" + entity + "/notes/" + n.id()));
            result.add(m);
        }
        return Hal.ok(Map.of("_links", Hal.self("/api/v4/" + entity + "/notes"), "_embedded", Map.of("notes", result)));
    }

    @PatchMapping({"/api/v4/leads/notes", "/api/v4/contacts/notes", "/api/v4/companies/notes"})
    ResponseEntity<Object> patchBatch(Actor actor, @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        return patch(actor, body, EntityPath.of(request), null);
    }

    @PatchMapping({"/api/v4/leads/{entityId}/notes", "/api/v4/contacts/{entityId}/notes", "/api/v4/companies/{entityId}/notes"})
    ResponseEntity<Object> patchOfEntity(Actor actor, @PathVariable long entityId, @RequestBody(required = false) byte[] body,
                                         HttpServletRequest request) {
        return patch(actor, body, EntityPath.of(request), entityId);
    }

    @PatchMapping({"/api/v4/leads/{entityId}/notes/{id}", "/api/v4/contacts/{entityId}/notes/{id}",
            "/api/v4/companies/{entityId}/notes/{id}"})
    ResponseEntity<Object> patchOne(Actor actor, @PathVariable long entityId, @PathVariable long id,
                                    @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        List<Problem> problems = new ArrayList<>();
        In in = In.single(Body.parse(json, body), problems);
        NoteChange change = change(in, id, entityId);
        In.throwIfAny(problems);
        return Hal.ok(note(notes.update(actor, EntityPath.of(request), List.of(change)).get(0)));
    }

    private ResponseEntity<Object> patch(Actor actor, byte[] body, String entity, Long entityId) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, 250);
        List<NoteChange> changes = new ArrayList<>();
        for (In in : items) {
            Long id = LeadApi.requiredId(in, "id");
            if (id != null) {
                changes.add(change(in, id, entityId));
            }
        }
        In.throwIfAny(problems);
        List<Note> updated = notes.update(actor, entity, changes);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < updated.size(); i++) {
            Map<String, Object> m = note(updated.get(i));
            m.put("request_id", changes.get(i).requestId());
            result.add(m);
        }
        return Hal.ok(Map.of("_links", Hal.self("/api/v4/" + entity + "/notes"), "_embedded", Map.of("notes", result)));
    }

    @PostMapping({"/api/v4/leads/notes/{id}/pin", "/api/v4/contacts/notes/{id}/pin", "/api/v4/companies/notes/{id}/pin"})
    ResponseEntity<Object> pin(Actor actor, @PathVariable long id, HttpServletRequest request) {
        return Hal.ok(note(notes.pin(actor, EntityPath.of(request), id, true)));
    }

    @PostMapping({"/api/v4/leads/notes/{id}/unpin", "/api/v4/contacts/notes/{id}/unpin", "/api/v4/companies/notes/{id}/unpin"})
    ResponseEntity<Object> unpin(Actor actor, @PathVariable long id, HttpServletRequest request) {
        return Hal.ok(note(notes.pin(actor, EntityPath.of(request), id, false)));
    }

    private NoteChange change(In in, long id, Long entityId) {
        return new NoteChange(in.requestId(), id, entityId, in.string("note_type", 32), in.has("params") ? params(in) : null,
                in.id("responsible_user_id"), in.bool("is_pinned"));
    }

    private Map<String, Object> params(In in) {
        In p = in.object("params");
        if (p == null) {
            return Map.of();
        }
        JsonNode node = p.node();
        return json.convertValue(node, MAP);
    }

    static Map<String, Object> note(Note n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("entity_id", n.entityId());
        m.put("created_by", n.createdBy());
        m.put("updated_by", n.updatedBy());
        m.put("created_at", Times.seconds(n.createdAt()));
        m.put("updated_at", Times.seconds(n.updatedAt()));
        m.put("responsible_user_id", n.responsibleUserId());
        m.put("group_id", n.groupId());
        m.put("note_type", n.noteType());
        m.put("params", n.params());
        m.put("is_pinned", n.pinned());
        m.put("account_id", n.accountId());
        m.put("_links", Hal.self("/api/v4/" + n.entityType() + "/" + n.entityId() + "/notes/" + n.id()));
        return m;
    }
}
