package org.voronka.api;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.voronka.account.AccountManagement;
import org.voronka.customfield.FieldWrite;
import org.voronka.deal.DealQuery;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.voronka.massaction.ActionSpec;
import org.voronka.massaction.DealExport;
import org.voronka.shared.Table;
import org.voronka.shared.TableExport;
import org.voronka.massaction.Failure;
import org.voronka.massaction.MassAction;
import org.voronka.massaction.MassActions;
import org.voronka.massaction.Target;
import org.voronka.shared.Actor;
import org.voronka.shared.Times;
import org.voronka.shared.ValidationException.Problem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Our extension: mass actions on leads as background jobs. A request names the deals (ids, or a
 * filter in the shape of GET /api/v4/leads's {@code filter[...]} and {@code query}) and the action;
 * the answer is the job, whose progress, failures and result are read, cancelled or undone here.
 */
@RestController
class MassActionApi {

    static final String PATH = "/api/v4/leads/mass_actions";
    static final int FAILURES_SHOWN = 250;

    private final MassActions massActions;
    private final DealExport export;
    private final AccountManagement accounts;
    private final ObjectMapper json;
    private final Clock clock;

    MassActionApi(MassActions massActions, DealExport export, AccountManagement accounts, ObjectMapper json, Clock clock) {
        this.massActions = massActions;
        this.export = export;
        this.accounts = accounts;
        this.json = json;
        this.clock = clock;
    }

    /** Starts a job (202), or with {@code "dry_run": true} only counts the deals and checks the action (200). */
    @PostMapping(PATH)
    ResponseEntity<Object> start(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        In in = In.single(Body.parse(json, body), problems);
        Target target = target(actor, in);
        ActionSpec spec = action(in);
        Boolean dryRun = in.bool("dry_run");
        In.throwIfAny(problems);
        if (Boolean.TRUE.equals(dryRun)) {
            if (spec.kind() == ActionSpec.Kind.MERGE) {
                MassActions.MergePreview preview = massActions.mergePreview(actor, target, spec);
                List<Object> leads = preview.deals().stream().map(d -> (Object) Map.of("id", d.id(), "name", d.name(),
                        "created_at", Times.seconds(d.createdAt()), "is_survivor", d.id() == preview.survivorId())).toList();
                return Hal.ok(Map.of("count", leads.size(), "action", spec.kind().code(), "survivor_id", preview.survivorId(),
                        "_embedded", Map.of("leads", leads)));
            }
            long count = massActions.preview(actor, target, spec);
            return Hal.ok(Map.of("count", count, "action", spec.kind().code()));
        }
        MassAction run = massActions.start(actor, target, spec);
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(Hal.HAL_JSON).body(render(actor, run, false));
    }

    /**
     * Exports the deals (ids, or a filter and/or query) as CSV or XLSX with the chosen columns
     * (default: the standard ones), streamed page by page. Bad input is answered before any byte
     * of the file.
     */
    @PostMapping(PATH + "/export")
    void export(Actor actor, @RequestBody(required = false) byte[] body, HttpServletResponse response) throws IOException {
        List<Problem> problems = new ArrayList<>();
        In in = In.single(Body.parse(json, body), problems);
        Target target = target(actor, in);
        String formatCode = in.string("format", 8);
        TableExport.Format format = formatCode == null ? null : TableExport.Format.of(formatCode).orElse(null);
        if (format == null) {
            in.problem("format", formatCode == null && !in.has("format") ? "NotBlank" : "NotSupportedChoice", "format is csv or xlsx");
        }
        List<String> codes = null;
        if (in.has("columns") && !in.isNull("columns")) {
            JsonNode columns = in.node().get("columns");
            if (!columns.isArray()) {
                in.problem("columns", "InvalidType", "columns is an array of column codes");
            } else {
                codes = new ArrayList<>();
                for (int i = 0; i < columns.size(); i++) {
                    if (!columns.get(i).isString()) {
                        in.problem("columns." + i, "InvalidType", "Must be a column code");
                    } else {
                        codes.add(columns.get(i).asString());
                    }
                }
            }
        }
        In.throwIfAny(problems);
        List<DealExport.Column> columns = export.columns(actor, target, codes, "columns");
        Table table = export.table(actor, target, columns, "leads", code -> code);
        response.setContentType(format.mediaType());
        response.setHeader("Content-Disposition", "attachment; filename=\"leads." + format.extension() + "\"");
        TableExport.write(table, format, accounts.account(actor.accountId()).zone(), response.getOutputStream());
    }

    @GetMapping(PATH)
    ResponseEntity<Object> recent(Actor actor) {
        List<Object> items = massActions.recent(actor, 50).stream().map(r -> (Object) render(actor, r, false)).toList();
        return items.isEmpty() ? Hal.noContent() : Hal.ok(Map.of("_links", Hal.self(PATH), "_embedded", Map.of("mass_actions", items)));
    }

    @GetMapping(PATH + "/{id}")
    ResponseEntity<Object> get(Actor actor, @PathVariable long id) {
        return Hal.ok(render(actor, massActions.get(actor, id), true));
    }

    @PostMapping(PATH + "/{id}/cancel")
    ResponseEntity<Object> cancel(Actor actor, @PathVariable long id) {
        massActions.cancel(actor, id);
        return Hal.ok(render(actor, massActions.get(actor, id), false));
    }

    @PostMapping(PATH + "/{id}/undo")
    ResponseEntity<Object> undo(Actor actor, @PathVariable long id) {
        MassAction run = massActions.undo(actor, id);
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(Hal.HAL_JSON).body(render(actor, run, false));
    }

    private Target target(Actor actor, In in) {
        boolean hasIds = in.has("ids") && !in.isNull("ids");
        boolean hasFilter = (in.has("filter") && !in.isNull("filter")) || (in.has("query") && !in.isNull("query"));
        if (hasIds == hasFilter) {
            in.problem("ids", "NotBlank", "Give either ids or a filter (and/or query)");
            return Target.ids(List.of(0L));
        }
        if (hasIds) {
            JsonNode ids = in.node().get("ids");
            List<Long> result = new ArrayList<>();
            if (!ids.isArray() || ids.isEmpty() || ids.size() > MassActions.MAX_IDS) {
                in.problem("ids", "InvalidType", "ids is an array of 1 to " + MassActions.MAX_IDS + " deal ids");
                return Target.ids(List.of(0L));
            }
            for (int i = 0; i < ids.size(); i++) {
                JsonNode n = ids.get(i);
                if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 1) {
                    in.problem("ids." + i, "InvalidType", "Must be a deal id");
                } else {
                    result.add(n.longValue());
                }
            }
            return Target.ids(result.isEmpty() ? List.of(0L) : result);
        }
        JsonNode filter = in.node().get("filter");
        if (filter != null && !filter.isNull() && !filter.isObject()) {
            in.problem("filter", "InvalidType", "filter is an object shaped like filter[...] of GET /api/v4/leads");
            return Target.ids(List.of(0L));
        }
        Map<String, String[]> flat = new LinkedHashMap<>();
        if (filter != null && filter.isObject()) {
            flatten("filter", filter, flat);
        }
        JsonNode query = in.node().get("query");
        if (query != null && !query.isNull()) {
            if (!query.isString() && !query.isNumber()) {
                in.problem("query", "InvalidType", "Must be a string");
                return Target.ids(List.of(0L));
            }
            flat.put("query", new String[] {query.asString()});
        }
        DealQuery q = LeadFilter.parse(Params.of(flat), false, 1, 1, accounts.account(actor.accountId()).zone(), clock.instant());
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("filter", filter);
        asked.put("query", query);
        return Target.filter(q, json.writeValueAsString(asked));
    }

    /** {"a": {"b": [1, 2]}} becomes {@code a[b][]=1, a[b][]=2}, as a query string would give it. */
    private static void flatten(String prefix, JsonNode node, Map<String, String[]> out) {
        if (node.isObject()) {
            for (var e : node.properties()) {
                flatten(prefix + "[" + e.getKey() + "]", e.getValue(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), out);
            }
        } else if (!node.isNull()) {
            out.put(prefix, new String[] {node.asString()});
        }
    }

    private static ActionSpec action(In in) {
        In a = in.object("action");
        if (a == null) {
            if (!in.has("action") || in.isNull("action")) {
                in.problem("action", "NotBlank", "action is required");
            }
            return ActionSpec.delete();
        }
        String type = a.string("type", 32);
        ActionSpec.Kind kind = type == null ? null : ActionSpec.Kind.of(type).orElse(null);
        if (kind == null) {
            a.problem("type", "NotSupportedChoice",
                    "type is one of stage, responsible, add_tags, remove_tags, won, lost, delete, task, set_field, clear_field, merge");
            return ActionSpec.delete();
        }
        return switch (kind) {
            case STAGE -> {
                Long status = a.integer("status_id", 1, Long.MAX_VALUE);
                if (status == null && !a.has("status_id")) {
                    a.problem("status_id", "NotBlank", "status_id is required");
                }
                yield ActionSpec.stage(a.id("pipeline_id"), status == null ? 0 : status);
            }
            case RESPONSIBLE -> {
                Long user = a.id("responsible_user_id");
                if (user == null && !a.has("responsible_user_id")) {
                    a.problem("responsible_user_id", "NotBlank", "responsible_user_id is required");
                }
                yield ActionSpec.responsible(user == null ? 0 : user);
            }
            case ADD_TAGS, REMOVE_TAGS -> {
                var refs = LeadApi.tagRefs(a, "tags");
                if (refs == null || refs.isEmpty()) {
                    a.problem("tags", "NotBlank", "tags is a non-empty array of {id} or {name}");
                }
                yield ActionSpec.tags(kind == ActionSpec.Kind.ADD_TAGS, refs == null ? List.of() : refs);
            }
            case WON -> ActionSpec.won();
            case LOST -> ActionSpec.lost(a.id("loss_reason_id"));
            case DELETE -> ActionSpec.delete();
            case TASK -> ActionSpec.task(a.id("task_type_id"), a.string("text", 4000), a.timestamp("complete_till"),
                    a.id("responsible_user_id"));
            case SET_FIELD, CLEAR_FIELD -> {
                Long field = a.id("field_id");
                if (field == null && !a.has("field_id")) {
                    a.problem("field_id", "NotBlank", "field_id is required");
                }
                if (kind == ActionSpec.Kind.CLEAR_FIELD) {
                    yield ActionSpec.clearField(field == null ? 0 : field);
                }
                List<FieldWrite.ValueWrite> values = new ArrayList<>();
                List<In> items = a.array("values");
                if (items == null && !a.has("values")) {
                    a.problem("values", "NotBlank", "values is required: [{value}] or [{enum_id}] as in custom_fields_values");
                }
                if (items != null) {
                    for (In v : items) {
                        values.add(new FieldWrite.ValueWrite(v.scalar("value"), v.id("enum_id"), v.string("enum_code", 64)));
                    }
                }
                yield ActionSpec.setField(field == null ? 0 : field, values);
            }
            case MERGE -> ActionSpec.merge(a.id("survivor_id"));
            case UNDO -> throw new IllegalStateException();
        };
    }

    private Map<String, Object> render(Actor actor, MassAction run, boolean withFailures) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", run.id());
        m.put("type", run.spec().kind().code());
        m.put("state", run.state().code());
        m.put("total", run.total());
        m.put("done", run.done());
        m.put("failed", run.failed());
        m.put("progress", run.percent());
        Duration left = run.remaining(clock.instant());
        m.put("estimated_seconds_left", left == null ? null : Math.max(1, left.toSeconds()));
        m.put("cancel_requested", run.cancelRequested());
        m.put("action", actionJson(run.spec()));
        m.put("selection", run.selection());
        m.put("undo_of", run.undoOf());
        m.put("undone_by", run.undoneBy());
        m.put("can_undo", run.undoable());
        m.put("created_by", run.createdBy());
        m.put("created_at", Times.seconds(run.createdAt()));
        m.put("started_at", Times.seconds(run.startedAt()));
        m.put("finished_at", Times.seconds(run.finishedAt()));
        m.put("_links", Hal.self(PATH + "/" + run.id()));
        if (withFailures) {
            List<Object> failures = new ArrayList<>();
            for (Failure f : massActions.failures(actor, run.id(), FAILURES_SHOWN)) {
                failures.add(Map.of("lead_id", f.dealId(), "reason", f.reason() == null ? "" : f.reason()));
            }
            m.put("_embedded", Map.of("failures", failures));
        }
        return m;
    }

    private static Map<String, Object> actionJson(ActionSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", s.kind().code());
        switch (s.kind()) {
            case STAGE -> {
                m.put("pipeline_id", s.pipelineId());
                m.put("status_id", s.statusId());
            }
            case RESPONSIBLE -> m.put("responsible_user_id", s.responsibleUserId());
            case ADD_TAGS, REMOVE_TAGS -> m.put("tags", s.tags().stream().map(t -> Map.of("id", t.id())).toList());
            case LOST -> m.put("loss_reason_id", s.lossReasonId());
            case SET_FIELD, CLEAR_FIELD -> {
                m.put("field_id", s.fieldId());
                if (s.kind() == ActionSpec.Kind.SET_FIELD) {
                    m.put("values", s.fieldValues().stream().map(v -> {
                        Map<String, Object> value = new LinkedHashMap<>();
                        if (v.value() != null) {
                            value.put("value", v.value());
                        }
                        if (v.enumId() != null) {
                            value.put("enum_id", v.enumId());
                        }
                        if (v.enumCode() != null) {
                            value.put("enum_code", v.enumCode());
                        }
                        return value;
                    }).toList());
                }
            }
            case MERGE -> m.put("survivor_id", s.survivorId());
            case TASK -> {
                m.put("task_type_id", s.taskTypeId());
                m.put("text", s.taskText());
                m.put("complete_till", Times.seconds(s.taskDeadline()));
                m.put("responsible_user_id", s.responsibleUserId());
            }
            default -> { }
        }
        return m;
    }
}
