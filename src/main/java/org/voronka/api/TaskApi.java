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
import org.voronka.task.NewTask;
import org.voronka.task.Task;
import org.voronka.task.TaskChange;
import org.voronka.task.TaskManagement;
import org.voronka.task.TaskQuery;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v4/tasks}. */
@RestController
class TaskApi {

    private final TaskManagement tasks;
    private final ObjectMapper json;

    TaskApi(TaskManagement tasks, ObjectMapper json) {
        this.tasks = tasks;
        this.json = json;
    }

    @GetMapping("/api/v4/tasks")
    ResponseEntity<Object> list(Actor actor, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        int limit = params.get("limit").intValue(50, 1, 250);
        int page = params.get("page").intValue(1, 1, 1_000_000);
        Params f = params.get("filter");
        String entityType = f.get("entity_type").first();
        if (entityType != null && !tasks.entityTypes().contains(entityType)) {
            throw ValidationException.of("0", "filter[entity_type]", "NotSupportedChoice", "entity_type is leads, contacts or companies");
        }
        List<Long> entityIds = f.get("entity_id").longs();
        if (!entityIds.isEmpty() && entityType == null) {
            throw ValidationException.of("0", "filter[entity_id]", "InvalidValue", "filter[entity_id] needs filter[entity_type]");
        }
        String completed = f.get("is_completed").first();
        if (completed != null && !completed.equals("0") && !completed.equals("1")) {
            throw ValidationException.of("0", "filter[is_completed]", "NotSupportedChoice", "is_completed is 1 or 0");
        }
        List<Long> types = new ArrayList<>(f.get("task_type").longs());
        types.addAll(f.get("task_type_id").longs());
        Params updated = f.get("updated_at");
        Instant[] range = updated.range();
        TaskQuery query = new TaskQuery(f.get("id").longs(), f.get("responsible_user_id").longs(),
                completed == null ? null : completed.equals("1"), types, entityType, entityIds, f.get("created_by").longs(),
                range == null ? null : range[0], range == null ? null : range[1], order(params.get("order")), (page - 1) * limit, limit);
        List<Task> rows = tasks.list(actor.accountId(), query);
        if (rows.isEmpty()) {
            return Hal.noContent();
        }
        boolean hasNext = rows.size() > limit;
        List<Object> items = rows.stream().limit(limit).map(t -> (Object) task(t)).toList();
        return Hal.ok(Hal.page("tasks", items, page, null, hasNext));
    }

    private static TaskQuery.Order order(Params order) {
        for (var e : order.children.entrySet()) {
            TaskQuery.Field field = switch (e.getKey()) {
                case "id" -> TaskQuery.Field.ID;
                case "created_at" -> TaskQuery.Field.CREATED_AT;
                case "complete_till" -> TaskQuery.Field.COMPLETE_TILL;
                default -> throw ValidationException.of("0", "order[" + e.getKey() + "]", "NotSupportedChoice",
                        "Order by id, created_at or complete_till");
            };
            String dir = e.getValue().first();
            if (dir != null && !dir.equalsIgnoreCase("asc") && !dir.equalsIgnoreCase("desc")) {
                throw ValidationException.of("0", "order[" + e.getKey() + "]", "NotSupportedChoice", "Order is asc or desc");
            }
            return new TaskQuery.Order(field, "desc".equalsIgnoreCase(dir));
        }
        return new TaskQuery.Order(TaskQuery.Field.ID, false);
    }

    @GetMapping("/api/v4/tasks/{id}")
    ResponseEntity<Object> get(Actor actor, @PathVariable long id) {
        return tasks.task(actor.accountId(), id).map(t -> Hal.ok(task(t))).orElseGet(Hal::noContent);
    }

