package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.account.AccountManagement;
import org.voronka.account.WorkingHours;
import org.voronka.automation.AutomationManagement;
import org.voronka.automation.Rule;
import org.voronka.automation.RuleDraft;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.ValidationException;

/**
 * The pipeline editor's «Автоматизация» mode: the rules under each stage, a form to add one
 * (trigger, a condition, delay, the first action), more actions per rule, copy to a stage of any
 * pipeline, reorder within a stage, pause, resume, delete, and each rule's run log.
 */
@Controller
class AutomationSettingsController {

    static final List<String> TRIGGERS = List.of("entered", "created", "stayed", "responsible_changed", "field_changed", "date_field",
            "task_completed", "note_added");
    static final List<String> ACTIONS = List.of("create_task", "move", "copy", "set_responsible", "add_tags", "remove_tags", "add_note",
            "close_lost", "webhook", "notify", "send_email", "send_sms");
    static final List<String> CONDITION_OPS = List.of("eq", "not_eq", "contains", "gte", "lte", "in", "empty", "not_empty");

    private final AutomationManagement automation;
    private final PipelineManagement pipelines;
    private final MessageSource messages;
    private final AccountManagement accounts;
    private final org.voronka.customfield.FieldValues fields;

    AutomationSettingsController(AutomationManagement automation, PipelineManagement pipelines, MessageSource messages,
                                 AccountManagement accounts, org.voronka.customfield.FieldValues fields) {
        this.accounts = accounts;
        this.fields = fields;
        this.automation = automation;
        this.pipelines = pipelines;
        this.messages = messages;
    }

    @GetMapping("/settings/pipelines/{id}/automation")
    String show(Actor actor, @PathVariable long id, Model model) {
        return fill(actor, id, model);
    }

    /** The action part of the editor's forms; fields of other actions are ignored. */
    record ActionForm(String action, String text, Integer inDays, String at, String target, String tag, String url, String assignee,
                      String subject, String notifyUser) {

        Map<String, Object> toAction() {
            String type = action == null ? "create_task" : action;
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("type", type);
            switch (type) {
                case "create_task" -> {
                    a.put("task_type_id", 1);
                    a.put("text", text);
                    Map<String, Object> deadline = new LinkedHashMap<>();
                    deadline.put("in_days", inDays == null ? 0 : inDays);
                    if (at != null && !at.isBlank()) {
                        deadline.put("at", at);
                    }
                    a.put("deadline", deadline);
                    assign(assignee, "responsible", a);
                }
                case "set_responsible" -> assign(assignee, "user_id", a);
                case "move", "copy" -> {
                    long[] stage = stageOf(target);
                    if (stage != null) {
                        a.put("pipeline_id", stage[0]);
                        a.put("status_id", stage[1]);
                    }
                }
                case "add_tags", "remove_tags" -> a.put("tags", tag == null || tag.isBlank() ? List.of() : List.of(tag.trim()));
                case "add_note", "send_sms" -> a.put("text", text);
                case "webhook" -> a.put("url", url);
                case "notify" -> {
                    a.put("user", notifyUser == null || "deal".equals(notifyUser) ? "deal" : parseLong(notifyUser));
                    a.put("text", text);
                }
                case "send_email" -> {
                    a.put("subject", subject);
                    a.put("text", text);
                }
                default -> { }
            }
            return a;
        }
    }

