package org.voronka.task;

import org.voronka.shared.EntitiesMerged;
import org.voronka.shared.EntitiesPurged;
import org.springframework.context.event.EventListener;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.AccountManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.EntityDirectory;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.task.internal.TaskRepository;

/** The task module's facade. Keeps every entity's nearest open deadline announced. */
@Service
public class TaskManagement {

    private final TaskRepository repository;
    private final AccountManagement accounts;
    private final Map<String, EntityDirectory> targets;
    private final Ids ids;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TaskManagement(TaskRepository repository, AccountManagement accounts, List<EntityDirectory> targets, Ids ids,
                   ApplicationEventPublisher events, Clock clock) {
        this.repository = repository;
        this.accounts = accounts;
        this.targets = targets.stream().collect(Collectors.toMap(EntityDirectory::entityType, t -> t));
        this.ids = ids;
        this.events = events;
        this.clock = clock;
    }

    public Set<String> entityTypes() {
        return targets.keySet();
    }

    @Transactional(readOnly = true)
    public List<TaskType> types(long accountId, String lang) {
        boolean en = "en".equalsIgnoreCase(lang);
        List<TaskType> all = new ArrayList<>();
        all.add(new TaskType(TaskType.FOLLOW_UP, en ? "Follow-up" : "Связаться", null, null, "FOLLOW_UP"));
        all.add(new TaskType(TaskType.MEETING, en ? "Meeting" : "Встреча", null, null, "MEETING"));
        all.addAll(repository.customTypes(accountId));
        return all;
    }

    @Transactional
    public TaskType createType(Actor actor, String name, String color) {
        if (!actor.admin()) {
            throw new ForbiddenException("Only an administrator may add task types");
        }
        TaskType type = new TaskType(ids.next("task_type_seq"), name, color, null, null);
        repository.insertType(actor.accountId(), type);
        return type;
    }

    @Transactional(readOnly = true)
    public Optional<Task> task(long accountId, long id) {
        return repository.find(accountId, id);
    }

    @Transactional(readOnly = true)
    public List<Task> list(long accountId, TaskQuery query) {
        return repository.list(accountId, query);
    }

    @Transactional
    public List<Task> create(Actor actor, List<NewTask> requests) {
        long accountId = actor.accountId();
        List<Problem> problems = new ArrayList<>();
        Set<Long> typeIds = types(accountId, "ru").stream().map(TaskType::id).collect(Collectors.toSet());
        Set<Long> users = accounts.existingUserIds(accountId, requests.stream().map(NewTask::responsibleUserId)
                .filter(Objects::nonNull).distinct().toList());
        Map<String, Set<Long>> existing = existingTargets(accountId, requests.stream()
                .filter(r -> r.entityType() != null && r.entityId() != null)
                .collect(Collectors.groupingBy(NewTask::entityType, Collectors.mapping(NewTask::entityId, Collectors.toSet()))));
        for (NewTask r : requests) {
            checkTarget(r.requestId(), r.entityType(), r.entityId(), existing, problems);
            checkReferences(r.requestId(), r.taskTypeId(), typeIds, r.responsibleUserId(), users, problems);
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        Instant now = clock.instant();
        List<Long> newIds = ids.next("task_seq", requests.size());
        List<Task> created = new ArrayList<>();
        Map<Long, Long> groups = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            NewTask r = requests.get(i);
            long responsible = r.responsibleUserId() != null ? r.responsibleUserId() : actor.userId();
            long createdBy = r.createdBy() != null ? r.createdBy() : actor.userId();
            created.add(new Task(accountId, newIds.get(i), r.entityId() == null ? null : r.entityType(), r.entityId(),
                    r.taskTypeId() != null ? r.taskTypeId() : TaskType.FOLLOW_UP, r.text(), r.completeTill(),
                    r.duration() == null ? 0 : r.duration(), responsible,
                    groups.computeIfAbsent(responsible, u -> accounts.groupOf(accountId, u)), false, null, createdBy, createdBy, now, now));
        }
        repository.insert(created);
        announce(accountId, created.stream().filter(t -> t.entityId() != null).toList());
        events.publishEvent(new TasksChanged(accountId, actor.userId(), now,
                created.stream().map(t -> new TasksChanged.Change(TasksChanged.Kind.ADDED, null, t)).toList()));
        return created;
    }

