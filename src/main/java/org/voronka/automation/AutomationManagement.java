package org.voronka.automation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.AccountManagement;
import org.voronka.automation.internal.AutomationRepository;
import org.voronka.automation.internal.DateSchedule;
import org.voronka.customfield.CustomField;
import org.voronka.customfield.FieldTypes;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.DealManagement;
import org.voronka.deal.LossReasons;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.webhook.WebhookManagement;

/**
 * The facade for stage automation: rules are read by everyone and changed by administrators;
 * every rule is validated completely when saved, so a run never meets a malformed rule.
 */
@Service
public class AutomationManagement {

    private static final int MAX_MINUTES = 366 * 24 * 60;
    private static final Set<String> PRICE_OPS = Set.of("gte", "lte", "eq");
    private static final Set<String> ID_OPS = Set.of("in", "not_in");
    private static final Set<String> TAG_OPS = Set.of("has", "has_not");
    private static final List<String> FIELD_OPS = List.of("eq", "not_eq", "contains", "gte", "lte", "in", "not_in", "empty", "not_empty");

    private final AutomationRepository repository;
    private final PipelineManagement pipelines;
    private final AccountManagement accounts;
    private final LossReasons lossReasons;
    private final Ids ids;
    private final Clock clock;
    private final FieldValues fields;
    private final DateSchedule dates;

