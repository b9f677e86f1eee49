package org.voronka.api;

import jakarta.servlet.http.HttpServletRequest;
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
import org.voronka.automation.AutomationManagement;
import org.voronka.automation.Rule;
import org.voronka.automation.RuleDraft;
import org.voronka.automation.Run;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v4/automations}: our extension for stage automation rules and their run log. */
@RestController
class AutomationApi {

    private static final List<String> RUN_STATES = List.of("pending", "done", "skipped", "failed");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {};

    private final AutomationManagement automation;
    private final ObjectMapper json;

    AutomationApi(AutomationManagement automation, ObjectMapper json) {
        this.automation = automation;
        this.json = json;
    }

    @GetMapping("/api/v4/automations")
    ResponseEntity<Object> list(Actor actor, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        Long pipeline = params.get("filter").get("pipeline_id").longValue();
        List<Rule> rules = automation.rules(actor.accountId(), pipeline);
        if (rules.isEmpty()) {
            return Hal.noContent();
        }
        return Hal.ok(Hal.collection("automations", rules.stream().map(AutomationApi::json).toList()));
    }

    @GetMapping("/api/v4/automations/{id}")
    ResponseEntity<Object> get(Actor actor, @PathVariable long id) {
        return automation.rule(actor.accountId(), id).<ResponseEntity<Object>>map(r -> Hal.ok(json(r))).orElseGet(Hal::noContent);
    }

