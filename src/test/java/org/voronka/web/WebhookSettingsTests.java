package org.voronka.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.voronka.shared.Times;
import org.voronka.support.ApiTest;

/** Settings → webhooks over plain HTTP: subscribe from the form, errors in the page, the delivery log with retry, administrators only. */
class WebhookSettingsTests extends ApiTest {

    @Autowired
    JdbcTemplate jdbc;

    private WebClient signedIn(TestAccount account, boolean admin) {
        String email = "w-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        String password = "pw-" + UUID.randomUUID();
        tx.execute(s -> accounts.createUser(account.admin(), "Пользователь", email, password, "ru", admin, 0));
        WebClient web = new WebClient("http://localhost:" + port);
        web.login(email, password, false);
        return web;
    }

    @Test
    void anAdministratorSubscribesAUrlAndReadsItsDeliveryLog() {
        var account = newAccount();
        WebClient web = signedIn(account, true);
        String page = web.get("/settings/webhooks").body();
        assertThat(page).contains("Вебхуков пока нет").contains("class=\"settings-tabs\"").contains("Смена этапа");

        HttpResponse<String> bad = web.post("/settings/webhooks", Map.of("destination", "ftp://example.com", "settings", "add_lead"), true);
        assertThat(bad.body()).contains("http:// или https://");
        assertThat(account.api().get("/api/v4/webhooks").json().get("_total_items").asInt()).isZero();
        HttpResponse<String> none = web.post("/settings/webhooks", Map.of("destination", "https://example.com/h"), true);
        assertThat(none.body()).contains("хотя бы одно событие");

        HttpResponse<String> ok = web.post("/settings/webhooks",
                Map.of("destination", "https://example.com/hook", "settings", "add_lead,status_lead"), true);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("https://example.com/hook").contains("Сделка добавлена").contains("Смена этапа сделки");
        long hook = account.api().get("/api/v4/webhooks").json().at("/_embedded/webhooks/0/id").asLong();

        // a dead letter shows in the log with a retry button
        Instant now = Instant.now();
        long delivery = 8_000_000_000L + account.accountId();
        jdbc.update("insert into webhook_deliveries (account_id, id, webhook_id, event, body, state, attempts, next_attempt_at, "
                        + "last_status, last_error, last_attempt_at, created_at) values (?, ?, ?, 'add_lead', 'x=1', 'failed', 3, ?, 404, 'HTTP 404', ?, ?)",
                account.accountId(), delivery, hook, Times.param(now), Times.param(now), Times.param(now));
        assertThat(web.get("/settings/webhooks").body()).contains("Не доставлено: 1");
        String log = web.get("/settings/webhooks/" + hook + "?state=failed").body();
        assertThat(log).contains("HTTP 404").contains("Отправить снова");
        HttpResponse<String> retried = web.post("/settings/webhooks/deliveries/" + delivery + "/retry?hook=" + hook, Map.of(), true);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select state from webhook_deliveries where account_id = ? and id = ?", String.class,
                account.accountId(), delivery)).isIn("pending", "delivered", "failed");
        assertThat(jdbc.queryForObject("select attempts from webhook_deliveries where account_id = ? and id = ?", Integer.class,
                account.accountId(), delivery)).isLessThanOrEqualTo(1);

        HttpResponse<String> deleted = web.post("/settings/webhooks/" + hook + "/delete", Map.of(), true);
        assertThat(deleted.body()).contains("Вебхуков пока нет");
    }

    @Test
    void managersAreRefused() {
        var account = newAccount();
        WebClient web = signedIn(account, false);
        assertThat(web.get("/settings/webhooks").statusCode()).isEqualTo(403);
        assertThat(web.post("/settings/webhooks", Map.of("destination", "https://example.com/x", "settings", "add_lead"), true).statusCode())
                .isEqualTo(403);
        assertThat(web.get("/settings/pipelines/" + 1).body()).doesNotContain("/settings/webhooks");
    }
}
