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
 * (trigger, delay, one action), pause, resume, delete, and each rule's run log.
 */
@Controller
class AutomationSettingsController {

    static final List<String> TRIGGERS = List.of("entered", "created", "stayed", "responsible_changed", "task_completed", "note_added");
    static final List<String> ACTIONS = List.of("create_task", "move", "copy", "set_responsible", "add_tags", "add_note", "close_lost",
            "webhook", "notify", "send_email", "send_sms");

    private final AutomationManagement automation;
    private final PipelineManagement pipelines;
    private final MessageSource messages;
    private final AccountManagement accounts;

    AutomationSettingsController(AutomationManagement automation, PipelineManagement pipelines, MessageSource messages,
                                 AccountManagement accounts) {
        this.accounts = accounts;
        this.automation = automation;
        this.pipelines = pipelines;
        this.messages = messages;
    }

    @GetMapping("/settings/pipelines/{id}/automation")
    String show(Actor actor, @PathVariable long id, Model model) {
        return fill(actor, id, model);
    }

    /** One rule from the form; fields of other actions are ignored. */
    @PostMapping("/settings/pipelines/{id}/automation")
    String add(Actor actor, @PathVariable long id, @RequestParam long statusId, @RequestParam(required = false) String name,
               @RequestParam(defaultValue = "entered") String trigger, @RequestParam(required = false) Integer triggerMinutes,
               @RequestParam(defaultValue = "0") int delayMinutes, @RequestParam(defaultValue = "create_task") String action,
               @RequestParam(required = false) String text, @RequestParam(required = false) Integer inDays,
               @RequestParam(required = false) String at, @RequestParam(required = false) String target,
               @RequestParam(required = false) String tag, @RequestParam(required = false) String url,
               @RequestParam(defaultValue = "false") boolean waitForWorkingHours, @RequestParam(defaultValue = "deal") String assignee,
               @RequestParam(defaultValue = "false") boolean onlyWithinWorkingHours,
               @RequestParam(required = false) String subject, @RequestParam(defaultValue = "deal") String notifyUser, Model model,
               Locale locale) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", action);
        switch (action) {
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
                String[] parts = target == null ? new String[0] : target.split(":");
                if (parts.length == 2) {
                    a.put("pipeline_id", Long.parseLong(parts[0]));
                    a.put("status_id", Long.parseLong(parts[1]));
                }
            }
            case "add_tags" -> a.put("tags", tag == null || tag.isBlank() ? List.of() : List.of(tag.trim()));
            case "add_note" -> a.put("text", text);
            case "webhook" -> a.put("url", url);
            case "notify" -> {
                a.put("user", "deal".equals(notifyUser) ? "deal" : parseLong(notifyUser));
                a.put("text", text);
            }
            case "send_email" -> {
                a.put("subject", subject);
                a.put("text", text);
            }
            case "send_sms" -> a.put("text", text);
            default -> { }
        }
        String ruleName = name == null || name.isBlank()
                ? messages.getMessage("automation.trigger." + trigger, null, trigger, locale) + " → "
                + messages.getMessage("automation.action." + action, null, action, locale)
                : name.trim();
        try {
            Map<String, Object> conditions = onlyWithinWorkingHours
                    ? Map.of("match", "all", "items", List.of(Map.of("field", "working_hours", "op", "within"))) : null;
            automation.create(actor, List.of(new RuleDraft("0", null, ruleName, id, statusId, trigger, triggerMinutes, conditions,
                    delayMinutes, List.of(a), null, false, waitForWorkingHours)));
        } catch (ValidationException e) {
            ValidationException.Problem p = e.problems().get(0);
            model.addAttribute("problem", messages.getMessage("automation.problem", new Object[] {p.path(), p.detail()}, locale));
            model.addAttribute("problemStage", statusId);
        }
        return fill(actor, id, model) + " :: automation";
    }

    /**
     * The form's "who": {@code deal} (the deal's responsible user), {@code user:<id>}, or
     * {@code round_robin:<department>} / {@code least_busy:<department>}.
     */
    private static void assign(String assignee, String userKey, Map<String, Object> action) {
        String[] parts = assignee.split(":", 2);
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
        Map<String, String> userNames = new LinkedHashMap<>();
        accounts.users(actor.accountId(), 0, 1000).stream().filter(u -> u.active())
                .forEach(u -> userNames.put(Long.toString(u.id()), u.name()));
        model.addAttribute("userNames", userNames);
        model.addAttribute("section", "settings");
        return "settings/automation";
    }
}