    /**
     * One rule from the form: its trigger (a field and value for field changes, a date field and
     * days before or after it for dates), one condition on a field, and its first action; more
     * actions are added under the rule.
     */
    @PostMapping("/settings/pipelines/{id}/automation")
    String add(Actor actor, @PathVariable long id, @RequestParam long statusId, @RequestParam(required = false) String name,
               @RequestParam(defaultValue = "entered") String trigger, @RequestParam(required = false) Integer triggerMinutes,
               @RequestParam(required = false) String triggerField, @RequestParam(required = false) String triggerValue,
               @RequestParam(required = false) String dateField, @RequestParam(required = false) Integer dateDays,
               @RequestParam(defaultValue = "before") String dateDirection,
               @RequestParam(required = false) String conditionField, @RequestParam(defaultValue = "eq") String conditionOp,
               @RequestParam(required = false) String conditionValue,
               @RequestParam(defaultValue = "0") int delayMinutes, @RequestParam(defaultValue = "false") boolean waitForWorkingHours,
               @RequestParam(defaultValue = "false") boolean onlyWithinWorkingHours, ActionForm form, Model model, Locale locale) {
        Map<String, Object> a = form.toAction();
        String action = String.valueOf(a.get("type"));
        String ruleName = name == null || name.isBlank()
                ? messages.getMessage("automation.trigger." + trigger, null, trigger, locale) + " → "
                + messages.getMessage("automation.action." + action, null, action, locale)
                : name.trim();
        List<Map<String, Object>> conditions = new ArrayList<>();
        if (onlyWithinWorkingHours) {
            conditions.add(Map.of("field", "working_hours", "op", "within"));
        }
        if (conditionField != null && !conditionField.isBlank()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("field", "custom_field");
            c.put("field_id", parseLong(conditionField));
            c.put("op", conditionOp);
            if (!"empty".equals(conditionOp) && !"not_empty".equals(conditionOp)) {
                Object value = parseNumber(conditionValue);
                c.put("value", "in".equals(conditionOp) || "not_in".equals(conditionOp) ? List.of(value) : value);
            }
            conditions.add(c);
        }
        String field = "date_field".equals(trigger) ? dateField : "field_changed".equals(trigger) ? triggerField : null;
        Integer minutes = "date_field".equals(trigger)
                ? (dateDays == null ? null : ("before".equals(dateDirection) ? -1 : 1) * dateDays * 24 * 60) : triggerMinutes;
        try {
            automation.create(actor, List.of(new RuleDraft("0", null, ruleName, id, statusId, trigger, minutes,
                    Map.of("match", "all", "items", conditions), delayMinutes, List.of(a), null, false, waitForWorkingHours, field,
                    triggerValue == null || triggerValue.isBlank() ? null : triggerValue.trim())));
        } catch (ValidationException e) {
            problem(e, statusId, model, locale);
        }
        return fill(actor, id, model) + " :: automation";
    }

    /** One more action at the end of the rule's actions (the API takes up to 10). */
    @PostMapping("/settings/automations/{ruleId}/actions")
    String addAction(Actor actor, @PathVariable long ruleId, ActionForm form, Model model, Locale locale) {
        Rule rule = require(actor, ruleId);
        List<Map<String, Object>> actions = new ArrayList<>(rule.actions());
        actions.add(form.toAction());
        changeActions(actor, rule, actions, model, locale);
        return fill(actor, rule.pipelineId(), model) + " :: automation";
    }

    @PostMapping("/settings/automations/{ruleId}/actions/{index}/delete")
    String deleteAction(Actor actor, @PathVariable long ruleId, @PathVariable int index, Model model, Locale locale) {
        Rule rule = require(actor, ruleId);
        List<Map<String, Object>> actions = new ArrayList<>(rule.actions());
        if (index >= 0 && index < actions.size()) {
            actions.remove(index);
            changeActions(actor, rule, actions, model, locale);
        }
        return fill(actor, rule.pipelineId(), model) + " :: automation";
    }

    private void changeActions(Actor actor, Rule rule, List<Map<String, Object>> actions, Model model, Locale locale) {
        try {
            automation.update(actor, List.of(new RuleDraft("0", rule.id(), null, null, null, null, null, null, null, actions, null, null)));
        } catch (ValidationException e) {
            problem(e, rule.statusId(), model, locale);
        }
    }