    @Transactional
    public List<Task> update(Actor actor, List<TaskChange> requests) {
        long accountId = actor.accountId();
        List<Problem> problems = new ArrayList<>();
        Map<Long, Task> current = repository.lock(accountId, requests.stream().map(TaskChange::id).toList());
        Set<Long> typeIds = types(accountId, "ru").stream().map(TaskType::id).collect(Collectors.toSet());
        Set<Long> users = accounts.existingUserIds(accountId, requests.stream().map(TaskChange::responsibleUserId)
                .filter(Objects::nonNull).distinct().toList());
        problems.addAll(ValidationException.duplicateIds(requests, TaskChange::id, TaskChange::requestId, "Task"));
        for (TaskChange r : requests) {
            if (!current.containsKey(r.id())) {
                problems.add(new Problem(r.requestId(), "id", "NotFound", "Task " + r.id() + " does not exist"));
            }
            checkReferences(r.requestId(), r.taskTypeId(), typeIds, r.responsibleUserId(), users, problems);
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        Instant now = clock.instant();
        List<Task> updated = new ArrayList<>();
        List<TasksChanged.Change> changes = new ArrayList<>();
        for (TaskChange r : requests) {
            Task t = current.get(r.id());
            long responsible = r.responsibleUserId() != null ? r.responsibleUserId() : t.responsibleUserId();
            boolean completed = r.completed() != null ? r.completed() : t.completed();
            Task next = new Task(accountId, t.id(), t.entityType(), t.entityId(), r.taskTypeId() != null ? r.taskTypeId() : t.taskTypeId(),
                    r.text() != null ? r.text() : t.text(), r.completeTill() != null ? r.completeTill() : t.completeTill(),
                    r.duration() != null ? r.duration() : t.duration(), responsible,
                    responsible == t.responsibleUserId() ? t.groupId() : accounts.groupOf(accountId, responsible), completed,
                    r.result() != null ? r.result() : t.result(), t.createdBy(), actor.userId(), t.createdAt(), now);
            updated.add(next);
            if (completed && !t.completed()) {
                changes.add(new TasksChanged.Change(TasksChanged.Kind.COMPLETED, t, next));
            }
            if (!next.text().equals(t.text())) {
                changes.add(new TasksChanged.Change(TasksChanged.Kind.TEXT_CHANGED, t, next));
            }
            if (!next.completeTill().equals(t.completeTill())) {
                changes.add(new TasksChanged.Change(TasksChanged.Kind.DEADLINE_CHANGED, t, next));
            }
            if (next.taskTypeId() != t.taskTypeId()) {
                changes.add(new TasksChanged.Change(TasksChanged.Kind.TYPE_CHANGED, t, next));
            }
        }
        repository.update(updated);
        announce(accountId, updated.stream().filter(t -> t.entityId() != null).toList());
        if (!changes.isEmpty()) {
            events.publishEvent(new TasksChanged(accountId, actor.userId(), now, changes));
        }
        return updated;
    }

    @Transactional
    public Task update(Actor actor, TaskChange change) {
        if (repository.find(actor.accountId(), change.id()).isEmpty()) {
            throw new NotFoundException("task " + change.id());
        }
        return update(actor, List.of(change)).get(0);
    }

    private Map<String, Set<Long>> existingTargets(long accountId, Map<String, Set<Long>> wanted) {
        Map<String, Set<Long>> result = new HashMap<>();
        wanted.forEach((type, idSet) -> {
            EntityDirectory t = targets.get(type);
            if (t != null) {
                result.put(type, t.existing(accountId, idSet));
            }
        });
        return result;
    }

    private static void checkReferences(String rid, Long typeId, Set<Long> typeIds, Long userId, Set<Long> users,
                                        List<Problem> problems) {
        if (typeId != null && !typeIds.contains(typeId)) {
            problems.add(new Problem(rid, "task_type_id", "NotSupportedChoice", "Task type " + typeId + " does not exist"));
        }
        if (userId != null && !users.contains(userId)) {
            problems.add(new Problem(rid, "responsible_user_id", "NotSupportedChoice", "User " + userId + " does not exist"));
        }
    }

    private void checkTarget(String rid, String entityType, Long entityId, Map<String, Set<Long>> existing, List<Problem> problems) {
        if (entityType == null && entityId == null) {
            return;
        }
        if (entityType == null || !targets.containsKey(entityType)) {
            problems.add(new Problem(rid, "entity_type", "NotSupportedChoice", "entity_type is one of " + String.join(", ",
                    new LinkedHashSet<>(targets.keySet()))));
        } else if (entityId == null) {
            problems.add(new Problem(rid, "entity_id", "NotBlank", "entity_id is required with entity_type"));
        } else if (!existing.getOrDefault(entityType, Set.of()).contains(entityId)) {
            problems.add(new Problem(rid, "entity_id", "NotFound", entityType + " " + entityId + " does not exist"));
        }
    }

    /** Publishes the nearest open deadline of every entity the tasks belong to: one query and one event per entity type. */
    private void announce(long accountId, List<Task> tasks) {
        Map<String, Set<Long>> byType = new java.util.LinkedHashMap<>();
        tasks.forEach(t -> byType.computeIfAbsent(t.entityType(), k -> new LinkedHashSet<>()).add(t.entityId()));
        byType.forEach((type, entityIds) -> announce(accountId, type, entityIds));
    }

    private void announce(long accountId, String entityType, java.util.Collection<Long> entityIds) {
        Map<Long, Instant> closest = repository.closestOpen(accountId, entityType, entityIds);
        events.publishEvent(new ClosestTasksChanged(accountId, entityType, entityIds.stream()
                .map(id -> new ClosestTasksChanged.Closest(id, closest.get(id))).toList()));
    }

    @EventListener
    void on(EntitiesPurged event) {
        repository.deleteOfEntities(event.accountId(), event.entityType(), event.ids());
    }

    /** Tasks follow their deal into a merge, and back when the merge is undone. */
    @EventListener
    void on(EntitiesMerged event) {
        List<Long> touched = new ArrayList<>(event.mergedIds());
        touched.add(event.survivorId());
        if (event.undone()) {
            repository.moveBack(event.accountId(), event.entityType(), event.mergeId());
        } else {
            repository.moveTo(event.accountId(), event.entityType(), event.mergeId(), event.mergedIds(), event.survivorId());
        }
        announce(event.accountId(), event.entityType(), new LinkedHashSet<>(touched));
    }
}