    @PostMapping("/api/v4/automations")
    ResponseEntity<Object> create(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<RuleDraft> drafts = new ArrayList<>();
        for (In in : In.batch(Body.parse(json, body), problems, 50)) {
            in.requiredString("name", 255);
            if (!in.has("pipeline_id")) {
                in.problem("pipeline_id", "NotBlank", "Required");
            }
            if (!in.has("status_id")) {
                in.problem("status_id", "NotBlank", "Required");
            }
            if (!in.has("trigger")) {
                in.problem("trigger", "NotBlank", "Required");
            }
            if (!in.has("actions")) {
                in.problem("actions", "NotBlank", "Required");
            }
            drafts.add(draft(in, null));
        }
        In.throwIfAny(problems);
        List<Rule> created = automation.create(actor, drafts);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            Map<String, Object> m = json(created.get(i));
            m.put("request_id", drafts.get(i).requestId());
            items.add(m);
        }
        return Hal.ok(Hal.collection("automations", items));
    }

    @PatchMapping("/api/v4/automations")
    ResponseEntity<Object> patch(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<RuleDraft> drafts = new ArrayList<>();
        for (In in : In.batch(Body.parse(json, body), problems, 50)) {
            Long id = in.id("id");
            if (id == null && !in.has("id")) {
                in.problem("id", "NotBlank", "Required");
            }
            drafts.add(draft(in, id));
        }
        In.throwIfAny(problems);
        return Hal.ok(Hal.collection("automations", automation.update(actor, drafts).stream().map(AutomationApi::json).toList()));
    }

    @PatchMapping("/api/v4/automations/{id}")
    ResponseEntity<Object> patchOne(Actor actor, @PathVariable long id, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        In in = In.single(Body.parse(json, body), problems);
        RuleDraft draft = draft(in, id);
        In.throwIfAny(problems);
        if (automation.rule(actor.accountId(), id).isEmpty()) {
            throw new NotFoundException("rule " + id);
        }
        return Hal.ok(json(automation.update(actor, List.of(draft)).get(0)));
    }

    /** A copy of the rule under a stage of any pipeline, placed last there (what the editor's «Копировать» does). */
    @PostMapping("/api/v4/automations/{id}/copy")
    ResponseEntity<Object> copy(Actor actor, @PathVariable long id, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        In in = In.single(Body.parse(json, body), problems);
        Long pipeline = requiredId(in, "pipeline_id");
        Long status = requiredId(in, "status_id");
        In.throwIfAny(problems);
        return Hal.ok(json(automation.copy(actor, id, pipeline, status)));
    }

    @DeleteMapping("/api/v4/automations/{id}")
    ResponseEntity<Object> delete(Actor actor, @PathVariable long id) {
        automation.delete(actor, id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v4/automations/{id}/runs")
    ResponseEntity<Object> runs(Actor actor, @PathVariable long id, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        int limit = params.get("limit").intValue(50, 1, 250);
        int page = params.get("page").intValue(1, 1, 1_000_000);
        String state = params.get("filter").get("state").first();
        if (state != null && !RUN_STATES.contains(state)) {
            throw ValidationException.of("0", "filter[state]", "NotSupportedChoice", "One of " + String.join(", ", RUN_STATES));
        }
        List<Run> rows = automation.runs(actor.accountId(), id, state, (page - 1) * limit, limit + 1);
        if (rows.isEmpty()) {
            return Hal.noContent();
        }
        return Hal.ok(Hal.page("runs", rows.stream().limit(limit).map(AutomationApi::json).toList(), page, null, rows.size() > limit));
    }

    private static Long requiredId(In in, String field) {
        Long id = in.id(field);
        if (id == null && (!in.has(field) || in.isNull(field))) {
            in.problem(field, "NotBlank", "Required: the stage to copy the rule to");
        }
        return id;
    }

    private RuleDraft draft(In in, Long id) {
        Long pipeline = in.id("pipeline_id");
        Long status = in.id("status_id");
        String trigger = in.string("trigger", 32);
        Long minutes = in.integer("trigger_minutes", Integer.MIN_VALUE, Integer.MAX_VALUE);
        Long delay = in.integer("delay_minutes", 0, Integer.MAX_VALUE);
        Long sort = in.integer("sort", 0, 1_000_000);
        Boolean paused = in.bool("is_paused");
        Map<String, Object> conditions = null;
        JsonNode c = in.node().get("conditions");
        if (c != null && !c.isNull()) {
            if (c.isObject()) {
                conditions = json.convertValue(c, MAP);
            } else {
                in.problem("conditions", "InvalidType", "Must be an object {match, items}");
            }
        }
        List<Map<String, Object>> actions = null;
        JsonNode a = in.node().get("actions");
        if (a != null && !a.isNull()) {
            if (a.isArray() && a.valueStream().allMatch(JsonNode::isObject)) {
                actions = json.convertValue(a, LIST);
            } else {
                in.problem("actions", "InvalidType", "Must be an array of objects");
            }
        }
        return new RuleDraft(in.requestId(), id, in.string("name", 255), pipeline, status, trigger,
                minutes == null ? null : minutes.intValue(), conditions, delay == null ? null : delay.intValue(), actions,
                sort == null ? null : sort.intValue(), paused, in.bool("wait_for_working_hours"), scalar(in, "trigger_field"),
                scalar(in, "trigger_value"));
    }

    /** A field reference or value given as a string, a number or true/false, kept as text. */
    private static String scalar(In in, String name) {
        JsonNode v = in.node().get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isString() || v.isNumber() || v.isBoolean()) {
            return v.asString();
        }
        in.problem(name, "InvalidType", "A string, a number or true/false");
        return null;
    }

    private static Map<String, Object> json(Rule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("pipeline_id", r.pipelineId());
        m.put("status_id", r.statusId());
        m.put("trigger", r.trigger());
        m.put("trigger_minutes", r.triggerMinutes());
        // a custom field as its id (a number), the deal's own fields by name
        m.put("trigger_field", r.triggerField() != null && r.triggerField().matches("\\d{1,18}") ? Long.valueOf(r.triggerField()) : r.triggerField());
        m.put("trigger_value", r.triggerValue());
        m.put("conditions", r.conditions());
        m.put("delay_minutes", r.delayMinutes());
        m.put("wait_for_working_hours", r.waitForWorkingHours());
        m.put("actions", r.actions());
        m.put("sort", r.sort());
        m.put("is_paused", r.paused());
        m.put("flagged_reason", r.flaggedReason());
        m.put("created_by", r.createdBy());
        m.put("created_at", r.createdAt().getEpochSecond());
        m.put("updated_at", r.updatedAt().getEpochSecond());
        m.put("account_id", r.accountId());
        return m;
    }

    private static Map<String, Object> json(Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("rule_id", r.ruleId());
        m.put("lead_id", r.dealId());
        m.put("state", r.state());
        m.put("due_at", r.dueAt().getEpochSecond());
        m.put("result", r.result());
        m.put("error", r.error());
        m.put("created_at", r.createdAt().getEpochSecond());
        m.put("finished_at", r.finishedAt() == null ? null : r.finishedAt().getEpochSecond());
        return m;
    }
}
