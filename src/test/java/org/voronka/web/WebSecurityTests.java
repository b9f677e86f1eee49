package org.voronka.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.NewDeal;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.shared.Source;
import org.voronka.support.ApiTest;

/** Signing in, sessions, CSRF and account isolation of the web UI, over plain HTTP. */
class WebSecurityTests extends ApiTest {

    @Autowired
    DealManagement deals;

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    JdbcTemplate jdbc;

    record Login(String email, String password, long userId) {}

    Login user(TestAccount account, String lang) {
        String email = "u-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        String password = "pw-" + UUID.randomUUID();
        var u = tx.execute(s -> accounts.createUser(account.admin(), "Пользователь", email, password, lang, true, 0));
        return new Login(email, password, u.id());
    }

    WebClient client() {
        return new WebClient("http://localhost:" + port);
    }

    @Test
    void pagesNeedSigningInAndHtmxIsToldWhereToGo() {
        WebClient web = client();
        HttpResponse<String> page = web.get("/leads");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        HttpResponse<String> partial = web.get("/leads/list", "HX-Request", "true");
        assertThat(partial.statusCode()).isEqualTo(401);
        assertThat(partial.headers().firstValue("HX-Redirect").orElseThrow()).endsWith("/login");
        assertThat(web.get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(web.get("/v3/api-docs").statusCode()).isEqualTo(200);
        assertThat(web.get("/webjars/htmx.org/dist/htmx.min.js").statusCode()).isEqualTo(200);
    }

    @Test
    void wrongPasswordGetsAClearMessageInTheBrowsersLanguage() {
        var account = newAccount();
        Login login = user(account, "ru");
        WebClient web = client();
        HttpResponse<String> failed = web.login(login.email(), "not-the-password", false);
        assertThat(failed.statusCode()).isEqualTo(302);
        assertThat(failed.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        assertThat(web.get("/login?error").body()).contains("Неверный e-mail или пароль");
        assertThat(web.get("/login?error", "Accept-Language", "en-US,en;q=0.9").body()).contains("Wrong e-mail or password");
        assertThat(web.get("/leads").statusCode()).isEqualTo(302);
    }

    @Test
    void signedInSessionLivesInTheDatabaseAndShowsTheUsersLanguage() {
        var account = newAccount();
        Login login = user(account, "en");
        WebClient web = client();
        HttpResponse<String> ok = web.login(login.email(), login.password(), false);
        assertThat(ok.headers().firstValue("Location").orElseThrow()).endsWith("/leads");
        HttpResponse<String> leads = web.get("/leads");
        assertThat(leads.headers().firstValue("Location").orElseThrow()).contains("/leads/pipeline/");
        String board = web.get(leads.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "")).body();
        assertThat(board).contains("Set up").contains("Deals");
        HttpResponse<String> toEditor = web.get("/settings/pipelines");
        String settings = toEditor.statusCode() == 302
                ? web.get(toEditor.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "")).body()
                : toEditor.body();
        assertThat(settings).contains("class=\"settings-tabs\"").contains("Pipeline setup");
        assertThat(jdbc.queryForObject("select count(*) from spring_session where principal_name = ?", Long.class,
                Long.toString(login.userId()))).isEqualTo(1);
        HttpResponse<String> out = web.post("/logout", Map.of(), true);
        assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/login?logout");
        assertThat(web.get("/leads").statusCode()).isEqualTo(302);
    }

