package org.voronka.customfield;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.customfield.CustomField.FieldEnum;
import org.voronka.customfield.CustomField.StatusRef;
import org.voronka.customfield.FieldSpec.EnumSpec;
import org.voronka.customfield.internal.FieldRepository;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;

/**
 * Field definitions and field groups of leads, contacts and companies, as administrators shape
 * them (the API and the settings page). A batch is checked as a whole before anything changes.
 */
@Service
public class FieldDefinitions {

    public static final List<String> ENTITY_TYPES = List.of("leads", "contacts", "companies");
    public static final int MAX_FIELDS = 500;
    public static final int MAX_ENUMS = 500;
    public static final int MAX_GROUPS = 50;

    private final FieldRepository repository;
    private final PipelineManagement pipelines;
    private final Ids ids;

    FieldDefinitions(FieldRepository repository, PipelineManagement pipelines, Ids ids) {
        this.repository = repository;
        this.pipelines = pipelines;
        this.ids = ids;
    }

    @Transactional(readOnly = true)
    public List<CustomField> fields(long accountId, String entityType) {
        return live(accountId, repository.fields(accountId, entityType));
    }

    @Transactional(readOnly = true)
    public Optional<CustomField> field(long accountId, String entityType, long id) {
        return repository.field(accountId, id).filter(f -> f.entityType().equals(entityType))
                .map(f -> live(accountId, List.of(f)).get(0));
    }

    /** Stages deleted since a field listed them are left out (they can never be entered again). */
    private List<CustomField> live(long accountId, List<CustomField> fields) {
        if (fields.stream().allMatch(f -> f.requiredStatuses().isEmpty() && f.hiddenStatuses().isEmpty())) {
            return fields;
        }
        Set<StatusRef> stages = new HashSet<>();
        pipelines.pipelines(accountId).forEach(p -> p.stages().forEach(s -> stages.add(new StatusRef(p.id(), s.id()))));
        return fields.stream().map(f -> new CustomField(f.id(), f.entityType(), f.name(), f.code(), f.type(), f.sort(),
                f.predefined(), f.enums(), f.groupId(), f.apiOnly(), f.deletable(), f.visible(), f.required(),
                f.requiredStatuses().stream().filter(stages::contains).toList(),
                f.hiddenStatuses().stream().filter(stages::contains).toList(), f.settings(), f.remind(), f.currency())).toList();
    }

