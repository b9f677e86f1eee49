package org.voronka.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.voronka.account.User;
import org.voronka.messaging.Messaging;
import org.voronka.notification.Notification;
import org.voronka.notification.Notifications;
import org.voronka.shared.Times;
import org.voronka.support.ApiTest;

/** Settings → Отправка, the outbox with Retry, and the bell's page, over plain HTTP; managers are refused the settings. */
class MessagingSettingsTests extends ApiTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Messaging messaging;

    @Autowired
    Notifications notifications;

    private record SignedIn(WebClient web, User user) {}

    private SignedIn signedIn(TestAccount account, boolean admin) {
        String email = "m-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        String password = "pw-" + UUID.randomUUID();
        User u = tx.execute(s -> accounts.createUser(account.admin(), "Пользователь", email, password, "ru", admin, 0));
        WebClient web = new WebClient("http://localhost:" + port);
        web.login(email, password, false);
        return new SignedIn(web, u);
    }

    @Test
    void anAdministratorSetsUpSmtpSendsATestEmailAndRetriesADeadLetter() throws Exception {
        var account = newAccount();
        WebClient web = signedIn(account, true).web();
        String page = web.get("/settings/messaging").body();
        assertThat(page).contains("Отправка e-mail и SMS").contains("href=\"/settings/messaging\"").contains("SMTP-сервер");

        HttpResponse<String> bad = web.post("/settings/messaging/smtp", Map.of("host", "127.0.0.1", "port", "порт", "from",
                "crm@voronka.test", "security", "none"), true);
        assertThat(bad.body()).contains("Не сохранено: Порт");
        assertThat(messaging.settings(account.accountId()).emailReady()).isFalse();

        HttpResponse<String> saved = web.post("/settings/messaging/smtp", Map.of("host", "127.0.0.1", "port",
                Integer.toString(smtp.getSmtp().getPort()), "user", "crm", "password", "s3cret", "from", "crm@voronka.test", "security", "none"),
                true);
        assertThat(saved.body()).contains("Настройки сохранены.").doesNotContain("s3cret");
        web.post("/settings/messaging/smtp", Map.of("host", "127.0.0.1", "port", Integer.toString(smtp.getSmtp().getPort()), "user", "",
                "password", "", "from", "crm@voronka.test", "security", "none"), true);
        assertThat(messaging.settings(account.accountId()).smtpPassword()).as("an empty password keeps the saved one").isEqualTo("s3cret");

        HttpResponse<String> test = web.post("/settings/messaging/test", Map.of("to", "boss@client.test"), true);
        assertThat(test.body()).contains("Тестовое письмо отправлено на boss@client.test.");
        assertThat(smtp.getReceivedMessages()).anyMatch(m -> {
            try {
                return m.getSubject().equals("Voronka: тестовое письмо");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        web.post("/settings/messaging/smtp", Map.of("host", "127.0.0.1", "port", Integer.toString(closed), "from", "crm@voronka.test",
                "security", "none"), true);
        assertThat(web.post("/settings/messaging/test", Map.of("to", "boss@client.test"), true).body()).contains("Письмо не отправлено:");

        HttpResponse<String> sms = web.post("/settings/messaging/sms", Map.of("provider", "http", "url", "https://sms.test/send",
                "method", "POST", "contentType", "application/json", "body", "{\"to\": \"{{phone}}\"}"), true);
        assertThat(sms.body()).contains("Не сохранено: Тело запроса");
        assertThat(web.post("/settings/messaging/sms", Map.of("provider", "logging"), true).body()).contains("Настройки сохранены.");

        // a dead letter: listed with its error and a Retry button, counted on the settings page
        Instant now = Instant.now();
        long id = 9_000_000_000L + account.accountId();
        jdbc.update("insert into outbound_messages (account_id, id, channel, recipient, body, state, attempts, next_attempt_at, last_error, "
                        + "last_attempt_at, created_at, user_id) values (?, ?, 'sms', '+79990000000', 'Текст SMS', 'failed', 5, ?, 'HTTP 503', ?, ?, 0)",
                account.accountId(), id, Times.param(now), Times.param(now), Times.param(now));
        assertThat(web.get("/settings/messaging").body()).contains("Не отправлено: 1");
        String outbox = web.get("/settings/outbox?state=failed").body();
        assertThat(outbox).contains("+79990000000").contains("Текст SMS").contains("HTTP 503").contains("Отправить снова");
        HttpResponse<String> retried = web.post("/settings/outbox/" + id + "/retry?state=failed", Map.of(), true);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select state from outbound_messages where account_id = ? and id = ?", String.class,
                account.accountId(), id)).isIn("pending", "sent");
    }

    @Test
    void theBellCountsUnreadNotificationsAndItsPageMarksThemRead() {
        var account = newAccount();
        SignedIn me = signedIn(account, false);
        WebClient web = me.web();
        assertThat(web.get("/notifications").body()).contains("Уведомлений нет.");
        assertThat(web.get("/notifications/count").body()).isEqualTo("0");
        Notification n = tx.execute(s -> notifications.notify(account.accountId(), me.user().id(), Notification.AUTOMATION, null,
                "Проверьте сделку", null, null));
        assertThat(web.get("/notifications/count").body()).isEqualTo("1");
        String list = web.get("/notifications").body();
        assertThat(list).containsPattern("id=\"bell-count\"[^>]*>1<");
        assertThat(list).contains("Проверьте сделку").contains("notification unread");

        HttpResponse<String> read = web.post("/notifications/" + n.id() + "/read", Map.of(), true);
        assertThat(read.statusCode()).isEqualTo(302);
        assertThat(web.get("/notifications/count").body()).isEqualTo("0");
        assertThat(web.post("/notifications/email", Map.of("byEmail", "true"), true).statusCode()).isEqualTo(302);
        assertThat(web.get("/notifications").body()).containsPattern("name=\"byEmail\"[^>]*checked");

        // managers do not reach the sending settings
        assertThat(web.get("/settings/messaging").statusCode()).isEqualTo(403);
        assertThat(web.get("/settings/outbox").statusCode()).isEqualTo(403);
    }
}
