package org.voronka.timeline;

import org.voronka.shared.EntitiesMerged;
import org.springframework.context.event.EventListener;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.AccountManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.EntityDirectory;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.timeline.internal.NoteRepository;

/** Notes on deals, contacts and companies; each new note is also an event in the entity's timeline. */
@Service
public class NoteManagement {

    private static final Map<String, String> SINGULAR = Map.of("leads", "lead", "contacts", "contact", "companies", "company");

    private final NoteRepository repository;
    private final Timeline timeline;
    private final AccountManagement accounts;
    private final Map<String, EntityDirectory> entities;
    private final Ids ids;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    NoteManagement(NoteRepository repository, Timeline timeline, AccountManagement accounts, List<EntityDirectory> entities, Ids ids,
                   Clock clock, org.springframework.context.ApplicationEventPublisher events) {
        this.repository = repository;
        this.timeline = timeline;
        this.accounts = accounts;
        this.entities = entities.stream().collect(Collectors.toMap(EntityDirectory::entityType, e -> e));
        this.ids = ids;
        this.clock = clock;
        this.events = events;
    }

    public boolean supports(String entityType) {
        return entities.containsKey(entityType);
    }

    @Transactional(readOnly = true)
    public List<Note> list(long accountId, NoteQuery query) {
        return repository.list(accountId, query);
    }

    @Transactional(readOnly = true)
    public Optional<Note> note(long accountId, String entityType, long id) {
        return repository.find(accountId, entityType, id);
    }

    @Transactional
    public List<Note> create(Actor actor, String entityType, List<NewNote> requests) {
        long accountId = actor.accountId();
        EntityDirectory directory = entities.get(entityType);
        if (directory == null) {
            throw ValidationException.of("0", "entity_type", "NotSupportedChoice", "Notes cannot be added to " + entityType);
        }
        Set<Long> existing = directory.existing(accountId, requests.stream().map(NewNote::entityId).distinct().toList());
        Set<Long> users = accounts.existingUserIds(accountId, requests.stream().map(NewNote::responsibleUserId)
                .filter(Objects::nonNull).distinct().toList());
        List<Problem> problems = new ArrayList<>();
        List<Map<String, Object>> cleanParams = new ArrayList<>();
        for (NewNote r : requests) {
            if (!existing.contains(r.entityId())) {
                problems.add(new Problem(r.requestId(), "entity_id", "NotFound", entityType + " " + r.entityId() + " does not exist"));
            }
            if (r.responsibleUserId() != null && !users.contains(r.responsibleUserId())) {
                problems.add(new Problem(r.requestId(), "responsible_user_id", "NotSupportedChoice",
                        "User " + r.responsibleUserId() + " does not exist"));
            }
            cleanParams.add(params(r.requestId(), r.noteType(), r.params(), problems));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        Instant now = clock.instant();
        List<Long> newIds = ids.next("note_seq", requests.size());
        List<Note> created = new ArrayList<>();
        List<Timeline.NewEvent> events = new ArrayList<>();
        Map<Long, Long> groups = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            NewNote r = requests.get(i);
            long responsible = r.responsibleUserId() != null ? r.responsibleUserId() : actor.userId();
            long createdBy = r.createdBy() != null ? r.createdBy() : actor.userId();
            Note note = new Note(accountId, newIds.get(i), entityType, r.entityId(), r.noteType(), cleanParams.get(i), responsible,
                    groups.computeIfAbsent(responsible, u -> accounts.groupOf(accountId, u)), false, createdBy, createdBy, now, now);
            created.add(note);
            events.add(new Timeline.NewEvent(NoteTypes.WRITABLE.get(r.noteType()).eventType(), SINGULAR.get(entityType), r.entityId(),
                    createdBy, now, "[]", "[{\"note\":{\"id\":" + note.id() + "}}]"));
        }
        repository.insert(created);
        timeline.record(accountId, events);
        this.events.publishEvent(new NotesAdded(accountId, actor.userId(), now, created));
        return created;
    }