    @Transactional
    public List<CustomField> create(Actor actor, String entityType, List<FieldSpec> specs) {
        requireAdmin(actor);
        long accountId = actor.accountId();
        List<CustomField> existing = repository.fields(accountId, entityType);
        if (existing.size() + specs.size() > MAX_FIELDS) {
            throw new RuleViolationException("LimitExceeded", "", "At most " + MAX_FIELDS + " fields per entity type");
        }
        Context ctx = context(accountId, entityType, existing);
        List<Problem> problems = new ArrayList<>();
        int sort = existing.stream().mapToInt(CustomField::sort).max().orElse(0);
        List<CustomField> created = new ArrayList<>();
        for (FieldSpec s : specs) {
            String rid = s.requestId();
            String type = s.type() == null ? null : s.type().trim().toLowerCase(Locale.ROOT);
            if (s.name() == null || s.name().isBlank()) {
                problems.add(new Problem(rid, "name", "NotBlank", "This value should not be blank."));
            }
            if (type == null || type.isBlank()) {
                problems.add(new Problem(rid, "type", "NotBlank", "This value should not be blank."));
            } else if (!FieldTypes.CREATABLE.contains(type)) {
                problems.add(new Problem(rid, "type", "NotSupportedChoice", "Types: " + String.join(", ", FieldTypes.CREATABLE)));
                type = null;
            } else if ("multitext".equals(type) && "leads".equals(entityType)) {
                problems.add(new Problem(rid, "type", "NotSupportedChoice", "multitext fields belong to contacts and companies"));
                type = null;
            }
            String code = code(s.code(), rid, ctx, 0, problems);
            List<FieldEnum> enums = List.of();
            if (type != null) {
                if (FieldTypes.hasEnums(type)) {
                    List<EnumSpec> given = s.enums();
                    if ((given == null || given.isEmpty()) && "multitext".equals(type)) {
                        given = List.of(new EnumSpec(null, "WORK", "WORK", null, "enums.0"),
                                new EnumSpec(null, "OTHER", "OTHER", null, "enums.1"));
                    }
                    if (given == null || given.isEmpty()) {
                        problems.add(new Problem(rid, "enums", "NotBlank", "A " + type + " field needs options"));
                    } else {
                        enums = enums(given, List.of(), rid, problems);
                    }
                } else if (s.enums() != null && !s.enums().isEmpty()) {
                    problems.add(new Problem(rid, "enums", "InvalidValue", "A " + type + " field has no options"));
                }
            }
            checkGroup(s.groupId(), rid, ctx, problems);
            List<StatusRef> required = statuses(s.requiredStatuses(), "required_statuses", rid, ctx, problems);
            List<StatusRef> hidden = statuses(s.hiddenStatuses(), "hidden_statuses", rid, ctx, problems);
            if (!"leads".equals(entityType) && !required.isEmpty()) {
                problems.add(new Problem(rid, "required_statuses", "InvalidValue", "Only deal fields are required per stage"));
            }
            if (s.remind() != null && !List.of("never", "day", "week", "month").contains(s.remind())) {
                problems.add(new Problem(rid, "remind", "NotSupportedChoice", "never, day, week or month"));
            }
            if (s.currency() != null && !s.currency().matches("[A-Z]{3}")) {
                problems.add(new Problem(rid, "currency", "InvalidValue", "An ISO 4217 code such as RUB"));
            }
            sort = s.sort() != null ? Math.max(sort, s.sort()) : sort + 1;
            if (problems.isEmpty()) {
                created.add(new CustomField(0, entityType, s.name().trim(), code, type, s.sort() != null ? s.sort() : sort, false,
                        enums, s.groupId(), Boolean.TRUE.equals(s.apiOnly()), true, !Boolean.FALSE.equals(s.visible()),
                        Boolean.TRUE.equals(s.required()), required, hidden, s.settings(), s.remind(), s.currency()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        List<Long> fieldIds = ids.next("field_seq", created.size());
        List<CustomField> result = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            CustomField f = numbered(created.get(i), fieldIds.get(i));
            repository.insertField(accountId, f);
            result.add(f);
        }
        return result;
    }

    @Transactional
    public List<CustomField> update(Actor actor, String entityType, List<FieldSpec> specs) {
        requireAdmin(actor);
        long accountId = actor.accountId();
        List<CustomField> existing = repository.fields(accountId, entityType);
        Map<Long, CustomField> byId = new LinkedHashMap<>();
        existing.forEach(f -> byId.put(f.id(), f));
        Context ctx = context(accountId, entityType, existing);
        List<Problem> problems = new ArrayList<>(ValidationException.duplicateIds(specs, FieldSpec::id, FieldSpec::requestId, "Field"));
        List<CustomField> changed = new ArrayList<>();
        for (FieldSpec s : specs) {
            String rid = s.requestId();
            CustomField f = byId.get(s.id());
            if (f == null) {
                problems.add(new Problem(rid, "id", "NotFound", "Field " + s.id() + " does not exist"));
                continue;
            }
            if (s.type() != null && !s.type().equalsIgnoreCase(f.type())) {
                problems.add(new Problem(rid, "type", "ReadOnly", "The type of a field cannot change"));
            }
            if (s.name() != null && s.name().isBlank()) {
                problems.add(new Problem(rid, "name", "NotBlank", "This value should not be blank."));
            }
            String code = f.code();
            if (s.codeGiven() && !Objects.equals(s.code(), f.code())) {
                if (f.predefined()) {
                    problems.add(new Problem(rid, "code", "ReadOnly", "The code of a predefined field cannot change"));
                } else {
                    code = code(s.code(), rid, ctx, f.id(), problems);
                }
            }
            List<FieldEnum> enums = f.enums();
            if (s.enums() != null) {
                if (f.predefined()) {
                    problems.add(new Problem(rid, "enums", "ReadOnly", "The options of a predefined field cannot change"));
                } else if (!f.hasEnums()) {
                    problems.add(new Problem(rid, "enums", "InvalidValue", "A " + f.type() + " field has no options"));
                } else if (s.enums().isEmpty()) {
                    problems.add(new Problem(rid, "enums", "NotBlank", "A " + f.type() + " field needs options"));
                } else {
                    enums = enums(s.enums(), f.enums(), rid, problems);
                }
            }
            String group = s.groupGiven() ? s.groupId() : f.groupId();
            if (s.groupGiven()) {
                checkGroup(s.groupId(), rid, ctx, problems);
            }
            List<StatusRef> required = s.requiredStatuses() == null ? f.requiredStatuses()
                    : statuses(s.requiredStatuses(), "required_statuses", rid, ctx, problems);
            List<StatusRef> hidden = s.hiddenStatuses() == null ? f.hiddenStatuses()
                    : statuses(s.hiddenStatuses(), "hidden_statuses", rid, ctx, problems);
            if (!"leads".equals(entityType) && !required.isEmpty()) {
                problems.add(new Problem(rid, "required_statuses", "InvalidValue", "Only deal fields are required per stage"));
            }
            if (problems.isEmpty()) {
                changed.add(new CustomField(f.id(), entityType, s.name() != null ? s.name().trim() : f.name(), code, f.type(),
                        s.sort() != null ? s.sort() : f.sort(), f.predefined(), enums, group,
                        s.apiOnly() != null ? s.apiOnly() : f.apiOnly(), f.deletable(), s.visible() != null ? s.visible() : f.visible(),
                        s.required() != null ? s.required() : f.required(), required, hidden,
                        s.settingsGiven() ? s.settings() : f.settings(), s.remind() != null ? s.remind() : f.remind(),
                        s.currency() != null ? s.currency() : f.currency()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        List<CustomField> result = new ArrayList<>();
        for (CustomField f : changed) {
            List<FieldEnum> fresh = f.enums().stream().filter(e -> e.id() == 0).toList();
            List<FieldEnum> enums = f.enums();
            if (!fresh.isEmpty()) {
                List<Long> enumIds = new ArrayList<>(ids.next("field_enum_seq", fresh.size()));
                enums = f.enums().stream().map(e -> e.id() != 0 ? e : new FieldEnum(enumIds.remove(0), e.value(), e.code(), e.sort()))
                        .toList();
            }
            CustomField stored = withEnums(f, enums);
            repository.updateField(accountId, stored, byId.get(f.id()).enums().stream().map(FieldEnum::id).toList());
            result.add(stored);
        }
        return result;
    }

    /** Deletes a field and all its values; predefined fields (phone, e-mail) stay. */
    @Transactional
    public void delete(Actor actor, String entityType, long id) {
        requireAdmin(actor);
        CustomField f = field(actor.accountId(), entityType, id).orElseThrow(() -> new NotFoundException("field " + id));
        if (!f.deletable() || f.predefined()) {
            throw new RuleViolationException("NotDeletable", "id", "Field " + id + " is predefined and cannot be deleted");
        }
        repository.deleteField(actor.accountId(), id);
    }

    // ---- groups ----

    @Transactional(readOnly = true)
    public List<FieldGroup> groups(long accountId, String entityType) {
        return repository.groups(accountId, entityType);
    }

    @Transactional(readOnly = true)
    public Optional<FieldGroup> group(long accountId, String entityType, String id) {
        return repository.groups(accountId, entityType).stream().filter(g -> g.id().equals(id)).findFirst();
    }

    /** Groups to create: (requestId, name, sort or null). */
    @Transactional
    public List<FieldGroup> createGroups(Actor actor, String entityType, List<GroupSpec> specs) {
        requireAdmin(actor);
        long accountId = actor.accountId();
        List<FieldGroup> existing = repository.groups(accountId, entityType);
        if (existing.size() + specs.size() > MAX_GROUPS) {
            throw new RuleViolationException("LimitExceeded", "", "At most " + MAX_GROUPS + " field groups per entity type");
        }
        List<Problem> problems = new ArrayList<>();
        for (GroupSpec g : specs) {
            if (g.name() == null || g.name().isBlank()) {
                problems.add(new Problem(g.requestId(), "name", "NotBlank", "This value should not be blank."));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        int sort = existing.stream().mapToInt(FieldGroup::sort).max().orElse(0);
        List<FieldGroup> created = new ArrayList<>();
        for (GroupSpec g : specs) {
            sort = g.sort() != null ? Math.max(sort, g.sort()) : sort + 1;
            FieldGroup group = new FieldGroup(entityType + "_" + ids.next("field_group_seq"), entityType, g.name().trim(),
                    g.sort() != null ? g.sort() : sort);
            repository.insertGroup(accountId, group);
            created.add(group);
        }
        return created;
    }

    @Transactional
    public FieldGroup updateGroup(Actor actor, String entityType, String id, GroupSpec spec) {
        requireAdmin(actor);
        FieldGroup g = group(actor.accountId(), entityType, id).orElseThrow(() -> new NotFoundException("field group " + id));
        if (spec.name() != null && spec.name().isBlank()) {
            throw ValidationException.of(spec.requestId(), "name", "NotBlank", "This value should not be blank.");
        }
        FieldGroup next = new FieldGroup(g.id(), entityType, spec.name() != null ? spec.name().trim() : g.name(),
                spec.sort() != null ? spec.sort() : g.sort());
        repository.updateGroup(actor.accountId(), next);
        return next;
    }

    /** Deletes a group; its fields stay, in the main group. */
    @Transactional
    public void deleteGroup(Actor actor, String entityType, String id) {
        requireAdmin(actor);
        group(actor.accountId(), entityType, id).orElseThrow(() -> new NotFoundException("field group " + id));
        repository.deleteGroup(actor.accountId(), id);
    }

    public record GroupSpec(String requestId, String name, Integer sort) {}

    // ---- checks ----

    private record Context(long accountId, String entityType, Map<Long, Pipeline> pipelines, Set<String> groupIds,
                           Map<String, Long> codes) {}

    private Context context(long accountId, String entityType, List<CustomField> existing) {
        Map<Long, Pipeline> byId = new LinkedHashMap<>();
        Set<String> groupIds = new HashSet<>();
        repository.groups(accountId, entityType).forEach(g -> groupIds.add(g.id()));
        Map<String, Long> codes = new LinkedHashMap<>();
        existing.stream().filter(f -> f.code() != null).forEach(f -> codes.put(f.code().toUpperCase(Locale.ROOT), f.id()));
        return new Context(accountId, entityType, byId, groupIds, codes);
    }

    private Map<Long, Pipeline> pipelines(Context ctx) {
        if (ctx.pipelines().isEmpty()) {
            pipelines.pipelines(ctx.accountId()).forEach(p -> ctx.pipelines().put(p.id(), p));
        }
        return ctx.pipelines();
    }

    /** A field code: letters, digits and underscores, unique within the entity type (and the batch). */
    private static String code(String code, String rid, Context ctx, long fieldId, List<Problem> problems) {
        if (code == null || code.isBlank()) {
            return null;
        }
        String c = code.trim().toUpperCase(Locale.ROOT);
        if (!c.matches("[A-Z0-9_]{1,64}")) {
            problems.add(new Problem(rid, "code", "InvalidValue", "Latin letters, digits and _; at most 64"));
            return null;
        }
        Long owner = ctx.codes().get(c);
        if (owner != null && owner != fieldId) {
            problems.add(new Problem(rid, "code", "NotUnique", "Another field already has the code " + c));
            return null;
        }
        ctx.codes().put(c, fieldId == 0 ? -1L : fieldId);
        return c;
    }

    private static void checkGroup(String groupId, String rid, Context ctx, List<Problem> problems) {
        if (groupId != null && !ctx.groupIds().contains(groupId)) {
            problems.add(new Problem(rid, "group_id", "NotSupportedChoice", "There is no field group " + groupId));
        }
    }

    private List<StatusRef> statuses(List<StatusRef> refs, String field, String rid, Context ctx, List<Problem> problems) {
        if (refs == null || refs.isEmpty()) {
            return List.of();
        }
        Map<Long, Pipeline> byId = pipelines(ctx);
        for (int i = 0; i < refs.size(); i++) {
            StatusRef r = refs.get(i);
            Pipeline p = byId.get(r.pipelineId());
            if (p == null) {
                problems.add(new Problem(rid, field + "." + i + ".pipeline_id", "NotSupportedChoice",
                        "Pipeline " + r.pipelineId() + " does not exist"));
            } else if (p.stage(r.statusId()).isEmpty()) {
                problems.add(new Problem(rid, field + "." + i + ".status_id", "NotSupportedChoice",
                        "Pipeline " + r.pipelineId() + " has no stage " + r.statusId()));
            }
        }
        return refs.stream().distinct().toList();
    }

    /** The new option list: options with an id must be the field's own; values unique, not blank. */
    private static List<FieldEnum> enums(List<EnumSpec> given, List<FieldEnum> current, String rid, List<Problem> problems) {
        if (given.size() > MAX_ENUMS) {
            problems.add(new Problem(rid, "enums", "TooManyItems", "At most " + MAX_ENUMS + " options"));
            return List.of();
        }
        List<FieldEnum> result = new ArrayList<>();
        Set<String> values = new HashSet<>();
        Set<Long> seenIds = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            EnumSpec e = given.get(i);
            if (e.id() != null && (current.stream().noneMatch(c -> c.id() == e.id()) || !seenIds.add(e.id()))) {
                problems.add(new Problem(rid, e.path() + ".id", "NotSupportedChoice", "The field has no option " + e.id()));
                continue;
            }
            FieldEnum old = e.id() == null ? null : current.stream().filter(c -> c.id() == e.id()).findFirst().orElseThrow();
            String value = e.value() != null ? e.value().trim() : old != null ? old.value() : null;
            if (value == null || value.isEmpty()) {
                problems.add(new Problem(rid, e.path() + ".value", "NotBlank", "This value should not be blank."));
                continue;
            }
            if (value.length() > 255) {
                problems.add(new Problem(rid, e.path() + ".value", "TooLong", "At most 255 characters"));
                continue;
            }
            if (!values.add(value.toLowerCase(Locale.ROOT))) {
                problems.add(new Problem(rid, e.path() + ".value", "NotUnique", "Two options are called \"" + value + "\""));
                continue;
            }
            String code = e.code() != null ? (e.code().isBlank() ? null : e.code().trim()) : old != null ? old.code() : null;
            if (code != null && code.length() > 64) {
                problems.add(new Problem(rid, e.path() + ".code", "TooLong", "At most 64 characters"));
                continue;
            }
            int sort = e.sort() != null ? e.sort() : (i + 1) * 10;
            result.add(new FieldEnum(old != null ? old.id() : 0, value, code, sort));
        }
        result.sort(java.util.Comparator.comparingInt(FieldEnum::sort)); // stable: equal sorts keep the request's order
        return result;
    }

    private CustomField numbered(CustomField f, long id) {
        List<FieldEnum> enums = f.enums();
        if (!enums.isEmpty()) {
            List<Long> enumIds = ids.next("field_enum_seq", enums.size());
            List<FieldEnum> numbered = new ArrayList<>();
            for (int i = 0; i < enums.size(); i++) {
                FieldEnum e = enums.get(i);
                numbered.add(new FieldEnum(enumIds.get(i), e.value(), e.code(), e.sort()));
            }
            enums = numbered;
        }
        return new CustomField(id, f.entityType(), f.name(), f.code(), f.type(), f.sort(), f.predefined(), enums, f.groupId(),
                f.apiOnly(), f.deletable(), f.visible(), f.required(), f.requiredStatuses(), f.hiddenStatuses(), f.settings(),
                f.remind(), f.currency());
    }

    private static CustomField withEnums(CustomField f, List<FieldEnum> enums) {
        return new CustomField(f.id(), f.entityType(), f.name(), f.code(), f.type(), f.sort(), f.predefined(), enums, f.groupId(),
                f.apiOnly(), f.deletable(), f.visible(), f.required(), f.requiredStatuses(), f.hiddenStatuses(), f.settings(),
                f.remind(), f.currency());
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.admin()) {
            throw new ForbiddenException("Only an administrator may change custom fields");
        }
    }
}