    @Test
    void rememberMeSignsInANewBrowserSession() {
        var account = newAccount();
        Login login = user(account, "ru");
        WebClient web = client();
        web.login(login.email(), login.password(), true);
        HttpCookie remember = web.cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("remember-me"))
                .findFirst().orElseThrow();
        WebClient later = client();
        later.cookies.getCookieStore().add(java.net.URI.create("http://localhost:" + port), remember);
        HttpResponse<String> leads = later.get("/leads");
        assertThat(leads.statusCode()).isEqualTo(302);
        assertThat(leads.headers().firstValue("Location").orElseThrow()).contains("/leads/pipeline/");
    }

    @Test
    void aChangeWithoutTheCsrfTokenIsRefused() {
        var account = newAccount();
        Login login = user(account, "ru");
        WebClient web = client();
        web.login(login.email(), login.password(), false);
        long pipeline = pipelines.mainPipeline(account.accountId()).id();
        long stage = pipelines.mainPipeline(account.accountId()).firstWorkingStage().id();
        web.get("/leads/pipeline/" + pipeline);
        Map<String, String> form = Map.of("statusId", Long.toString(stage), "name", "no token");
        assertThat(web.post("/leads/pipeline/" + pipeline + "/quick-add", form, false).statusCode()).isEqualTo(403);
        assertThat(deals.list(account.accountId(), org.voronka.deal.DealQuery.all(10))).isEmpty();
        HttpResponse<String> withToken = web.post("/leads/pipeline/" + pipeline + "/quick-add", form, true);
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).contains("no token");
    }

    @Test
    void anotherAccountsDealIsNotFound() {
        var mine = newAccount();
        var theirs = newAccount();
        Deal secret = tx.execute(s -> deals.create(theirs.admin(), List.of(new NewDeal("0", "Секретная сделка", null, null, null,
                null, null, null, null, null, null, null, null, null)), Source.API).get(0));
        Login login = user(mine, "ru");
        WebClient web = client();
        web.login(login.email(), login.password(), false);
        HttpResponse<String> card = web.get("/leads/" + secret.id());
        assertThat(card.statusCode()).isEqualTo(404);
        assertThat(card.body()).doesNotContain("Секретная сделка").contains("Не найдено");
        web.get("/leads/list");
        HttpResponse<String> move = web.post("/leads/" + secret.id() + "/move",
                Map.of("pipelineId", Long.toString(secret.pipelineId()), "statusId", "142"), true);
        assertThat(move.statusCode()).isEqualTo(404);
        assertThat(deals.deal(theirs.accountId(), secret.id()).orElseThrow().statusId()).isEqualTo(secret.statusId());
        assertThat(web.get("/leads/pipeline/" + secret.pipelineId()).statusCode()).isEqualTo(404);
    }

    @Test
    void userTextIsEscapedInPages() {
        var account = newAccount();
        String evil = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";
        tx.execute(s -> deals.create(account.admin(), List.of(new NewDeal("0", evil, null, null, null, null, null, null, null,
                null, null, null, null, null)), Source.API));
        Login login = user(account, "ru");
        WebClient web = client();
        web.login(login.email(), login.password(), false);
        String list = web.get("/leads/list").body();
        assertThat(list).doesNotContain("<script>alert(1)").doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void badInputInTheCardIsAnInlineErrorAndChangesNothing() {
        var account = newAccount();
        Deal deal = tx.execute(s -> deals.create(account.admin(), List.of(new NewDeal("0", "Окна", null, null, null, null, null,
                null, null, null, null, null, null, null)), Source.API).get(0));
        Login login = user(account, "ru");
        WebClient web = client();
        web.login(login.email(), login.password(), false);
        web.get("/leads/" + deal.id());
        HttpResponse<String> r = web.post("/leads/" + deal.id() + "/fields", Map.of("field", "price", "value", "много"), true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Бюджет — это число").contains("aria-invalid=\"true\"");
        HttpResponse<String> ok = web.post("/leads/" + deal.id() + "/fields", Map.of("field", "price", "value", "1 500,50"), true);
        assertThat(ok.headers().firstValue("HX-Trigger").orElseThrow()).contains("deals-changed");
        assertThat(deals.deal(account.accountId(), deal.id()).orElseThrow().price()).isEqualByComparingTo("1500.50");
        HttpResponse<String> blank = web.post("/leads/" + deal.id() + "/fields", Map.of("field", "name", "value", " "), true);
        assertThat(blank.body()).contains("Название не может быть пустым");
        assertThat(deals.deal(account.accountId(), deal.id()).orElseThrow().name()).isEqualTo("Окна");
    }
}
