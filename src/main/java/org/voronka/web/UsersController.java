package org.voronka.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
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
import org.voronka.account.CreatedUser;
import org.voronka.account.User;
import org.voronka.account.UserForm;
import org.voronka.account.UserGroup;
import org.voronka.shared.Actor;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.ValidationException;

/**
 * Settings → users and departments, for administrators only (others get the 403 page): create
 * users with a given or generated password, edit them, deactivate and reactivate them; create,
 * rename and delete departments.
 */
@Controller
class UsersController {

    static final int MAX_USERS = 1000;

    private final AccountManagement accounts;
    private final MessageSource messages;

    UsersController(AccountManagement accounts, MessageSource messages) {
        this.accounts = accounts;
        this.messages = messages;
    }

    @GetMapping("/settings/users")
    String users(Actor actor, Model model) {
        requireAdmin(actor);
        model.addAttribute("form", new UserForm("", "", "", "ru", false, 0));
        return fill(actor, model, null);
    }

    @GetMapping("/settings/users/{id:\\d+}")
    String edit(Actor actor, @PathVariable long id, Model model) {
        requireAdmin(actor);
        User u = accounts.user(actor.accountId(), id).orElseThrow(() -> new NotFoundException("user " + id));
        model.addAttribute("form", new UserForm(u.name(), u.email(), "", u.lang(), u.admin(), u.groupId()));
        return fill(actor, model, u);
    }

    @PostMapping("/settings/users")
    String create(Actor actor, @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String email,
                  @RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "ru") String lang,
                  @RequestParam(defaultValue = "manager") String role, @RequestParam(defaultValue = "0") String group,
                  Model model, HttpServletResponse response) {
        requireAdmin(actor);
        UserForm form = new UserForm(name, email, password, lang, "admin".equals(role), id(group));
        try {
            CreatedUser created = accounts.createUser(actor, form);
            model.addAttribute("created", created.user());
            model.addAttribute("generatedPassword", created.generatedPassword());
            model.addAttribute("form", new UserForm("", "", "", form.lang(), false, form.groupId()));
        } catch (ValidationException e) {
            response.setStatus(422);
            model.addAttribute("errors", errors(e));
            model.addAttribute("form", new UserForm(name, email, "", lang, form.admin(), form.groupId()));
        }
        return fill(actor, model, null);
    }

    @PostMapping("/settings/users/{id:\\d+}")
    String update(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
                  @RequestParam(defaultValue = "ru") String lang, @RequestParam(defaultValue = "manager") String role,
                  @RequestParam(defaultValue = "0") String group, Model model, HttpServletResponse response) {
        requireAdmin(actor);
        User current = accounts.user(actor.accountId(), id).orElseThrow(() -> new NotFoundException("user " + id));
        UserForm form = new UserForm(name, email, password, lang, "admin".equals(role), id(group));
        try {
            User saved = accounts.updateUser(actor, id, form);
            model.addAttribute("saved", saved);
            model.addAttribute("form", new UserForm(saved.name(), saved.email(), "", saved.lang(), saved.admin(), saved.groupId()));
            return fill(actor, model, saved);
        } catch (ValidationException e) {
            response.setStatus(422);
            model.addAttribute("errors", errors(e));
            model.addAttribute("form", new UserForm(name, email, "", lang, form.admin(), form.groupId()));
            return fill(actor, model, current);
        }
    }

    @PostMapping("/settings/users/{id:\\d+}/active")
    String active(Actor actor, @PathVariable long id, @RequestParam boolean active, Model model, Locale locale,
                  HttpServletResponse response) {
        requireAdmin(actor);
        try {
            accounts.setActive(actor, id, active);
        } catch (RuleViolationException e) {
            response.setStatus(422);
            model.addAttribute("problem", messages.getMessage("rule." + e.code(), null, e.getMessage(), locale));
        }
        model.addAttribute("form", new UserForm("", "", "", "ru", false, 0));
        return fill(actor, model, null);
    }

    // ---- departments ----

    @GetMapping("/settings/departments")
    String departments(Actor actor, Model model) {
        requireAdmin(actor);
        return departmentsPage(actor, model);
    }

    @PostMapping("/settings/departments")
    String createDepartment(Actor actor, @RequestParam(defaultValue = "") String name, Model model, Locale locale,
                            HttpServletResponse response) {
        requireAdmin(actor);
        run(model, locale, response, () -> accounts.createGroup(actor, name));
        return departmentsPage(actor, model);
    }

    @PostMapping("/settings/departments/{id:\\d+}/rename")
    String renameDepartment(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "") String name, Model model,
                            Locale locale, HttpServletResponse response) {
        requireAdmin(actor);
        run(model, locale, response, () -> accounts.renameGroup(actor, id, name));
        return departmentsPage(actor, model);
    }

    @PostMapping("/settings/departments/{id:\\d+}/delete")
    String deleteDepartment(Actor actor, @PathVariable long id, Model model, Locale locale, HttpServletResponse response) {
        requireAdmin(actor);
        run(model, locale, response, () -> {
            accounts.deleteGroup(actor, id);
            return null;
        });
        return departmentsPage(actor, model);
    }

    private void run(Model model, Locale locale, HttpServletResponse response, java.util.function.Supplier<?> change) {
        try {
            change.get();
        } catch (RuleViolationException e) {
            response.setStatus(422);
            model.addAttribute("problem", messages.getMessage("rule." + e.code(), null, e.getMessage(), locale));
        } catch (ValidationException e) {
            response.setStatus(422);
            String code = e.problems().isEmpty() ? "InvalidValue" : e.problems().get(0).code();
            model.addAttribute("problem", messages.getMessage("rule." + code, null, e.getMessage(), locale));
        }
    }

    private String departmentsPage(Actor actor, Model model) {
        List<UserGroup> groups = accounts.groups(actor.accountId());
        Map<Long, Long> counts = new HashMap<>();
        accounts.users(actor.accountId(), 0, MAX_USERS).forEach(u -> counts.merge(u.groupId(), 1L, Long::sum));
        model.addAttribute("groups", groups);
        model.addAttribute("counts", counts);
        model.addAttribute("section", "settings");
        model.addAttribute("tab", "departments");
        return "settings/departments";
    }

    private String fill(Actor actor, Model model, User editing) {
        List<UserGroup> groups = accounts.groups(actor.accountId());
        Map<Long, String> groupNames = new HashMap<>();
        groups.forEach(g -> groupNames.put(g.id(), g.name()));
        model.addAttribute("users", accounts.users(actor.accountId(), 0, MAX_USERS));
        model.addAttribute("groups", groups);
        model.addAttribute("groupNames", groupNames);
        model.addAttribute("editing", editing);
        model.addAttribute("languages", AccountManagement.LANGUAGES);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        model.addAttribute("section", "settings");
        model.addAttribute("tab", "users");
        return "settings/users";
    }

    /** Field name → message key of the first problem with that field. */
    private static Map<String, String> errors(ValidationException e) {
        Map<String, String> errors = new HashMap<>();
        for (ValidationException.Problem p : e.problems()) {
            errors.putIfAbsent(p.path(), "users.error." + p.path() + "." + p.code());
        }
        return errors;
    }

    private static long id(String text) {
        return text != null && text.matches("\\d{1,18}") ? Long.parseLong(text) : -1;
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.admin()) {
            throw new ForbiddenException("Only an administrator may do this");
        }
    }
}
