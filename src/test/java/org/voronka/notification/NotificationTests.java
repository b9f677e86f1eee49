package org.voronka.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.voronka.account.User;
import org.voronka.messaging.Messaging;
import org.voronka.messaging.MessagingSettings;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.Times;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import org.voronka.support.Eventually;
import org.voronka.support.MainPipeline;
import org.voronka.webhook.Receiver;
import tools.jackson.databind.JsonNode;

/** The bell as users see it: rules notify the deal's responsible user or a given user, e-mail on request; admins hear of failing webhooks. */
class NotificationTests extends ApiTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Autowired
    Notifications notifications;

    @Autowired
    Messaging messaging;

    @Autowired
    JdbcTemplate jdbc;

    private Actor manager(TestAccount account, String name, String email) {
        User u = tx.execute(s -> accounts.createUser(account.admin(), name, email, "pw-" + email, "ru", false, 0));
        return new Actor(account.accountId(), u.id(), false, "ru");
    }

    private static long deal(ApiClient api, MainPipeline s, String name, long responsible) {
        Response d = api.post("/api/v4/leads", List.of(Map.of("name", name, "price", 5000, "pipeline_id", s.pipeline(), "status_id", s.first(),
                "responsible_user_id", responsible)));
        assertThat(d.status()).as(d.text()).isEqualTo(200);
        return d.json().at("/_embedded/leads/0/id").asLong();
    }

    @Test
    void aRuleNotifiesTheDealsResponsibleUserAndAGivenUserWhoReadThem() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        MainPipeline s = MainPipeline.of(api);
        Actor olga = manager(account, "Ольга", "olga-" + account.accountId() + "@staff.test");
        Actor boss = manager(account, "Руководитель", "boss-" + account.accountId() + "@staff.test");
        Response r = api.post("/api/v4/automations", List.of(Map.of("name", "Сообщить о переговорах", "pipeline_id", s.pipeline(),
                "status_id", s.second(), "trigger", "entered", "actions", List.of(
                        Map.of("type", "notify", "user", "deal", "text", "Сделка «{{lead.name}}» на {{lead.price}} ₽ в переговорах"),
                        Map.of("type", "notify", "user", boss.userId(), "text", "{{rule.name}}: {{lead.name}}")))));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        long deal = deal(api, s, "Стеллаж", olga.userId());
        assertThat(notifications.unread(olga)).isZero();

        api.patch("/api/v4/leads/" + deal, Map.of("status_id", s.second()));
        List<Notification> mine = Eventually.await(() -> notifications.list(olga, false, 0, 10), l -> l.size() == 1);
        assertThat(mine.get(0).text()).isEqualTo("Сделка «Стеллаж» на 5000 ₽ в переговорах");
        assertThat(mine.get(0).dealId()).isEqualTo(deal);
        assertThat(mine.get(0).kind()).isEqualTo("automation");
        assertThat(mine.get(0).unread()).isTrue();
        List<Notification> bosses = notifications.list(boss, false, 0, 10);
        assertThat(bosses).extracting(Notification::text).containsExactly("Сообщить о переговорах: Стеллаж");
        assertThat(notifications.unread(olga)).isEqualTo(1);
        assertThat(notifications.unread(account.admin())).as("nobody else").isZero();

        notifications.markRead(olga, mine.get(0).id());
        assertThat(notifications.unread(olga)).isZero();
        assertThat(notifications.list(olga, true, 0, 10)).isEmpty();
        assertThat(notifications.list(olga, false, 0, 10).get(0).readAt()).isNotNull();
        assertThatThrownBy(() -> notifications.markRead(olga, bosses.get(0).id())).as("another user's").isInstanceOf(NotFoundException.class);
        assertThat(notifications.markAllRead(boss)).isEqualTo(1);
        assertThat(notifications.unread(boss)).isZero();
    }

    @Test
    void aUserWhoOptedInAlsoGetsTheNotificationByEmail() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        MainPipeline s = MainPipeline.of(api);
        String email = "mail-" + account.accountId() + "@staff.test";
        Actor ivan = manager(account, "Иван", email);
        messaging.save(account.admin(), MessagingSettings.none().withSmtp("127.0.0.1", smtp.getSmtp().getPort(), null, null,
                "crm@voronka.test", "none"));
        notifications.setByEmail(ivan, true);
        assertThat(notifications.byEmail(ivan)).isTrue();
        api.post("/api/v4/automations", List.of(Map.of("name", "Уведомить", "pipeline_id", s.pipeline(), "status_id", s.second(),
                "trigger", "entered", "actions", List.of(Map.of("type", "notify", "text", "Новая сделка {{lead.name}}")))));
        long deal = deal(api, s, "Тумба", ivan.userId());
        api.patch("/api/v4/leads/" + deal, Map.of("status_id", s.second()));

        List<MimeMessage> mail = Eventually.await(() -> Arrays.stream(smtp.getReceivedMessages()).filter(m -> to(m).equals(email)).toList(),
                l -> l.size() == 1);
        assertThat(mail.get(0).getSubject()).isEqualTo("Voronka: уведомление по сделке");
        assertThat(String.valueOf(mail.get(0).getContent()).strip()).isEqualTo("Новая сделка Тумба");
        assertThat(notifications.unread(ivan)).isEqualTo(1);
    }

    @Test
    void administratorsAreNotifiedWhenAWebhookIsSwitchedOffAfterFailing() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        MainPipeline s = MainPipeline.of(api);
        Actor manager = manager(account, "Менеджер", "m-" + account.accountId() + "@staff.test");
        try (Receiver receiver = new Receiver()) {
            receiver.status.set(500);
            Response hook = api.post("/api/v4/webhooks", Map.of("destination", receiver.url("/hook"), "settings", List.of("add_lead")));
            assertThat(hook.status()).as(hook.text()).isEqualTo(201);
            long hookId = hook.json().get("id").asLong();
            // the hook has already answered 100 times wrongly within the last two hours
            Instant recent = Instant.now().minus(Duration.ofMinutes(30));
            List<Object[]> history = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                history.add(new Object[] {account.accountId(), hookId, 0L, Times.param(recent), 500, false, "HTTP 500"});
            }
            jdbc.batchUpdate("insert into webhook_attempts (account_id, webhook_id, delivery_id, attempted_at, status, ok, error) "
                    + "values (?, ?, ?, ?, ?, ?, ?)", history);

            deal(api, s, "Последняя капля", account.adminId());
            receiver.next(Eventually.WAIT);
            List<Notification> admins = Eventually.await(() -> notifications.list(account.admin(), false, 0, 10), l -> !l.isEmpty());
            assertThat(admins.get(0).kind()).isEqualTo("webhook_disabled");
            assertThat(admins.get(0).text()).startsWith(receiver.url("/hook") + " — More than 100 invalid answers in 2 hours; the last: HTTP 500");
            assertThat(notifications.list(manager, false, 0, 10)).as("not an administrator").isEmpty();
            assertThat(api.get("/api/v4/webhooks").json().at("/_embedded/webhooks/0/disabled").asBoolean()).isTrue();
        }
    }

    @Test
    void theApiListsAndMarksTheCallersNotificationsAndAdministratorsSeeAndRetrySends() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        MainPipeline s = MainPipeline.of(api);
        assertThat(api.get("/api/v4/notifications").status()).isEqualTo(204);
        api.post("/api/v4/automations", List.of(Map.of("name", "Мне", "pipeline_id", s.pipeline(), "status_id", s.first(),
                "trigger", "created", "actions", List.of(Map.of("type", "notify", "text", "Создана {{lead.name}}")))));
        long one = deal(api, s, "Первая", account.adminId());
        deal(api, s, "Вторая", account.adminId());
        JsonNode list = Eventually.await(() -> api.get("/api/v4/notifications?filter[unread]=true"),
                r -> r.status() == 200 && r.json().at("/_embedded/notifications").size() == 2).json();
        assertThat(list.get("_unread").asInt()).isEqualTo(2);
        // the two rule runs may be carried out in either order (or together): find the first deal's notification by its deal
        JsonNode first = list.at("/_embedded/notifications/0").get("lead_id").asLong() == one
                ? list.at("/_embedded/notifications/0") : list.at("/_embedded/notifications/1");
        assertThat(first.get("text").asString()).isEqualTo("Создана Первая");
        assertThat(first.get("lead_id").asLong()).isEqualTo(one);
        assertThat(first.get("kind").asString()).isEqualTo("automation");
        assertThat(first.get("is_read").asBoolean()).isFalse();

        assertThat(api.post("/api/v4/notifications/" + first.get("id").asLong() + "/read", Map.of()).status()).isEqualTo(204);
        assertThat(api.get("/api/v4/notifications?filter[unread]=1").json().at("/_embedded/notifications").size()).isEqualTo(1);
        assertThat(api.post("/api/v4/notifications/999999/read", Map.of()).status()).isEqualTo(404);
        Response bad = api.get("/api/v4/notifications?filter[unread]=maybe");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("filter[unread]");
        assertThat(api.post("/api/v4/notifications/read_all", Map.of()).json().get("updated").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v4/notifications?filter[unread]=true").status()).isEqualTo(204);
        assertThat(api.get("/api/v4/notifications").json().at("/_embedded/notifications").size()).isEqualTo(2);

        // sends: administrators only; a message that has not failed cannot be retried
        assertThat(api.get("/api/v4/messages").status()).isEqualTo(204);
        assertThat(api.get("/api/v4/messages?filter[state]=lost").status()).isEqualTo(400);
        messaging.save(account.admin(), MessagingSettings.none().withSms("logging", null, "POST", "application/json", null));
        long sent = tx.execute(x -> messaging.queue(account.accountId(), new org.voronka.messaging.OutgoingMessage("sms", "+79990000000", null,
                "Текст", one, null, null, null, account.adminId())));
        JsonNode message = Eventually.await(() -> api.get("/api/v4/messages?filter[state]=sent"), r -> r.status() == 200).json()
                .at("/_embedded/messages/0");
        assertThat(message.get("id").asLong()).isEqualTo(sent);
        assertThat(message.get("channel").asString()).isEqualTo("sms");
        assertThat(api.post("/api/v4/messages/" + sent + "/retry", Map.of()).status()).isEqualTo(422);
        Actor manager = manager(account, "Менеджер", "api-" + account.accountId() + "@staff.test");
        String token = tokens.issue(account.admin(), manager.userId(), "test", Duration.ofDays(1)).token();
        assertThat(api.withToken(token).get("/api/v4/messages").status()).isEqualTo(403);
        assertThat(api.withToken(token).get("/api/v4/notifications").status()).as("a user sees only their own").isEqualTo(204);
    }

    private static String to(MimeMessage m) {
        try {
            return m.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
