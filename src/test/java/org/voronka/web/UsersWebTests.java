package org.voronka.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.voronka.account.User;
import org.voronka.account.UserGroup;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.NewDeal;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.pipeline.StageChange;
import org.voronka.shared.Source;
import org.voronka.support.ApiTest;

/** Settings → users and departments, the language a user is given, the editor's move buttons and the list's stage order. */
class UsersWebTests extends ApiTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DealManagement deals;

    @Autowired
    PipelineManagement pipelines;

    record Login(String email, String password, long userId) {}

    Login user(TestAccount account, boolean admin, String lang) {
        String email = "u-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        String password = "pw-" + UUID.randomUUID();
        User u = tx.execute(s -> accounts.createUser(account.admin(), "Сотрудник", email, password, lang, admin, 0));
        return new Login(email, password, u.id());
    }

    WebClient signIn(Login login) {
        WebClient web = new WebClient("http://localhost:" + port);
        HttpResponse<String> r = web.login(login.email(), login.password(), false);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/leads");
        return web;
    }

    @Test
    void aManagerIsRefusedTheUsersAndDepartmentsPages() {
        var account = newAccount();
        WebClient web = signIn(user(account, false, "ru"));
        HttpResponse<String> users = web.get("/settings/users");
        assertThat(users.statusCode()).isEqualTo(403);
        assertThat(users.body()).contains("Нет доступа").doesNotContain("admin-");
        assertThat(web.get("/settings/departments").statusCode()).isEqualTo(403);
        web.get("/leads/list");
        assertThat(web.post("/settings/users", Map.of("name", "Хакер", "email", "h@test.local"), true).statusCode()).isEqualTo(403);
        assertThat(web.post("/settings/departments", Map.of("name", "Тайный"), true).statusCode()).isEqualTo(403);
        assertThat(accounts.groups(account.accountId())).isEmpty();
        assertThat(web.get("/settings/pipelines/" + pipelines.mainPipeline(account.accountId()).id()).body())
                .doesNotContain("href=\"/settings/users\"");
    }

    @Test
    void anAdminCreatesAUserWithAGeneratedPasswordWhoSignsInInTheirLanguage() {
        var account = newAccount();
        WebClient admin = signIn(user(account, true, "ru"));
        UserGroup sales = tx.execute(s -> accounts.createGroup(account.admin(), "Продажи"));
        String page = admin.get("/settings/users").body();
        assertThat(page).contains("Новый пользователь").contains("Продажи");
        String email = "new-" + UUID.randomUUID().toString().substring(0, 8) + "@Test.local";
        HttpResponse<String> created = admin.post("/settings/users", Map.of("name", "Alice <b>Smith</b>", "email", email, "password", "",
                "lang", "en", "role", "manager", "group", Long.toString(sales.id())), true);
        assertThat(created.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("id=\"generated-password\">([^<]+)<").matcher(created.body());
        assertThat(m.find()).isTrue();
        String password = m.group(1);
        assertThat(password).hasSize(14);
        assertThat(created.body()).contains("Alice &lt;b&gt;Smith&lt;/b&gt;").doesNotContain("<b>Smith");
        User alice = accounts.userByEmail(email).orElseThrow();
        assertThat(alice.lang()).isEqualTo("en");
        assertThat(alice.admin()).isFalse();
        assertThat(alice.groupId()).isEqualTo(sales.id());
        assertThat(admin.get("/settings/users").body()).doesNotContain(password);
        WebClient her = signIn(new Login(email, password, alice.id()));
        assertThat(her.get("/contacts").body()).contains("Contacts").contains("No contacts found");
        // the admin switches her to Russian: her next page is in Russian
        admin.get("/settings/users/" + alice.id());
        admin.post("/settings/users/" + alice.id(), Map.of("name", "Alice Smith", "email", email, "lang", "ru", "role", "manager",
                "group", Long.toString(sales.id())), true);
        assertThat(her.get("/contacts").body()).contains("Контакты");
    }

    @Test
    void badUserInputIsShownBesideTheFields() {
        var account = newAccount();
        Login me = user(account, true, "ru");
        WebClient admin = signIn(me);
        admin.get("/settings/users");
        HttpResponse<String> bad = admin.post("/settings/users", Map.of("name", " ", "email", "not-an-email", "password", "short",
                "lang", "de", "role", "manager", "group", "999999"), true);
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("Укажите имя").contains("Это не похоже на адрес e-mail").contains("от 8 до 128 символов")
                .contains("Выберите русский или английский").contains("Такого отдела нет").contains("value=\"not-an-email\"");
        HttpResponse<String> taken = admin.post("/settings/users", Map.of("name", "Дубль", "email", me.email(), "lang", "ru"), true);
        assertThat(taken.body()).contains("Пользователь с таким e-mail уже есть");
        assertThat(accounts.countUsers(account.accountId())).isEqualTo(2);
        HttpResponse<String> demote = admin.post("/settings/users/" + me.userId(), Map.of("name", "Я", "email", me.email(), "lang", "ru",
                "role", "manager"), true);
        assertThat(demote.body()).contains("Нельзя снять роль администратора с самого себя");
        assertThat(accounts.user(account.accountId(), me.userId()).orElseThrow().admin()).isTrue();
        HttpResponse<String> self = admin.post("/settings/users/" + me.userId() + "/active", Map.of("active", "false"), true);
        assertThat(self.body()).contains("Нельзя отключить самого себя");
        assertThat(accounts.user(account.accountId(), me.userId()).orElseThrow().active()).isTrue();
    }

    @Test
    void aDeactivatedUserIsSignedOutCannotSignInOrUseTokensAndKeepsTheirDeals() {
        var account = newAccount();
        WebClient admin = signIn(user(account, true, "ru"));
        Login bob = user(account, false, "ru");
        WebClient bobWeb = signIn(bob);
        assertThat(bobWeb.get("/contacts").statusCode()).isEqualTo(200);
        var bobActor = new org.voronka.shared.Actor(account.accountId(), bob.userId(), false, "ru");
        Deal deal = tx.execute(s -> deals.create(bobActor, List.of(new NewDeal("0", "Сделка Боба", null, null, null, null, null, null,
                null, null, null, null, null, null)), Source.API).get(0));
        String token = tx.execute(s -> tokens.issue(account.admin(), bob.userId(), "bob", Duration.ofDays(2)).token());
        var bobApi = account.api().withToken(token);
        assertThat(bobApi.get("/api/v4/leads/" + deal.id()).status()).isEqualTo(200);
        admin.get("/settings/users");
        HttpResponse<String> off = admin.post("/settings/users/" + bob.userId() + "/active", Map.of("active", "false"), true);
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(off.body()).contains("Отключён").contains("Включить");
        assertThat(bobWeb.get("/contacts").statusCode()).isEqualTo(302);
        assertThat(jdbc.queryForObject("select count(*) from spring_session where principal_name = ?", Long.class,
                Long.toString(bob.userId()))).isZero();
        HttpResponse<String> again = new WebClient("http://localhost:" + port).login(bob.email(), bob.password(), false);
        assertThat(again.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        assertThat(bobApi.get("/api/v4/leads/" + deal.id()).status()).isEqualTo(401);
        assertThat(deals.deal(account.accountId(), deal.id()).orElseThrow().responsibleUserId()).isEqualTo(bob.userId());
        admin.post("/settings/users/" + bob.userId() + "/active", Map.of("active", "true"), true);
        signIn(bob);
    }

    @Test
    void aNewRoleOrLanguageAppliesToOpenSessionsAndANewPasswordSignsTheUserOut() {
        var account = newAccount();
        WebClient admin = signIn(user(account, true, "ru"));
        Login bob = user(account, false, "ru");
        WebClient bobWeb = signIn(bob);
        assertThat(bobWeb.get("/settings/users").statusCode()).isEqualTo(403);
        admin.get("/settings/users");
        Map<String, String> form = new java.util.HashMap<>(Map.of("name", "Боб", "email", bob.email(), "password", "",
                "lang", "en", "role", "admin", "group", "0"));
        assertThat(admin.post("/settings/users/" + bob.userId(), form, true).statusCode()).isEqualTo(200);

        // the same session, without signing in again: an administrator now, in English
        HttpResponse<String> users = bobWeb.get("/settings/users");
        assertThat(users.statusCode()).isEqualTo(200);
        assertThat(users.body()).contains("New user");

        form.put("role", "manager");
        admin.post("/settings/users/" + bob.userId(), form, true);
        assertThat(bobWeb.get("/settings/users").statusCode()).isEqualTo(403);
        assertThat(bobWeb.get("/contacts").statusCode()).isEqualTo(200);

        form.put("password", "a-new-password-1");
        admin.post("/settings/users/" + bob.userId(), form, true);
        assertThat(bobWeb.get("/contacts").statusCode()).isEqualTo(302);
        signIn(new Login(bob.email(), "a-new-password-1", bob.userId()));
    }

    @Test
    void departmentsAreCreatedRenamedAndOnlyDeletedWhenEmpty() {
        var account = newAccount();
        WebClient admin = signIn(user(account, true, "ru"));
        admin.get("/settings/departments");
        HttpResponse<String> created = admin.post("/settings/departments", Map.of("name", "Опт <i>"), true);
        assertThat(created.body()).contains("value=\"Опт &lt;i&gt;\"");
        UserGroup group = accounts.groups(account.accountId()).get(0);
        admin.post("/settings/departments/" + group.id() + "/rename", Map.of("name", "Оптовый отдел"), true);
        assertThat(accounts.groups(account.accountId()).get(0).name()).isEqualTo("Оптовый отдел");
        assertThat(admin.post("/settings/departments/" + group.id() + "/rename", Map.of("name", " "), true).body())
                .contains("Значение не может быть пустым");
        tx.execute(s -> accounts.createUser(account.admin(), "Продавец", "seller-" + UUID.randomUUID() + "@test.local", "password-1",
                "ru", false, group.id()));
        HttpResponse<String> refused = admin.post("/settings/departments/" + group.id() + "/delete", Map.of(), true);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("В отделе есть пользователи");
        assertThat(accounts.groups(account.accountId())).hasSize(1);
        admin.post("/settings/departments", Map.of("name", "Пустой"), true);
        long empty = accounts.groups(account.accountId()).stream().filter(g -> g.name().equals("Пустой")).findFirst().orElseThrow().id();
        assertThat(admin.post("/settings/departments/" + empty + "/delete", Map.of(), true).statusCode()).isEqualTo(200);
        assertThat(accounts.groups(account.accountId())).extracting(UserGroup::name).containsExactly("Оптовый отдел");
    }

    @Test
    void theEditorHasMoveButtonsAndTheListSortsByStageOrder() {
        var account = newAccount();
        WebClient web = signIn(user(account, true, "ru"));
        Pipeline p = pipelines.mainPipeline(account.accountId());
        List<Stage> working = p.stages().stream().filter(Stage::isWorking).toList();
        String editor = web.get("/settings/pipelines/" + p.id()).body();
        assertThat(editor).contains("aria-label=\"Сдвинуть этап " + working.get(0).name() + " правее (Alt+→)\"")
                .contains("aria-keyshortcuts=\"Alt+ArrowRight\"");
        // the last working stage becomes the first: its deals now come first in stage order, though its id is the highest
        Stage last = working.get(working.size() - 1);
        HttpResponse<String> moved = web.post("/settings/pipelines/" + p.id() + "/stages/" + last.id() + "/move?position=0", Map.of(),
                true);
        assertThat(moved.statusCode()).isEqualTo(200);
        Stage first = working.get(0);
        tx.execute(s -> deals.create(account.admin(), List.of(
                new NewDeal("a", "В первом", null, null, first.id(), null, null, null, null, null, null, null, null, null),
                new NewDeal("b", "В последнем", null, null, last.id(), null, null, null, null, null, null, null, null, null)),
                Source.API));
        List<NewDeal> many = new java.util.ArrayList<>();
        for (int i = 0; i < 55; i++) {
            many.add(new NewDeal(Integer.toString(i), "Массовая " + i, null, null, first.id(), null, null, null, null, null, null, null,
                    null, null));
        }
        tx.execute(s -> deals.create(account.admin(), many, Source.API));
        String asc = web.get("/leads/list?sort=stage&dir=asc").body();
        assertThat(asc.indexOf(">В последнем<")).isPositive().isLessThan(asc.indexOf(">В первом<"));
        Matcher next = Pattern.compile("hx-get=\"(/leads/list\\?sort=stage[^\"]*)\"").matcher(asc);
        assertThat(next.find()).isTrue();
        String rest = web.get(next.group(1).replace("&amp;", "&"), "HX-Request", "true", "HX-Target", "list-more").body();
        List<String> names = new java.util.ArrayList<>();
        Matcher row = Pattern.compile("class=\"name\"><a [^>]*>([^<]+)</a>").matcher(asc + rest);
        while (row.find()) {
            names.add(row.group(1));
        }
        assertThat(names).hasSize(57).doesNotHaveDuplicates();
        assertThat(names.get(0)).isEqualTo("В последнем");
        assertThat(names.get(1)).isEqualTo("В первом");
        String desc = web.get("/leads/list?sort=stage&dir=desc").body();
        assertThat(desc).doesNotContain(">В последнем<");
    }
}
