package org.voronka.api;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.voronka.account.Account;
import org.voronka.account.AccountManagement;
import org.voronka.account.ApiTokens;
import org.voronka.account.IssuedToken;
import org.voronka.account.User;
import org.voronka.account.UserGroup;
import org.voronka.shared.Actor;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.Times;
import org.voronka.task.TaskManagement;
import org.voronka.task.TaskType;
import org.voronka.shared.ValidationException.Problem;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v4/account}, {@code /api/v4/users} and our token extension {@code /api/v4/api_tokens}. */
@RestController
class AccountApi {

    private final AccountManagement accounts;
    private final ApiTokens tokens;
    private final TaskManagement taskTypes;
    private final ObjectMapper json;

    AccountApi(AccountManagement accounts, ApiTokens tokens, TaskManagement taskTypes, ObjectMapper json) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.taskTypes = taskTypes;
        this.json = json;
    }

    @GetMapping("/api/v4/account")
    ResponseEntity<Object> account(Actor actor, HttpServletRequest request) {
        Set<String> with = LeadApi.with(Params.of(request.getParameterMap()));
        Account a = accounts.account(actor.accountId());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("name", a.name());
        m.put("subdomain", a.subdomain());
        m.put("current_user_id", actor.userId());
        m.put("country", a.country());
        m.put("currency", a.currency());
        m.put("customers_mode", "unavailable");
        m.put("is_unsorted_on", a.unsortedOn());
        m.put("is_loss_reason_enabled", a.lossReasonEnabled());
        m.put("is_helpbot_enabled", false);
        m.put("is_technical_account", false);
        m.put("contact_name_display_order", 1);
        m.put("uuid", a.uuid());
        if (with.contains("amojo_id")) {
            m.put("amojo_id", a.uuid());
        }
        if (with.contains("version")) {
            m.put("version", a.version());
        }
        if (with.contains("is_api_filter_enabled")) {
            m.put("is_api_filter_enabled", true);
        }
        if (with.contains("drive_url")) {
            m.put("drive_url", null);
        }
        m.put("_links", Hal.self("/api/v4/account"));
        Map<String, Object> embedded = new LinkedHashMap<>();
        if (with.contains("users_groups")) {
            List<Object> groups = new ArrayList<>();
            groups.add(group(0, "ru".equals(a.language()) ? "Отдел продаж" : "Sales department", null));
            for (UserGroup g : accounts.groups(a.id())) {
                groups.add(group(g.id(), g.name(), g.uuid()));
            }
            embedded.put("users_groups", groups);
        }
        if (with.contains("task_types")) {
            embedded.put("task_types", taskTypes.types(a.id(), a.language()).stream()
                    .map(t -> (Object) taskType(t)).toList());
        }
        if (with.contains("datetime_settings")) {
            ZoneId zone = ZoneId.of(a.timezone());
            Map<String, Object> dt = new LinkedHashMap<>();
            dt.put("date_pattern", "d.m.Y H:i");
            dt.put("short_date_pattern", "d.m.Y");
            dt.put("short_time_pattern", "H:i");
            dt.put("date_formant", "d.m.Y");
            dt.put("time_format", "H:i:s");
            dt.put("timezone", a.timezone());
            dt.put("timezone_offset", ZonedDateTime.now(zone).getOffset().getId());
            embedded.put("datetime_settings", dt);
        }
        if (with.contains("amojo_rights")) {
            embedded.put("amojo_rights", Map.of("can_direct", false, "can_create_groups", false));
        }
        if (!embedded.isEmpty()) {
            m.put("_embedded", embedded);
        }
        return Hal.ok(m);
    }

    private static Map<String, Object> group(long id, String name, String uuid) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("uuid", uuid);
        return m;
    }

    private static Map<String, Object> taskType(TaskType t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("color", t.color());
        m.put("icon_id", t.iconId());
        m.put("code", t.code());
        return m;
    }

    @GetMapping("/api/v4/users")
    ResponseEntity<Object> users(Actor actor, HttpServletRequest request) {
        if (!actor.admin()) {
            throw new ForbiddenException("Only administrators may list users");
        }
        Params params = Params.of(request.getParameterMap());
        int limit = params.get("limit").intValue(50, 1, 250);
        int page = params.get("page").intValue(1, 1, 1_000_000);
        List<User> users = accounts.users(actor.accountId(), (page - 1) * limit, limit + 1);
        if (users.isEmpty()) {
            return Hal.noContent();
        }
        boolean hasNext = users.size() > limit;
        List<Object> items = users.stream().limit(limit).map(u -> (Object) user(u)).toList();
        Map<String, Object> body = Hal.page("users", items, page, null, hasNext);
        long total = accounts.countUsers(actor.accountId());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("_total_items", total);
        result.put("_page", page);
        result.put("_page_count", (total + limit - 1) / limit);
        result.put("_links", body.get("_links"));
        result.put("_embedded", body.get("_embedded"));
        return Hal.ok(result);
    }

    @GetMapping("/api/v4/users/{id}")
    ResponseEntity<Object> user(Actor actor, @PathVariable long id) {
        return accounts.user(actor.accountId(), id).map(u -> Hal.ok(user(u))).orElseGet(Hal::noContent);
    }

    static Map<String, Object> user(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("name", u.name());
        m.put("email", u.email());
        m.put("lang", u.lang());
        Map<String, Object> rights = new LinkedHashMap<>();
        Map<String, String> all = Map.of("view", "A", "edit", "A", "add", "A", "delete", "A", "export", "A");
        rights.put("leads", all);
        rights.put("contacts", all);
        rights.put("companies", all);
        rights.put("tasks", Map.of("edit", "A", "delete", "A"));
        rights.put("mail_access", false);
        rights.put("catalog_access", false);
        rights.put("status_rights", List.of());
        rights.put("is_admin", u.admin());
        rights.put("is_free", false);
        rights.put("is_active", u.active());
        rights.put("group_id", u.groupId() == 0 ? null : u.groupId());
        rights.put("role_id", null);
        m.put("rights", rights);
        m.put("_links", Hal.self("/api/v4/users/" + u.id()));
        return m;
    }

    /** Our extension: long-lived tokens. Body {@code {user_id?, name, lifetime_days}}; the token is shown once. */
    @PostMapping("/api/v4/api_tokens")
    ResponseEntity<Object> issue(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        In in = In.single(Body.parse(json, body), problems);
        Long userId = in.id("user_id");
        String name = in.string("name", 255);
        Long days = in.integer("lifetime_days", 1, 5 * 365);
        In.throwIfAny(problems);
        IssuedToken t = tokens.issue(actor, userId == null ? actor.userId() : userId, name == null ? "API" : name,
                Duration.ofDays(days == null ? 365 : days));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("user_id", t.userId());
        m.put("name", t.name());
        m.put("expires_at", Times.seconds(t.expiresAt()));
        m.put("access_token", t.token());
        return Hal.ok(m);
    }

    @GetMapping("/api/v4/api_tokens")
    ResponseEntity<Object> tokens(Actor actor) {
        List<Object> items = tokens.list(actor).stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("user_id", t.userId());
            m.put("name", t.name());
            m.put("created_at", Times.seconds(t.createdAt()));
            m.put("expires_at", Times.seconds(t.expiresAt()));
            m.put("revoked_at", Times.seconds(t.revokedAt()));
            return (Object) m;
        }).toList();
        return items.isEmpty() ? Hal.noContent() : Hal.ok(Hal.collection("api_tokens", items));
    }

    @DeleteMapping("/api/v4/api_tokens/{id}")
    ResponseEntity<Object> revoke(Actor actor, @PathVariable String id) {
        tokens.revoke(actor, id);
        return Hal.noContent();
    }
}