    AutomationManagement(AutomationRepository repository, PipelineManagement pipelines, AccountManagement accounts, LossReasons lossReasons,
                         Ids ids, Clock clock, FieldValues fields, DateSchedule dates) {
        this.fields = fields;
        this.dates = dates;
        this.repository = repository;
        this.pipelines = pipelines;
        this.accounts = accounts;
        this.lossReasons = lossReasons;
        this.ids = ids;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Rule> rules(long accountId, Long pipelineId) {
        return repository.rules(accountId, pipelineId);
    }

    @Transactional(readOnly = true)
    public Optional<Rule> rule(long accountId, long id) {
        return repository.rule(accountId, id);
    }

    @Transactional
    public List<Rule> create(Actor actor, List<RuleDraft> drafts) {
        requireAdmin(actor);
        Instant now = clock.instant();
        List<Problem> problems = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        List<Long> newIds = ids.next("automation_rule_seq", drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            RuleDraft d = drafts.get(i);
            Rule r = new Rule(actor.accountId(), newIds.get(i), nz(d.pipelineId()), nz(d.statusId()), d.name(), d.trigger(),
                    d.triggerMinutes(), d.conditions() == null ? Map.of("match", "all", "items", List.of()) : d.conditions(),
                    d.delayMinutes() == null ? 0 : d.delayMinutes(), d.actions(), d.sort() == null ? 0 : d.sort(),
                    Boolean.TRUE.equals(d.paused()), null, actor.userId(), now, now, Boolean.TRUE.equals(d.waitForWorkingHours()),
                    fieldTriggered(d.trigger()) ? d.triggerField() : null, fieldTriggered(d.trigger()) ? d.triggerValue() : null);
            validate(actor.accountId(), d.requestId(), r, problems);
            rules.add(r);
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        rules.forEach(repository::insert);
        rules.forEach(r -> dates.saved(null, r, now));
        return rules;
    }

    @Transactional
    public List<Rule> update(Actor actor, List<RuleDraft> drafts) {
        requireAdmin(actor);
        Instant now = clock.instant();
        List<Problem> problems = new ArrayList<>(ValidationException.duplicateIds(drafts, RuleDraft::id, RuleDraft::requestId, "rule"));
        List<Rule> rules = new ArrayList<>();
        List<Rule> before = new ArrayList<>();
        for (RuleDraft d : drafts) {
            Optional<Rule> found = d.id() == null ? Optional.empty() : repository.rule(actor.accountId(), d.id());
            if (found.isEmpty()) {
                problems.add(new Problem(d.requestId(), "id", "NotFound", "Rule " + d.id() + " does not exist"));
                continue;
            }
            Rule o = found.get();
            boolean resumed = Boolean.FALSE.equals(d.paused());
            String trigger = d.trigger() == null ? o.trigger() : d.trigger();
            boolean keepField = d.trigger() == null && d.triggerField() == null;
            String triggerField = keepField ? o.triggerField() : d.triggerField();
            String triggerValue = keepField && d.triggerValue() == null ? o.triggerValue() : d.triggerValue();
            Rule r = new Rule(o.accountId(), o.id(), d.pipelineId() == null ? o.pipelineId() : d.pipelineId(),
                    d.statusId() == null ? o.statusId() : d.statusId(), d.name() == null ? o.name() : d.name(),
                    d.trigger() == null ? o.trigger() : d.trigger(), d.trigger() == null && d.triggerMinutes() == null ? o.triggerMinutes()
                    : d.triggerMinutes(), d.conditions() == null ? o.conditions() : d.conditions(),
                    d.delayMinutes() == null ? o.delayMinutes() : d.delayMinutes(), d.actions() == null ? o.actions() : d.actions(),
                    d.sort() == null ? o.sort() : d.sort(), d.paused() == null ? o.paused() : d.paused(),
                    resumed ? null : o.flaggedReason(), o.createdBy(), o.createdAt(), now,
                    d.waitForWorkingHours() == null ? o.waitForWorkingHours() : d.waitForWorkingHours(),
                    fieldTriggered(trigger) ? triggerField : null, fieldTriggered(trigger) ? triggerValue : null);
            validate(actor.accountId(), d.requestId(), r, problems);
            rules.add(r);
            before.add(o);
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        rules.forEach(repository::update);
        for (int i = 0; i < rules.size(); i++) {
            dates.saved(before.get(i), rules.get(i), now);
        }
        return rules;
    }

    /**
     * A copy of the rule under another stage (of any pipeline), placed last there, paused as the
     * original is. A move without a pipeline keeps meaning the original's pipeline.
     */
    @Transactional
    public Rule copy(Actor actor, long id, long pipelineId, long statusId) {
        requireAdmin(actor);
        Rule o = repository.rule(actor.accountId(), id).orElseThrow(() -> new NotFoundException("rule " + id));
        List<Map<String, Object>> actions = new ArrayList<>();
        for (Map<String, Object> a : o.actions()) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>(a);
            if ("move".equals(a.get("type")) && a.get("pipeline_id") == null) {
                copy.put("pipeline_id", o.pipelineId());
            }
            actions.add(copy);
        }
        int sort = stageRules(actor.accountId(), pipelineId, statusId).stream().mapToInt(Rule::sort).max().orElse(-1) + 1;
        return create(actor, List.of(new RuleDraft("0", null, o.name(), pipelineId, statusId, o.trigger(), o.triggerMinutes(), o.conditions(),
                o.delayMinutes(), actions, sort, o.paused(), o.waitForWorkingHours(), o.triggerField(), o.triggerValue()))).get(0);
    }

    /** Moves the rule one place up or down among the rules of its stage (the order they run in for the same firing). */
    @Transactional
    public void reorder(Actor actor, long id, boolean up) {
        requireAdmin(actor);
        Rule rule = repository.rule(actor.accountId(), id).orElseThrow(() -> new NotFoundException("rule " + id));
        List<Rule> stage = new ArrayList<>(stageRules(actor.accountId(), rule.pipelineId(), rule.statusId()));
        int at = stage.indexOf(stage.stream().filter(r -> r.id() == id).findFirst().orElseThrow());
        int to = up ? at - 1 : at + 1;
        if (to < 0 || to >= stage.size()) {
            return;
        }
        stage.set(at, stage.get(to));
        stage.set(to, rule);
        for (int i = 0; i < stage.size(); i++) {
            if (stage.get(i).sort() != i) {
                repository.sort(actor.accountId(), stage.get(i).id(), i);
            }
        }
    }

    private List<Rule> stageRules(long accountId, long pipelineId, long statusId) {
        return repository.rules(accountId, pipelineId).stream().filter(r -> r.statusId() == statusId).toList();
    }

    @Transactional
    public void delete(Actor actor, long id) {
        requireAdmin(actor);
        if (!repository.delete(actor.accountId(), id)) {
            throw new NotFoundException("rule " + id);
        }
    }

    /** A rule's runs, newest first; {@code state} pending, done, skipped, failed or null for all. */
    @Transactional(readOnly = true)
    public List<Run> runs(long accountId, long ruleId, String state, int offset, int limit) {
        repository.rule(accountId, ruleId).orElseThrow(() -> new NotFoundException("rule " + ruleId));
        return repository.runs(accountId, ruleId, state, offset, limit);
    }

    // ---- validation ----

    private void validate(long accountId, String rid, Rule r, List<Problem> problems) {
        if (r.name() == null || r.name().isBlank()) {
            problems.add(new Problem(rid, "name", "NotBlank", "A rule needs a name"));
        } else if (r.name().length() > 255) {
            problems.add(new Problem(rid, "name", "TooLong", "At most 255 characters"));
        }
        Optional<Pipeline> pipeline = pipelines.pipeline(accountId, r.pipelineId());
        if (pipeline.isEmpty()) {
            problems.add(new Problem(rid, "pipeline_id", "NotFound", "Pipeline " + r.pipelineId() + " does not exist"));
        } else if (pipeline.get().stage(r.statusId()).isEmpty()) {
            problems.add(new Problem(rid, "status_id", "NotFound", "Stage " + r.statusId() + " is not in pipeline " + r.pipelineId()));
        }
        if (!Rule.TRIGGERS.contains(r.trigger())) {
            problems.add(new Problem(rid, "trigger", "NotSupportedChoice", "One of " + String.join(", ", Rule.TRIGGERS)));
        } else if ("stayed".equals(r.trigger()) && (r.triggerMinutes() == null || r.triggerMinutes() < 1 || r.triggerMinutes() > MAX_MINUTES)) {
            problems.add(new Problem(rid, "trigger_minutes", "OutOfRange", "Minutes in the stage: 1 to " + MAX_MINUTES));
        } else if ("field_changed".equals(r.trigger())) {
            validateFieldTrigger(accountId, rid, r, problems);
        } else if ("date_field".equals(r.trigger())) {
            Optional<CustomField> f = leadField(accountId, r.triggerField());
            check(f.isPresent() && ("date".equals(f.get().type()) || "date_time".equals(f.get().type())), rid, "trigger_field",
                    "A lead custom field of type date or date_time", problems);
            check(r.triggerMinutes() != null && Math.abs((long) r.triggerMinutes()) <= MAX_MINUTES, rid, "trigger_minutes",
                    "Minutes from the date: -" + MAX_MINUTES + " (before) to " + MAX_MINUTES + " (after)", problems);
        }
        if (r.delayMinutes() < 0 || r.delayMinutes() > MAX_MINUTES) {
            problems.add(new Problem(rid, "delay_minutes", "OutOfRange", "0 to " + MAX_MINUTES));
        }
        validateConditions(accountId, rid, r.conditions(), problems);
        if (r.actions() == null || r.actions().isEmpty() || r.actions().size() > 10) {
            problems.add(new Problem(rid, "actions", "OutOfRange", "A rule has 1 to 10 actions"));
            return;
        }
        for (int i = 0; i < r.actions().size(); i++) {
            validateAction(accountId, rid, "actions[" + i + "].", r.actions().get(i), pipeline.orElse(null), problems);
        }
    }

    /** price (the value a number), name, or a lead custom field; the value at most 255 characters. */
    private void validateFieldTrigger(long accountId, String rid, Rule r, List<Problem> problems) {
        String field = r.triggerField();
        boolean own = "price".equals(field) || "name".equals(field);
        check(own || leadField(accountId, field).isPresent(), rid, "trigger_field", "price, name or a lead custom field id", problems);
        String value = r.triggerValue();
        if (value != null) {
            check(value.length() <= 255, rid, "trigger_value", "At most 255 characters", problems);
            check(!"price".equals(field) || isNumber(value), rid, "trigger_value", "A number (the budget)", problems);
        }
    }

    private Optional<CustomField> leadField(long accountId, Object id) {
        String text = id == null ? null : String.valueOf(id);
        if (text == null || !text.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        long fieldId = Long.parseLong(text);
        return fields.fields(accountId, DealManagement.ENTITY).stream().filter(f -> f.id() == fieldId).findFirst();
    }

    private static boolean isNumber(String s) {
        try {
            new java.math.BigDecimal(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean fieldTriggered(String trigger) {
        return "field_changed".equals(trigger) || "date_field".equals(trigger);
    }

    @SuppressWarnings("unchecked")
    private void validateConditions(long accountId, String rid, Map<String, Object> conditions, List<Problem> problems) {
        Object match = conditions.getOrDefault("match", "all");
        if (!"all".equals(match) && !"any".equals(match)) {
            problems.add(new Problem(rid, "conditions.match", "NotSupportedChoice", "all or any"));
        }
        Object items = conditions.getOrDefault("items", List.of());
        if (!(items instanceof List<?> list)) {
            problems.add(new Problem(rid, "conditions.items", "InvalidType", "Must be an array"));
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "conditions.items[" + i + "].";
            if (!(list.get(i) instanceof Map<?, ?> raw)) {
                problems.add(new Problem(rid, path, "InvalidType", "Must be an object"));
                continue;
            }
            Map<String, Object> c = (Map<String, Object>) raw;
            String field = String.valueOf(c.get("field"));
            String op = String.valueOf(c.get("op"));
            Object value = c.get("value");
            switch (field) {
                case "price" -> {
                    check(PRICE_OPS.contains(op), rid, path + "op", "gte, lte or eq", problems);
                    check(value instanceof Number, rid, path + "value", "A number", problems);
                }
                case "responsible_user_id", "group_id" -> {
                    check(ID_OPS.contains(op), rid, path + "op", "in or not_in", problems);
                    boolean ids = value instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(v -> v instanceof Number);
                    check(ids, rid, path + "value", "A non-empty array of ids", problems);
                    if (ids && field.equals("responsible_user_id")) {
                        List<Long> users = ((List<?>) value).stream().map(v -> ((Number) v).longValue()).toList();
                        check(accounts.existingUserIds(accountId, users).size() == users.stream().distinct().count(), rid,
                                path + "value", "Unknown user", problems);
                    }
                }
                case "tag" -> {
                    check(TAG_OPS.contains(op), rid, path + "op", "has or has_not", problems);
                    check(value instanceof String s && !s.isBlank(), rid, path + "value", "A tag name", problems);
                }
                case "working_hours" -> check("within".equals(op) || "outside".equals(op), rid, path + "op", "within or outside", problems);
                case "custom_field" -> validateFieldCondition(accountId, rid, path, c, problems);
                default -> problems.add(new Problem(rid, path + "field", "NotSupportedChoice",
                        "One of price, responsible_user_id, group_id, tag, working_hours, custom_field"));
            }
        }
    }

    /**
     * {@code {"field": "custom_field", "field_id": id, "op": …, "value": …}}: eq / not_eq (a value or an option id),
     * contains (text), gte / lte (numbers, dates as epoch seconds), in / not_in (an array; user fields: user ids), empty / not_empty.
     */
    private void validateFieldCondition(long accountId, String rid, String path, Map<String, Object> c, List<Problem> problems) {
        Optional<CustomField> f = leadField(accountId, c.get("field_id"));
        check(f.isPresent(), rid, path + "field_id", "A lead custom field id", problems);
        String op = String.valueOf(c.get("op"));
        Object value = c.get("value");
        if (!FIELD_OPS.contains(op)) {
            problems.add(new Problem(rid, path + "op", "NotSupportedChoice", "One of " + String.join(", ", FIELD_OPS)));
            return;
        }
        switch (op) {
            case "eq", "not_eq" -> check(value instanceof String || value instanceof Number || value instanceof Boolean, rid, path + "value",
                    "A value (text, number, true/false or an option id)", problems);
            case "contains" -> check(value instanceof String s && !s.isBlank(), rid, path + "value", "A text", problems);
            case "gte", "lte" -> check(value instanceof Number, rid, path + "value", "A number (dates: epoch seconds)", problems);
            case "in", "not_in" -> check(value instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(v -> v instanceof Number
                    || v instanceof String), rid, path + "value", "A non-empty array of values (user fields: user ids)", problems);
            default -> { }
        }
        if (f.isPresent() && ("gte".equals(op) || "lte".equals(op))) {
            check(FieldTypes.isNumeric(f.get().type()), rid, path + "op", "gte and lte compare number and date fields", problems);
        }
    }

    @SuppressWarnings("unchecked")
    private void validateAction(long accountId, String rid, String path, Map<String, Object> a, Pipeline rulePipeline, List<Problem> problems) {
        String type = String.valueOf(a.get("type"));
        switch (type) {
            case "create_task" -> {
                check(a.get("text") instanceof String s && !s.isBlank() && s.length() <= 4000, rid, path + "text",
                        "The task's text, 1 to 4000 characters", problems);
                Object responsible = a.getOrDefault("responsible", "deal");
                boolean assigned = "round_robin".equals(responsible) || "least_busy".equals(responsible);
                check("deal".equals(responsible) || assigned || responsible instanceof Number n
                        && !accounts.existingUserIds(accountId, List.of(n.longValue())).isEmpty(), rid, path + "responsible",
                        "\"deal\", \"round_robin\", \"least_busy\" or an existing user id", problems);
                if (assigned) {
                    checkGroup(accountId, rid, path, a, problems);
                }
                check(a.get("task_type_id") == null || a.get("task_type_id") instanceof Number, rid, path + "task_type_id",
                        "A task type id", problems);
                Object deadline = a.get("deadline");
                if (deadline != null && !"end_of_day".equals(deadline)) {
                    boolean ok = deadline instanceof Map<?, ?> m && (inRange(m.get("in_minutes"), 1, MAX_MINUTES)
                            || m.get("in_minutes") == null && (m.get("in_days") == null || inRange(m.get("in_days"), 0, 366))
                            && (m.get("at") == null || isTime(m.get("at"))));
                    check(ok, rid, path + "deadline", "{\"in_minutes\": n}, {\"in_days\": d, \"at\": \"HH:MM\"} or \"end_of_day\"", problems);
                }
            }
            case "copy" -> {
                Optional<Pipeline> target = a.get("pipeline_id") instanceof Number n ? pipelines.pipeline(accountId, n.longValue())
                        : Optional.empty();
                check(target.isPresent(), rid, path + "pipeline_id", "An existing pipeline to copy the deal into", problems);
                check(a.get("status_id") instanceof Number st && target.isPresent() && target.get().stage(st.longValue()).isPresent(), rid,
                        path + "status_id", "A stage of the target pipeline", problems);
                Object only = a.get("fields");
                check(only == null || only instanceof List<?> l && l.stream().allMatch(v -> v instanceof Number), rid, path + "fields",
                        "Absent (every field value) or an array of lead custom field ids to carry", problems);
            }
            case "move" -> {
                Long pipelineId = a.get("pipeline_id") instanceof Number n ? n.longValue() : rulePipeline == null ? null : rulePipeline.id();
                Optional<Pipeline> target = pipelineId == null ? Optional.empty() : pipelines.pipeline(accountId, pipelineId);
                check(target.isPresent(), rid, path + "pipeline_id", "An existing pipeline", problems);
                check(a.get("status_id") instanceof Number s && target.isPresent() && target.get().stage(s.longValue()).isPresent(), rid,
                        path + "status_id", "A stage of the target pipeline", problems);
            }
            case "set_responsible" -> {
                if (a.get("assign") != null) {
                    check("round_robin".equals(a.get("assign")) || "least_busy".equals(a.get("assign")), rid, path + "assign",
                            "round_robin or least_busy", problems);
                    checkGroup(accountId, rid, path, a, problems);
                } else {
                    check(a.get("user_id") instanceof Number n && !accounts.existingUserIds(accountId, List.of(n.longValue())).isEmpty(),
                            rid, path + "user_id", "An existing user (or \"assign\" with a \"group_id\")", problems);
                }
            }
            case "add_tags", "remove_tags" -> check(a.get("tags") instanceof List<?> l && !l.isEmpty()
                    && l.stream().allMatch(t -> t instanceof String s && !s.isBlank() && s.length() <= 255), rid, path + "tags",
                    "A non-empty array of tag names", problems);
            case "add_note" -> check(a.get("text") instanceof String s && !s.isBlank() && s.length() <= 4000, rid, path + "text",
                    "The note's text, 1 to 4000 characters", problems);
            case "close_lost" -> check(a.get("loss_reason_id") == null || a.get("loss_reason_id") instanceof Number n
                    && lossReasons.find(accountId, n.longValue()).isPresent(), rid, path + "loss_reason_id", "An existing loss reason", problems);
            case "webhook" -> check(a.get("url") instanceof String s && s.length() <= 2000 && WebhookManagement.isHttpUrl(s), rid,
                    path + "url", "An absolute http or https URL", problems);
            case "notify" -> {
                check(a.get("text") instanceof String s && !s.isBlank() && s.length() <= 4000, rid, path + "text",
                        "The notification's text, 1 to 4000 characters", problems);
                Object user = a.getOrDefault("user", "deal");
                check("deal".equals(user) || user instanceof Number n && !accounts.existingUserIds(accountId, List.of(n.longValue())).isEmpty(),
                        rid, path + "user", "\"deal\" (the deal's responsible user) or an existing user id", problems);
            }
            case "send_email" -> {
                check(a.get("subject") instanceof String s && !s.isBlank() && s.length() <= 500, rid, path + "subject",
                        "The e-mail's subject, 1 to 500 characters", problems);
                check(a.get("text") instanceof String s && !s.isBlank() && s.length() <= 10000, rid, path + "text",
                        "The e-mail's text, 1 to 10000 characters", problems);
            }
            case "send_sms" -> check(a.get("text") instanceof String s && !s.isBlank() && s.length() <= 1000, rid, path + "text",
                    "The SMS text, 1 to 1000 characters", problems);
            default -> problems.add(new Problem(rid, path + "type", "NotSupportedChoice", "One of " + String.join(", ", Rule.ACTIONS)));
        }
    }

    /** Assignment in turn or to the least busy needs a department of the account. */
    private void checkGroup(long accountId, String rid, String path, Map<String, Object> a, List<Problem> problems) {
        check(a.get("group_id") instanceof Number g && accounts.groups(accountId).stream().anyMatch(x -> x.id() == g.longValue()), rid,
                path + "group_id", "An existing department (users_groups id) whose users take turns", problems);
    }

    private static boolean inRange(Object v, long min, long max) {
        return v instanceof Number n && n.longValue() >= min && n.longValue() <= max;
    }

    private static boolean isTime(Object v) {
        try {
            LocalTime.parse(String.valueOf(v));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static void check(boolean ok, String rid, String path, String expected, List<Problem> problems) {
        if (!ok) {
            problems.add(new Problem(rid, path, "InvalidValue", expected));
        }
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.admin()) {
            throw new ForbiddenException("Only an administrator may change automation rules");
        }
    }
}
