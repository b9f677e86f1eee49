package org.voronka.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.voronka.customfield.CustomField;
import org.voronka.customfield.CustomField.FieldEnum;
import org.voronka.customfield.CustomField.StatusRef;
import org.voronka.customfield.FieldDefinitions;
import org.voronka.customfield.FieldDefinitions.GroupSpec;
import org.voronka.customfield.FieldGroup;
import org.voronka.customfield.FieldSpec;
import org.voronka.customfield.FieldSpec.EnumSpec;
import org.voronka.shared.Actor;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v4/{leads|contacts|companies}/custom_fields} and their {@code /groups}. */
@RestController
class CustomFieldApi {

    static final int MAX_BATCH = 50;

    private final FieldDefinitions definitions;
    private final ObjectMapper json;

    CustomFieldApi(FieldDefinitions definitions, ObjectMapper json) {
        this.definitions = definitions;
        this.json = json;
    }

    @GetMapping({"/api/v4/leads/custom_fields", "/api/v4/contacts/custom_fields", "/api/v4/companies/custom_fields"})
    ResponseEntity<Object> list(Actor actor, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        int limit = params.get("limit").intValue(50, 1, 250);
        int page = params.get("page").intValue(1, 1, 1_000_000);
        Params f = params.get("filter");
        List<String> types = f.get("type").all();
        List<Long> ids = f.get("id").longs();
        Comparator<CustomField> order = order(params.get("order"));
        List<CustomField> all = definitions.fields(actor.accountId(), EntityPath.of(request)).stream()
                .filter(c -> types.isEmpty() || types.contains(c.type()))
                .filter(c -> ids.isEmpty() || ids.contains(c.id()))
                .sorted(order).toList();
        int from = (page - 1) * limit;
        if (from >= all.size()) {
            return Hal.noContent();
        }
        List<Object> items = all.subList(from, Math.min(all.size(), from + limit)).stream().map(c -> (Object) field(c, actor)).toList();
        return Hal.ok(Hal.page("custom_fields", items, page, null, from + limit < all.size()));
    }

    private static Comparator<CustomField> order(Params order) {
        for (var e : order.children.entrySet()) {
            Comparator<CustomField> c = switch (e.getKey()) {
                case "sort" -> Comparator.<CustomField>comparingInt(CustomField::sort).thenComparingLong(CustomField::id);
                case "id" -> Comparator.comparingLong(CustomField::id);
                default -> throw ValidationException.of("0", "order[" + e.getKey() + "]", "NotSupportedChoice", "Order by sort or id");
            };
            String dir = e.getValue().first();
            if (dir != null && !dir.equalsIgnoreCase("asc") && !dir.equalsIgnoreCase("desc")) {
                throw ValidationException.of("0", "order[" + e.getKey() + "]", "NotSupportedChoice", "Order is asc or desc");
            }
            return "desc".equalsIgnoreCase(dir) ? c.reversed() : c;
        }
        return Comparator.<CustomField>comparingInt(CustomField::sort).thenComparingLong(CustomField::id);
    }

    @GetMapping({"/api/v4/leads/custom_fields/{id:\\d+}", "/api/v4/contacts/custom_fields/{id:\\d+}",
        "/api/v4/companies/custom_fields/{id:\\d+}"})
    ResponseEntity<Object> get(Actor actor, @PathVariable long id, HttpServletRequest request) {
        return definitions.field(actor.accountId(), EntityPath.of(request), id).map(f -> Hal.ok(field(f, actor)))
                .orElseGet(Hal::noContent);
    }