    /** A copy of the rule under a stage of any pipeline; the page shows the pipeline the copy went to. */
    @PostMapping("/settings/automations/{ruleId}/copy")
    String copy(Actor actor, @PathVariable long ruleId, @RequestParam String target, Model model, Locale locale,
                jakarta.servlet.http.HttpServletResponse response) {
        Rule rule = require(actor, ruleId);
        long[] stage = stageOf(target);
        if (stage == null) {
            throw new NotFoundException("stage " + target);
        }
        try {
            automation.copy(actor, ruleId, stage[0], stage[1]);
        } catch (ValidationException e) {
            problem(e, rule.statusId(), model, locale);
            return fill(actor, rule.pipelineId(), model) + " :: automation";
        }
        response.setHeader("HX-Push-Url", "/settings/pipelines/" + stage[0] + "/automation");
        return fill(actor, stage[0], model) + " :: automation";
    }

    @PostMapping("/settings/automations/{ruleId}/order")
    String reorder(Actor actor, @PathVariable long ruleId, @RequestParam boolean up, Model model) {
        Rule rule = require(actor, ruleId);
        automation.reorder(actor, ruleId, up);
        return fill(actor, rule.pipelineId(), model) + " :: automation";
    }

    private void problem(ValidationException e, long statusId, Model model, Locale locale) {
        ValidationException.Problem p = e.problems().get(0);
        model.addAttribute("problem", messages.getMessage("automation.problem", new Object[] {p.path(), p.detail()}, locale));
        model.addAttribute("problemStage", statusId);
    }

