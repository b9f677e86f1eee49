package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.account.AccountManagement;
import org.voronka.account.User;
import org.voronka.deal.DealManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.ValidationException;
import org.voronka.task.Task;
import org.voronka.task.TaskChange;
import org.voronka.task.TaskManagement;

/**
 * The Задачи page (a user's open tasks grouped Overdue / Today / Tomorrow / Later) and the actions
 * on one task: complete with a result, reschedule, edit the text — from that page or from a card.
 */
@Controller
class TasksController {

    private final TaskManagement tasks;
    private final TaskViews views;
    private final AccountManagement accounts;
    private final Deadlines deadlines;
    private final DealTimelineController timeline;

    TasksController(TaskManagement tasks, TaskViews views, AccountManagement accounts, Deadlines deadlines,
                    DealTimelineController timeline) {
        this.tasks = tasks;
        this.views = views;
        this.accounts = accounts;
        this.deadlines = deadlines;
        this.timeline = timeline;
    }

    /** {@code user}: "me" (the default), "all", or a user id of the account. */
    @GetMapping("/tasks")
    String page(Actor actor, @RequestParam(defaultValue = "me") String user, @RequestParam(defaultValue = "0") int offset,
                HttpServletRequest request, Model model, Locale locale) {
        fill(actor, user, Math.max(0, Math.min(offset, 1_000_000)), model, locale);
        return Htmx.targets(request, "task-groups") ? "tasks/tasks :: groups" : "tasks/tasks";
    }

    @PostMapping("/tasks/{id:\\d+}/complete")
    String complete(Actor actor, @PathVariable long id, @RequestParam(required = false) String result,
                    @RequestParam(defaultValue = "page") String view, @RequestParam(defaultValue = "me") String user,
                    Model model, Locale locale, HttpServletResponse response) {
        Task task = require(actor, id);
        String r = result == null ? "" : result.trim();
        if (r.length() > DealTimelineController.MAX_TEXT) {
            throw ValidationException.of("0", "result", "TooLong", "At most 4000 characters");
        }
        tasks.update(actor, new TaskChange("0", id, null, null, null, null, null, true, r));
        return answer(actor, task, view, user, model, locale, response);
    }

    @PostMapping("/tasks/{id:\\d+}/reschedule")
    String reschedule(Actor actor, @PathVariable long id, @RequestParam(required = false) String preset,
                      @RequestParam(required = false) String due, @RequestParam(defaultValue = "page") String view,
                      @RequestParam(defaultValue = "me") String user, Model model, Locale locale, HttpServletResponse response) {
        Task task = require(actor, id);
        Instant deadline = deadlines.parse(preset, due, WebModel.zoneOf(accounts, actor.accountId()));
        if (deadline == null) {
            throw ValidationException.of("0", "complete_till", "InvalidDeadline", "A deadline preset or an exact time");
        }
        tasks.update(actor, new TaskChange("0", id, null, null, deadline, null, null, null, null));
        return answer(actor, task, view, user, model, locale, response);
    }

    @PostMapping("/tasks/{id:\\d+}/text")
    String text(Actor actor, @PathVariable long id, @RequestParam(required = false) String text,
                @RequestParam(defaultValue = "page") String view, @RequestParam(defaultValue = "me") String user,
                Model model, Locale locale, HttpServletResponse response) {
        Task task = require(actor, id);
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw ValidationException.of("0", "text", "NotBlank", "This value should not be blank.");
        }
        if (t.length() > DealTimelineController.MAX_TEXT) {
            throw ValidationException.of("0", "text", "TooLong", "At most 4000 characters");
        }
        tasks.update(actor, new TaskChange("0", id, null, t, null, null, null, null, null));
        return answer(actor, task, view, user, model, locale, response);
    }

    /** A completed task can no longer be changed here; tasks of other accounts do not exist. */
    private Task require(Actor actor, long id) {
        Task task = tasks.task(actor.accountId(), id).orElseThrow(() -> new NotFoundException("task " + id));
        if (task.completed()) {
            throw new org.voronka.shared.RuleViolationException("TaskCompleted", "id", "The task is already completed");
        }
        return task;
    }

    private String answer(Actor actor, Task task, String view, String user, Model model, Locale locale, HttpServletResponse response) {
        if (task.entityId() != null && DealManagement.ENTITY.equals(task.entityType())) {
            DealTimelineController.changed(response, task.entityId());
        }
        if ("card".equals(view) && task.entityId() != null && DealManagement.ENTITY.equals(task.entityType())) {
            return timeline.timeline(actor, task.entityId(), model, locale);
        }
        fill(actor, user, 0, model, locale);
        return "tasks/tasks :: groups";
    }

    private void fill(Actor actor, String user, int offset, Model model, Locale locale) {
        long accountId = actor.accountId();
        List<User> users = accounts.users(accountId, 0, 1000);
        List<Long> filter;
        String selected;
        if ("all".equals(user)) {
            filter = List.of();
            selected = "all";
        } else {
            Long id = DealTimelineController.number(user);
            long chosen = id != null && users.stream().anyMatch(u -> u.id() == id) ? id : actor.userId();
            filter = List.of(chosen);
            selected = chosen == actor.userId() ? "me" : Long.toString(chosen);
        }
        var page = views.openOfUser(accountId, filter, offset, WebModel.zoneOf(accounts, accountId), locale);
        model.addAttribute("groups", page.groups());
        model.addAttribute("more", page.more());
        model.addAttribute("nextOffset", offset + TaskViews.PAGE);
        model.addAttribute("offset", offset);
        model.addAttribute("prevOffset", Math.max(0, offset - TaskViews.PAGE));
        model.addAttribute("users", users);
        model.addAttribute("user", selected);
        model.addAttribute("section", "tasks");
    }
}