    @PostMapping({"/api/v4/leads/custom_fields", "/api/v4/contacts/custom_fields", "/api/v4/companies/custom_fields"})
    ResponseEntity<Object> create(Actor actor, @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, MAX_BATCH);
        List<FieldSpec> specs = items.stream().map(in -> spec(in, null)).toList();
        In.throwIfAny(problems);
        List<CustomField> created = definitions.create(actor, EntityPath.of(request), specs);
        return Hal.ok(Hal.collection("custom_fields", withRequestIds(created, specs, actor)));
    }

    @PatchMapping({"/api/v4/leads/custom_fields", "/api/v4/contacts/custom_fields", "/api/v4/companies/custom_fields"})
    ResponseEntity<Object> patchBatch(Actor actor, @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, MAX_BATCH);
        List<FieldSpec> specs = new ArrayList<>();
        for (In in : items) {
            Long id = LeadApi.requiredId(in, "id");
            if (id != null) {
                specs.add(spec(in, id));
            }
        }
        In.throwIfAny(problems);
        List<CustomField> updated = definitions.update(actor, EntityPath.of(request), specs);
        return Hal.ok(Hal.collection("custom_fields", withRequestIds(updated, specs, actor)));
    }

    @PatchMapping({"/api/v4/leads/custom_fields/{id:\\d+}", "/api/v4/contacts/custom_fields/{id:\\d+}",
        "/api/v4/companies/custom_fields/{id:\\d+}"})
    ResponseEntity<Object> patchOne(Actor actor, @PathVariable long id, @RequestBody(required = false) byte[] body,
                                    HttpServletRequest request) {
        List<Problem> problems = new ArrayList<>();
        FieldSpec spec = spec(In.single(Body.parse(json, body), problems), id);
        In.throwIfAny(problems);
        String entityType = EntityPath.of(request);
        definitions.field(actor.accountId(), entityType, id)
                .orElseThrow(() -> new org.voronka.shared.NotFoundException("field " + id));
        return Hal.ok(field(definitions.update(actor, entityType, List.of(spec)).get(0), actor));
    }

    @DeleteMapping({"/api/v4/leads/custom_fields/{id:\\d+}", "/api/v4/contacts/custom_fields/{id:\\d+}",
        "/api/v4/companies/custom_fields/{id:\\d+}"})
    ResponseEntity<Object> delete(Actor actor, @PathVariable long id, HttpServletRequest request) {
        definitions.delete(actor, EntityPath.of(request), id);
        return Hal.noContent();
    }

    private List<Object> withRequestIds(List<CustomField> fields, List<FieldSpec> specs, Actor actor) {
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            Map<String, Object> m = field(fields.get(i), actor);
            m.put("request_id", specs.get(i).requestId());
            result.add(m);
        }
        return result;
    }

    /** A field request; {@code id} null for a new field. */
    static FieldSpec spec(In in, Long id) {
        List<EnumSpec> enums = null;
        List<In> options = in.array("enums");
        if (options != null) {
            enums = new ArrayList<>();
            for (int i = 0; i < options.size(); i++) {
                In o = options.get(i);
                Long sort = o.integer("sort", 0, Integer.MAX_VALUE);
                enums.add(new EnumSpec(o.id("id"), o.string("value", 255), o.string("code", 64), sort == null ? null : sort.intValue(),
                        in.path("enums") + "." + i));
            }
        }
        String settings = null;
        JsonNode s = in.node().get("settings");
        if (s != null && !s.isNull()) {
            if (!s.isObject() && !s.isArray()) {
                in.problem("settings", "InvalidType", "Must be an object");
            } else if (s.toString().length() > 4000) {
                in.problem("settings", "TooLong", "At most 4000 characters of JSON");
            } else {
                settings = s.toString();
            }
        }
        Long sort = in.integer("sort", 0, Integer.MAX_VALUE);
        return new FieldSpec(in.requestId(), id, in.string("name", 255), in.string("type", 32), in.string("code", 64), in.has("code"),
                sort == null ? null : sort.intValue(), in.string("group_id", 64), in.has("group_id"), in.bool("is_api_only"),
                in.bool("is_required"), in.bool("is_visible"), statuses(in, "required_statuses"), statuses(in, "hidden_statuses"),
                enums, settings, in.has("settings"), in.string("remind", 16), in.string("currency", 3));
    }

    private static List<StatusRef> statuses(In in, String field) {
        if (in.isNull(field)) {
            return List.of();
        }
        List<In> items = in.array(field);
        if (items == null) {
            return null;
        }
        List<StatusRef> refs = new ArrayList<>();
        for (In i : items) {
            Long status = LeadApi.requiredId(i, "status_id");
            Long pipeline = LeadApi.requiredId(i, "pipeline_id");
            if (status != null && pipeline != null) {
                refs.add(new StatusRef(pipeline, status));
            }
        }
        return refs;
    }

    Map<String, Object> field(CustomField f, Actor actor) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("name", f.name());
        m.put("type", f.type());
        m.put("account_id", actor.accountId());
        m.put("code", f.code());
        m.put("sort", f.sort());
        m.put("is_api_only", f.apiOnly());
        List<Object> enums = new ArrayList<>();
        for (FieldEnum e : f.enums()) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("id", e.id());
            em.put("value", e.value());
            em.put("sort", e.sort());
            em.put("code", e.code());
            enums.add(em);
        }
        m.put("enums", f.hasEnums() ? enums : null);
        m.put("group_id", f.groupId());
        m.put("required_statuses", refs(f.requiredStatuses()));
        m.put("is_deletable", f.deletable() && !f.predefined());
        m.put("is_predefined", f.predefined());
        m.put("is_required", f.required());
        m.put("is_visible", f.visible());
        m.put("entity_type", f.entityType());
        m.put("tracking_callback", null);
        m.put("remind", f.remind());
        m.put("triggers", List.of());
        m.put("currency", f.currency());
        m.put("hidden_statuses", refs(f.hiddenStatuses()));
        m.put("chained_lists", null);
        m.put("settings", f.settings() == null ? null : json.readTree(f.settings()));
        m.put("_links", Hal.self("/api/v4/" + f.entityType() + "/custom_fields/" + f.id()));
        return m;
    }

    private static List<Object> refs(List<StatusRef> refs) {
        List<Object> list = new ArrayList<>();
        for (StatusRef r : refs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status_id", r.statusId());
            m.put("pipeline_id", r.pipelineId());
            list.add(m);
        }
        return list;
    }

    // ---- groups ----

    @GetMapping({"/api/v4/leads/custom_fields/groups", "/api/v4/contacts/custom_fields/groups",
        "/api/v4/companies/custom_fields/groups"})
    ResponseEntity<Object> groups(Actor actor, HttpServletRequest request) {
        List<FieldGroup> groups = definitions.groups(actor.accountId(), EntityPath.of(request));
        if (groups.isEmpty()) {
            return Hal.noContent();
        }
        return Hal.ok(Hal.collection("custom_field_groups", groups.stream().map(g -> (Object) group(g, actor)).toList()));
    }

    @GetMapping({"/api/v4/leads/custom_fields/groups/{id}", "/api/v4/contacts/custom_fields/groups/{id}",
        "/api/v4/companies/custom_fields/groups/{id}"})
    ResponseEntity<Object> group(Actor actor, @PathVariable String id, HttpServletRequest request) {
        return definitions.group(actor.accountId(), EntityPath.of(request), id).map(g -> Hal.ok(group(g, actor)))
                .orElseGet(Hal::noContent);
    }

    @PostMapping({"/api/v4/leads/custom_fields/groups", "/api/v4/contacts/custom_fields/groups",
        "/api/v4/companies/custom_fields/groups"})
    ResponseEntity<Object> createGroups(Actor actor, @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, MAX_BATCH);
        List<GroupSpec> specs = items.stream().map(CustomFieldApi::groupSpec).toList();
        In.throwIfAny(problems);
        List<FieldGroup> created = definitions.createGroups(actor, EntityPath.of(request), specs);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            Map<String, Object> m = group(created.get(i), actor);
            m.put("request_id", specs.get(i).requestId());
            result.add(m);
        }
        return Hal.ok(Hal.collection("custom_field_groups", result));
    }

    @PatchMapping({"/api/v4/leads/custom_fields/groups/{id}", "/api/v4/contacts/custom_fields/groups/{id}",
        "/api/v4/companies/custom_fields/groups/{id}"})
    ResponseEntity<Object> patchGroup(Actor actor, @PathVariable String id, @RequestBody(required = false) byte[] body,
                                      HttpServletRequest request) {
        List<Problem> problems = new ArrayList<>();
        GroupSpec spec = groupSpec(In.single(Body.parse(json, body), problems));
        In.throwIfAny(problems);
        return Hal.ok(group(definitions.updateGroup(actor, EntityPath.of(request), id, spec), actor));
    }

    @DeleteMapping({"/api/v4/leads/custom_fields/groups/{id}", "/api/v4/contacts/custom_fields/groups/{id}",
        "/api/v4/companies/custom_fields/groups/{id}"})
    ResponseEntity<Object> deleteGroup(Actor actor, @PathVariable String id, HttpServletRequest request) {
        definitions.deleteGroup(actor, EntityPath.of(request), id);
        return Hal.noContent();
    }

    private static GroupSpec groupSpec(In in) {
        Long sort = in.integer("sort", 0, Integer.MAX_VALUE);
        return new GroupSpec(in.requestId(), in.string("name", 255), sort == null ? null : sort.intValue());
    }

    private static Map<String, Object> group(FieldGroup g, Actor actor) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id());
        m.put("name", g.name());
        m.put("sort", g.sort());
        m.put("entity_type", g.entityType());
        m.put("is_predefined", false);
        m.put("account_id", actor.accountId());
        m.put("_links", Hal.self("/api/v4/" + g.entityType() + "/custom_fields/groups/" + g.id()));
        return m;
    }
}