    /** Changes the params (and responsible user, pin) of notes; the type of a note never changes. */
    @Transactional
    public List<Note> update(Actor actor, String entityType, List<NoteChange> changes) {
        long accountId = actor.accountId();
        Map<Long, Note> current = repository.lock(accountId, entityType, changes.stream().map(NoteChange::id).toList());
        List<Problem> problems = new ArrayList<>();
        List<Note> updated = new ArrayList<>();
        Instant now = clock.instant();
        for (NoteChange c : changes) {
            Note n = current.get(c.id());
            if (n == null || (c.entityId() != null && n.entityId() != c.entityId())) {
                problems.add(new Problem(c.requestId(), "id", "NotFound", "Note " + c.id() + " does not exist"));
                continue;
            }
            if (c.noteType() != null && !c.noteType().equals(n.noteType())) {
                problems.add(new Problem(c.requestId(), "note_type", "InvalidValue", "The type of a note cannot change"));
                continue;
            }
            Map<String, Object> params = n.params();
            if (c.params() != null) {
                Map<String, Object> merged = new LinkedHashMap<>(n.params());
                merged.putAll(c.params());
                params = params(c.requestId(), n.noteType(), merged, problems);
            }
            updated.add(new Note(accountId, n.id(), n.entityType(), n.entityId(), n.noteType(), params,
                    c.responsibleUserId() != null ? c.responsibleUserId() : n.responsibleUserId(), n.groupId(),
                    c.pinned() != null ? c.pinned() : n.pinned(), n.createdBy(), actor.userId(), n.createdAt(), now));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        repository.update(updated);
        return updated;
    }

    @Transactional
    public Note pin(Actor actor, String entityType, long id, boolean pinned) {
        repository.find(actor.accountId(), entityType, id).orElseThrow(() -> new NotFoundException("note " + id));
        return update(actor, entityType, List.of(new NoteChange("0", id, null, null, null, null, pinned))).get(0);
    }

    public record NoteChange(String requestId, long id, Long entityId, String noteType, Map<String, Object> params,
                             Long responsibleUserId, Boolean pinned) {}

    /** Validates a note's params against its type and keeps only the fields the type has. */
    private static Map<String, Object> params(String rid, String noteType, Map<String, Object> params, List<Problem> problems) {
        NoteTypes.Spec spec = noteType == null ? null : NoteTypes.WRITABLE.get(noteType);
        if (spec == null) {
            problems.add(new Problem(rid, "note_type", "NotSupportedChoice", "note_type is one of " + String.join(", ",
                    NoteTypes.WRITABLE.keySet().stream().sorted().toList())));
            return Map.of();
        }
        Map<String, Object> given = params == null ? Map.of() : params;
        Map<String, Object> clean = new LinkedHashMap<>();
        for (String key : spec.required()) {
            Object v = given.get(key);
            if (v == null || v.toString().isBlank()) {
                problems.add(new Problem(rid, "params." + key, "NotBlank", "This value should not be blank."));
            } else {
                clean.put(key, check(rid, key, v, problems));
            }
        }
        for (String key : spec.optional()) {
            if (given.get(key) != null) {
                clean.put(key, check(rid, key, given.get(key), problems));
            }
        }
        return clean;
    }

    private static Object check(String rid, String key, Object v, List<Problem> problems) {
        if (key.equals("duration")) {
            if (!(v instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.floor(n.doubleValue())) {
                problems.add(new Problem(rid, "params." + key, "InvalidType", "Seconds, a whole number ≥ 0"));
                return 0;
            }
            return n.longValue();
        }
        if (key.equals("call_responsible") && v instanceof Number) {
            return v;
        }
        if (key.equals("longitude") || key.equals("latitude")) {
            return v.toString();
        }
        if (!(v instanceof String s)) {
            problems.add(new Problem(rid, "params." + key, "InvalidType", "Must be a string"));
            return "";
        }
        if (s.length() > 4000) {
            problems.add(new Problem(rid, "params." + key, "TooLong", "At most 4000 characters"));
        }
        return s;
    }

    /** Notes follow their deal into a merge, and back when the merge is undone. */
    @EventListener
    void on(EntitiesMerged event) {
        if (event.undone()) {
            repository.moveBack(event.accountId(), event.entityType(), event.mergeId());
        } else {
            repository.moveTo(event.accountId(), event.entityType(), event.mergeId(), event.mergedIds(), event.survivorId());
        }
    }
}
