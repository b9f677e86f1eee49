package org.voronka.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.voronka.pipeline.NewPipeline;
import org.voronka.pipeline.NewStage;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineChange;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.pipeline.StageChange;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.ValidationException.Problem;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v4/leads/pipelines} and their {@code /statuses}. */
@RestController
class PipelineApi {

    /** A stage's target duration is between a minute and a year (seconds). */
    static final long MAX_TARGET_SECONDS = 366L * 24 * 3600;

    private final PipelineManagement pipelines;
    private final ObjectMapper json;

    PipelineApi(PipelineManagement pipelines, ObjectMapper json) {
        this.pipelines = pipelines;
        this.json = json;
    }

    @GetMapping("/api/v4/leads/pipelines")
    ResponseEntity<Object> list(Actor actor) {
        List<Object> items = pipelines.pipelines(actor.accountId()).stream().map(p -> (Object) pipeline(p)).toList();
        return Hal.ok(Hal.collection("pipelines", items));
    }

    @GetMapping("/api/v4/leads/pipelines/{id}")
    ResponseEntity<Object> get(Actor actor, @PathVariable long id) {
        return pipelines.pipeline(actor.accountId(), id).map(p -> Hal.ok(pipeline(p))).orElseGet(Hal::noContent);
    }

    @PostMapping("/api/v4/leads/pipelines")
    ResponseEntity<Object> create(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, 50);
        List<NewPipeline> requests = new ArrayList<>();
        for (In in : items) {
            String name = in.requiredString("name", 255);
            Long sort = required(in, "sort", 0, 1_000_000);
            Boolean main = requiredBool(in, "is_main");
            Boolean unsorted = requiredBool(in, "is_unsorted_on");
            List<NewStage> stages = new ArrayList<>();
            In embedded = in.object("_embedded");
            List<In> statuses = embedded == null ? null : embedded.array("statuses");
            if (statuses != null) {
                for (In s : statuses) {
                    stages.add(stage(s, true));
                }
            }
            if (name != null && sort != null && main != null && unsorted != null) {
                requests.add(new NewPipeline(in.requestId(), name.trim(), sort.intValue(), main, unsorted, stages));
            }
        }
        In.throwIfAny(problems);
        List<Pipeline> created = pipelines.createPipelines(actor, requests);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            Map<String, Object> m = pipeline(created.get(i));
            m.put("request_id", requests.get(i).requestId());
            result.add(m);
        }
        return Hal.ok(Hal.collection("pipelines", result));
    }

    @PatchMapping("/api/v4/leads/pipelines/{id}")
    ResponseEntity<Object> patch(Actor actor, @PathVariable long id, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        In in = In.single(Body.parse(json, body), problems);
        String name = in.string("name", 255);
        if (name != null && name.isBlank()) {
            in.problem("name", "NotBlank", "This value should not be blank.");
        }
        PipelineChange change = new PipelineChange(name == null ? null : name.trim(), toInt(in.integer("sort", 0, 1_000_000)),
                in.bool("is_main"), in.bool("is_unsorted_on"));
        In.throwIfAny(problems);
        return Hal.ok(pipeline(pipelines.updatePipeline(actor, id, change)));
    }

    @DeleteMapping("/api/v4/leads/pipelines/{id}")
    ResponseEntity<Object> delete(Actor actor, @PathVariable long id) {
        pipelines.deletePipeline(actor, id);
        return Hal.noContent();
    }

    @GetMapping("/api/v4/leads/pipelines/{pipelineId}/statuses")
    ResponseEntity<Object> statuses(Actor actor, @PathVariable long pipelineId) {
        Pipeline p = pipelines.pipeline(actor.accountId(), pipelineId).orElse(null);
        if (p == null) {
            return Hal.noContent();
        }
        return Hal.ok(Hal.collection("statuses", p.stages().stream().map(s -> (Object) status(s)).toList()));
    }

    @GetMapping("/api/v4/leads/pipelines/{pipelineId}/statuses/{id}")
    ResponseEntity<Object> status(Actor actor, @PathVariable long pipelineId, @PathVariable long id) {
        return pipelines.pipeline(actor.accountId(), pipelineId).flatMap(p -> p.stage(id))
                .map(s -> Hal.ok(status(s))).orElseGet(Hal::noContent);
    }

    @PostMapping("/api/v4/leads/pipelines/{pipelineId}/statuses")
    ResponseEntity<Object> createStatuses(Actor actor, @PathVariable long pipelineId, @RequestBody(required = false) byte[] body) {
        pipelines.pipeline(actor.accountId(), pipelineId).orElseThrow(() -> new NotFoundException("pipeline " + pipelineId));
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, 100);
        List<NewStage> requests = new ArrayList<>();
        for (In in : items) {
            requests.add(stage(in, false));
        }
        In.throwIfAny(problems);
        List<Stage> created = pipelines.createStages(actor, pipelineId, requests);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            Map<String, Object> m = status(created.get(i));
            m.put("request_id", requests.get(i).requestId());
            result.add(m);
        }
        return Hal.ok(Hal.collection("statuses", result));
    }

    @PatchMapping("/api/v4/leads/pipelines/{pipelineId}/statuses/{id}")
    ResponseEntity<Object> patchStatus(Actor actor, @PathVariable long pipelineId, @PathVariable long id,
                                       @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        In in = In.single(Body.parse(json, body), problems);
        String name = in.string("name", 255);
        if (name != null && name.isBlank()) {
            in.problem("name", "NotBlank", "This value should not be blank.");
        }
        boolean clearTarget = in.has("target_duration") && in.isNull("target_duration");
        Long target = clearTarget ? null : in.integer("target_duration", 60, MAX_TARGET_SECONDS);
        boolean clearProbability = in.has("win_probability") && in.isNull("win_probability");
        Long probability = clearProbability ? null : in.integer("win_probability", 0, 100);
        StageChange change = new StageChange(name == null ? null : name.trim(), toInt(in.integer("sort", 0, 1_000_000)),
                in.string("color", 16), target, clearTarget, probability == null ? null : probability.intValue(), clearProbability);
        In.throwIfAny(problems);
        return Hal.ok(status(pipelines.updateStage(actor, pipelineId, id, change)));
    }

    @DeleteMapping("/api/v4/leads/pipelines/{pipelineId}/statuses/{id}")
    ResponseEntity<Object> deleteStatus(Actor actor, @PathVariable long pipelineId, @PathVariable long id) {
        pipelines.deleteStage(actor, pipelineId, id);
        return Hal.noContent();
    }

    private static NewStage stage(In in, boolean allowSystemId) {
        Long id = allowSystemId ? in.id("id") : null;
        String name = in.requiredString("name", 255);
        Long sort = id == null ? required(in, "sort", 0, 1_000_000) : null;
        String color = in.string("color", 16);
        return new NewStage(in.requestId(), id, name == null ? null : name.trim(), toInt(sort), color);
    }

    private static Long required(In in, String field, long min, long max) {
        if (!in.has(field) || in.isNull(field)) {
            in.problem(field, "NotBlank", "This value should not be blank.");
            return null;
        }
        return in.integer(field, min, max);
    }

    private static Boolean requiredBool(In in, String field) {
        if (!in.has(field) || in.isNull(field)) {
            in.problem(field, "NotBlank", "This value should not be blank.");
            return null;
        }
        return in.bool(field);
    }

    private static Integer toInt(Long v) {
        return v == null ? null : v.intValue();
    }

    static Map<String, Object> pipeline(Pipeline p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("name", p.name());
        m.put("sort", p.sort());
        m.put("is_main", p.main());
        m.put("is_unsorted_on", p.unsortedOn());
        m.put("is_archive", p.archive());
        m.put("account_id", p.accountId());
        m.put("_links", Hal.self("/api/v4/leads/pipelines/" + p.id()));
        m.put("_embedded", Map.of("statuses", p.stages().stream().map(s -> (Object) status(s)).toList()));
        return m;
    }

    static Map<String, Object> status(Stage s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("sort", s.sort());
        m.put("is_editable", s.isEditable());
        m.put("pipeline_id", s.pipelineId());
        m.put("color", s.color());
        m.put("type", s.type());
        m.put("account_id", s.accountId());
        m.put("target_duration", s.targetSeconds());
        m.put("win_probability", s.winProbability());
        m.put("_links", Hal.self("/api/v4/leads/pipelines/" + s.pipelineId() + "/statuses/" + s.id()));
        return m;
    }
}