    /** "pipeline:stage" from the forms' stage lists. */
    private static long[] stageOf(String target) {
        String[] parts = target == null ? new String[0] : target.split(":");
        if (parts.length != 2 || !parts[0].matches("\\d{1,18}") || !parts[1].matches("\\d{1,18}")) {
            return null;
        }
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    private static Object parseNumber(String s) {
        Object n = parseLong(s == null ? "" : s.trim());
        return n instanceof Long ? n : s == null ? "" : s.trim();
    }

    /**
     * The form's "who": {@code deal} (the deal's responsible user), {@code user:<id>}, or
     * {@code round_robin:<department>} / {@code least_busy:<department>}.
     */
    private static void assign(String assignee, String userKey, Map<String, Object> action) {
        String[] parts = assignee == null ? new String[0] : assignee.split(":", 2);
        if (parts.length != 2 || !parts[1].matches("\\d{1,18}")) {
            return;
        }
        long id = Long.parseLong(parts[1]);
        if (parts[0].equals("user")) {
            action.put(userKey, id);
        } else if (userKey.equals("responsible")) {
            action.put("responsible", parts[0]);
            action.put("group_id", id);
        } else {
            action.put("assign", parts[0]);
            action.put("group_id", id);
        }
    }

    /** The account's working hours, used by rules that wait for them or act only within them. */
    @PostMapping("/settings/pipelines/{id}/automation/working-hours")
    String workingHours(Actor actor, @PathVariable long id, @RequestParam(required = false) List<Integer> days,
                        @RequestParam String starts, @RequestParam String ends, Model model, Locale locale) {
        try {
            java.util.Set<java.time.DayOfWeek> chosen = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
            if (days != null) {
                days.stream().filter(d -> d >= 1 && d <= 7).forEach(d -> chosen.add(java.time.DayOfWeek.of(d)));
            }
            accounts.setWorkingHours(actor, new WorkingHours(chosen, java.time.LocalTime.parse(starts), java.time.LocalTime.parse(ends)));
        } catch (ValidationException | java.time.format.DateTimeParseException e) {
            model.addAttribute("hoursProblem", messages.getMessage("automation.workingHours.invalid", null, locale));
        }
        return fill(actor, id, model) + " :: automation";
    }

    @PostMapping("/settings/automations/{ruleId}/pause")
    String pause(Actor actor, @PathVariable long ruleId, @RequestParam(defaultValue = "true") boolean paused, Model model) {
        Rule rule = require(actor, ruleId);
        automation.update(actor, List.of(new RuleDraft("0", ruleId, null, null, null, null, null, null, null, null, null, paused)));
        return fill(actor, rule.pipelineId(), model) + " :: automation";
    }

    @PostMapping("/settings/automations/{ruleId}/delete")
    String delete(Actor actor, @PathVariable long ruleId, Model model) {
        Rule rule = require(actor, ruleId);
        automation.delete(actor, ruleId);
        return fill(actor, rule.pipelineId(), model) + " :: automation";
    }

    @GetMapping("/settings/automations/{ruleId}")
    String runs(Actor actor, @PathVariable long ruleId, Model model, HttpServletRequest request) {
        Rule rule = require(actor, ruleId);
        model.addAttribute("rule", rule);
        model.addAttribute("runs", automation.runs(actor.accountId(), ruleId, null, 0, 100));
        model.addAttribute("section", "settings");
        return "settings/automation-runs";
    }

    private static Object parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return s;
        }
    }

    private Rule require(Actor actor, long ruleId) {
        return automation.rule(actor.accountId(), ruleId).orElseThrow(() -> new NotFoundException("rule " + ruleId));
    }

    private String fill(Actor actor, long pipelineId, Model model) {
        Pipeline pipeline = pipelines.pipeline(actor.accountId(), pipelineId).orElseThrow(() -> new NotFoundException("pipeline " + pipelineId));
        Map<Long, List<Rule>> byStage = new HashMap<>();
        automation.rules(actor.accountId(), pipelineId).forEach(r -> byStage.computeIfAbsent(r.statusId(), k -> new ArrayList<>()).add(r));
        // every stage of every pipeline, for "move to" (the department hand-off)
        Map<String, String> targets = new LinkedHashMap<>();
        Map<String, String> stageNames = new HashMap<>();
        for (Pipeline p : pipelines.pipelines(actor.accountId())) {
            for (Stage s : p.stages()) {
                targets.put(p.id() + ":" + s.id(), p.name() + " → " + s.name());
                stageNames.put(p.id() + ":" + s.id(), p.name() + " → " + s.name());
            }
        }
        model.addAttribute("pipeline", pipeline);
        model.addAttribute("pipelines", pipelines.pipelines(actor.accountId()));
        model.addAttribute("stages", pipeline.stages());
        model.addAttribute("rules", byStage);
        model.addAttribute("triggers", TRIGGERS);
        model.addAttribute("actions", ACTIONS);
        model.addAttribute("targets", targets);
        model.addAttribute("stageNames", stageNames);
        model.addAttribute("workingHours", accounts.workingHours(actor.accountId()));
        model.addAttribute("activeUsers", accounts.users(actor.accountId(), 0, 1000).stream().filter(u -> u.active()).toList());
        model.addAttribute("departments", accounts.groups(actor.accountId()));
        model.addAttribute("departmentNames", accounts.groups(actor.accountId()).stream()
                .collect(java.util.stream.Collectors.toMap(g -> g.id(), g -> g.name(), (x, y) -> x)));
        model.addAttribute("weekDays", java.time.DayOfWeek.values());
        List<org.voronka.customfield.CustomField> leadFields = fields.fields(actor.accountId(), org.voronka.deal.DealManagement.ENTITY);
        model.addAttribute("leadFields", leadFields);
        model.addAttribute("dateFields", leadFields.stream().filter(f -> "date".equals(f.type()) || "date_time".equals(f.type())).toList());
        model.addAttribute("fieldNames", leadFields.stream().collect(java.util.stream.Collectors.toMap(f -> Long.toString(f.id()),
                org.voronka.customfield.CustomField::name, (x, y) -> x)));
        model.addAttribute("conditionOps", CONDITION_OPS);
        Map<String, String> userNames = new LinkedHashMap<>();
        accounts.users(actor.accountId(), 0, 1000).stream().filter(u -> u.active())
                .forEach(u -> userNames.put(Long.toString(u.id()), u.name()));
        model.addAttribute("userNames", userNames);
        model.addAttribute("section", "settings");
        return "settings/automation";
    }
}