    @PostMapping("/api/v4/tasks")
    ResponseEntity<Object> create(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, 250);
        List<NewTask> requests = new ArrayList<>();
        for (In in : items) {
            String text = in.requiredString("text", 4000);
            if (!in.has("complete_till") || in.isNull("complete_till")) {
                in.problem("complete_till", "NotBlank", "This value should not be blank.");
            }
            requests.add(new NewTask(in.requestId(), in.string("entity_type", 16), in.id("entity_id"), taskType(in), text,
                    in.timestamp("complete_till"), duration(in), in.id("responsible_user_id"), in.integer("created_by", 0, Long.MAX_VALUE)));
        }
        In.throwIfAny(problems);
        List<Task> created = tasks.create(actor, requests);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", created.get(i).id());
            m.put("request_id", requests.get(i).requestId());
            m.put("_links", Hal.self("/api/v4/tasks/" + created.get(i).id()));
            result.add(m);
        }
        return Hal.ok(Map.of("_links", Hal.self("/api/v4/tasks"), "_embedded", Map.of("tasks", result)));
    }

    @PatchMapping("/api/v4/tasks")
    ResponseEntity<Object> patchBatch(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, 250);
        List<TaskChange> changes = new ArrayList<>();
        for (In in : items) {
            Long id = LeadApi.requiredId(in, "id");
            if (id != null) {
                changes.add(change(in, id));
            }
        }
        In.throwIfAny(problems);
        List<Task> updated = tasks.update(actor, changes);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < updated.size(); i++) {
            Map<String, Object> m = patched(updated.get(i));
            m.put("request_id", changes.get(i).requestId());
            result.add(m);
        }
        return Hal.ok(Map.of("_links", Hal.self("/api/v4/tasks"), "_embedded", Map.of("tasks", result)));
    }

    @PatchMapping("/api/v4/tasks/{id}")
    ResponseEntity<Object> patchOne(Actor actor, @PathVariable long id, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        In in = In.single(Body.parse(json, body), problems);
        TaskChange change = change(in, id);
        In.throwIfAny(problems);
        Map<String, Object> m = patched(tasks.update(actor, change));
        m.put("request_id", "0");
        return Hal.ok(m);
    }

    private static Map<String, Object> patched(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("updated_at", Times.seconds(t.updatedAt()));
        m.put("_links", Hal.self("/api/v4/tasks/" + t.id()));
        return m;
    }

    private static Long taskType(In in) {
        return in.has("task_type_id") ? in.id("task_type_id") : in.id("task_type");
    }

    private static Integer duration(In in) {
        Long d = in.integer("duration", 0, 366L * 24 * 3600);
        return d == null ? null : d.intValue();
    }

    /** Completing: {@code is_completed: true, result: {text}}. */
    private static TaskChange change(In in, long id) {
        String text = in.string("text", 4000);
        if (text != null && text.isBlank()) {
            in.problem("text", "NotBlank", "This value should not be blank.");
        }
        In result = in.object("result");
        String resultText = result == null ? null : result.string("text", 4000);
        return new TaskChange(in.requestId(), id, taskType(in), text, in.timestamp("complete_till"), duration(in),
                in.id("responsible_user_id"), in.bool("is_completed"), resultText);
    }

    static Map<String, Object> task(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("created_by", t.createdBy());
        m.put("updated_by", t.updatedBy());
        m.put("created_at", Times.seconds(t.createdAt()));
        m.put("updated_at", Times.seconds(t.updatedAt()));
        m.put("responsible_user_id", t.responsibleUserId());
        m.put("group_id", t.groupId());
        m.put("entity_id", t.entityId());
        m.put("entity_type", t.entityType());
        m.put("is_completed", t.completed());
        m.put("task_type_id", t.taskTypeId());
        m.put("text", t.text());
        m.put("duration", t.duration());
        m.put("complete_till", Times.seconds(t.completeTill()));
        // amoCRM (PHP) sends an empty array, not null or {}, when there is no result
        m.put("result", t.result() == null ? List.of() : Map.of("text", t.result()));
        m.put("account_id", t.accountId());
        m.put("_links", Hal.self("/api/v4/tasks/" + t.id()));
        return m;
    }
}
