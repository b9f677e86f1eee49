package org.voronka.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.messaging.internal.MessageSender;
import org.voronka.shared.ValidationException;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import org.voronka.support.Eventually;
import org.voronka.support.MainPipeline;
import org.voronka.webhook.Receiver;
import tools.jackson.databind.JsonNode;

/**
 * E-mail and SMS from automation rules as a client sees them: a real SMTP server and a local SMS
 * gateway receive them, the deal's timeline says who sent what, failures are retried with backoff
 * and end in the dead-letter list and the rule's run log, and a retry sends them.
 */
class MessagingTests extends ApiTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Autowired
    Messaging messaging;

    @Autowired
    MessageSender sender;

    private static long rule(ApiClient api, MainPipeline s, String name, Map<String, Object> action) {
        Response r = api.post("/api/v4/automations", List.of(Map.of("name", name, "pipeline_id", s.pipeline(), "status_id", s.second(),
                "trigger", "entered", "actions", List.of(action))));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().at("/_embedded/automations/0/id").asLong();
    }

    /** A deal in the first stage whose main contact has the phone and e-mail. */
    private static long dealWithContact(ApiClient api, MainPipeline s, String deal, String contact, String phone, String email) {
        Response c = api.post("/api/v4/contacts", List.of(Map.of("name", contact, "custom_fields_values", List.of(
                Map.of("field_code", "PHONE", "values", List.of(Map.of("value", phone, "enum_code", "MOB"))),
                Map.of("field_code", "EMAIL", "values", List.of(Map.of("value", email, "enum_code", "WORK")))))));
        assertThat(c.status()).as(c.text()).isEqualTo(200);
        long contactId = c.json().at("/_embedded/contacts/0/id").asLong();
        Response d = api.post("/api/v4/leads", List.of(Map.of("name", deal, "price", 15000, "pipeline_id", s.pipeline(),
                "status_id", s.first(), "_embedded", Map.of("contacts", List.of(Map.of("id", contactId, "is_main", true))))));
        assertThat(d.status()).as(d.text()).isEqualTo(200);
        return d.json().at("/_embedded/leads/0/id").asLong();
    }

    private static void move(ApiClient api, long deal, long status) {
        assertThat(api.patch("/api/v4/leads/" + deal, Map.of("status_id", status)).status()).isEqualTo(200);
    }

    private static List<String> automationEvents(ApiClient api, long deal) {
        Response r = api.get("/api/v4/leads/" + deal + "/notes?filter[note_type]=service_message");
        List<String> texts = new ArrayList<>();
        if (r.status() == 200) {
            r.json().at("/_embedded/notes").forEach(n -> {
                if ("automation".equals(n.at("/params/service").asString())) {
                    texts.add(n.at("/params/text").asString());
                }
            });
        }
        return texts;
    }

    private static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getRecipients(Message.RecipientType.TO)[0].toString().equals(address);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private MessagingSettings smtpSettings(int port) {
        return MessagingSettings.none().withSmtp("127.0.0.1", port, null, null, "crm@voronka.test", "none");
    }

    /** The rule's newest run, or null before it has run. */
    private JsonNode run(ApiClient api, long rule) {
        Response r = api.get("/api/v4/automations/" + rule + "/runs");
        JsonNode newest = r.status() == 200 ? r.json().at("/_embedded/runs/0") : null;
        return newest == null || newest.isMissingNode() ? null : newest;
    }

    @Test
    void aRuleEmailsTheDealsMainContactFromATemplateAndTheTimelineSaysSo() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        MainPipeline s = MainPipeline.of(api);
        messaging.save(account.admin(), smtpSettings(smtp.getSmtp().getPort()));
        long rule = rule(api, s, "Письмо после встречи", Map.of("type", "send_email", "subject", "Заказ «{{lead.name}}»",
                "text", "Здравствуйте, {{contact.name}}!\nСделка №{{lead.id}} на {{lead.price}} ₽."));
        long deal = dealWithContact(api, s, "Кухня", "Ольга Смирнова", "+7 999 000-00-01", "olga@client.test");

        move(api, deal, s.second());
        List<MimeMessage> mail = Eventually.await(() -> mailTo("olga@client.test"), m -> m.size() == 1);
        assertThat(mail.get(0).getSubject()).isEqualTo("Заказ «Кухня»");
        assertThat(mail.get(0).getFrom()[0].toString()).isEqualTo("crm@voronka.test");
        assertThat(String.valueOf(mail.get(0).getContent()).replace("\r\n", "\n").strip())
                .isEqualTo("Здравствуйте, Ольга Смирнова!\nСделка №" + deal + " на 15000 ₽.");

        List<String> events = Eventually.await(() -> automationEvents(api, deal), e -> e.stream().anyMatch(t -> t.contains("sent")));
        assertThat(events).anyMatch(t -> t.equals("Письмо после встречи: e-mail «Заказ «Кухня»» to olga@client.test: sent"));
        assertThat(events).anyMatch(t -> t.startsWith("Письмо после встречи: e-mail ") && t.endsWith("to olga@client.test queued"));
        assertThat(run(api, rule).get("state").asString()).isEqualTo("done");
        assertThat(messaging.messages(account.admin(), "sent", 0, 10)).hasSize(1);
    }

    @Test
    void anSmsGoesToTheGatewayWithTheExactBodyAndPhoneInInternationalForm() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        MainPipeline s = MainPipeline.of(api);
        try (Receiver gateway = new Receiver()) {
            messaging.save(account.admin(), MessagingSettings.none().withSms("http", gateway.url("/sms/send?key=k1"), "POST",
                    "application/json", "{\"to\":\"{{phone}}\",\"message\":\"{{text}}\",\"sender\":\"Voronka\"}"));
            rule(api, s, "SMS о заказе", Map.of("type", "send_sms", "text", "Заказ \"{{lead.name}}\" принят, {{contact.name}}"));
            long deal = dealWithContact(api, s, "Шкаф", "Иван", "8 (999) 000-11-22", "ivan@client.test");

            move(api, deal, s.second());
            Receiver.Request request = gateway.next(Eventually.WAIT);
            assertThat(request.body()).isEqualTo("{\"to\":\"+79990001122\",\"message\":\"Заказ \\\"Шкаф\\\" принят, Иван\",\"sender\":\"Voronka\"}");
            assertThat(request.header("Content-Type")).startsWith("application/json");
            List<String> events = Eventually.await(() -> automationEvents(api, deal), e -> e.stream().anyMatch(t -> t.endsWith(": sent")));
            assertThat(events).contains("SMS о заказе: SMS to +79990001122: sent");
        }
    }

    @Test
    void theLoggingProviderWritesTheSmsToTheDealsTimelineInsteadOfSendingIt() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        MainPipeline s = MainPipeline.of(api);
        messaging.save(account.admin(), MessagingSettings.none().withSms("logging", null, "POST", "application/json", null));
        rule(api, s, "Пробная SMS", Map.of("type", "send_sms", "text", "Привет, {{contact.name}}"));
        long deal = dealWithContact(api, s, "Стол", "Пётр", "+7 (912) 345-67-89", "petr@client.test");

        move(api, deal, s.second());
        List<String> events = Eventually.await(() -> automationEvents(api, deal), e -> e.stream().anyMatch(t -> t.contains("logging provider")));
        assertThat(events).contains("Пробная SMS: SMS to +79123456789 (logging provider, not sent): Привет, Пётр");
    }

    @Test
    void aSendThatKeepsFailingIsRetriedWithBackoffThenListedAsADeadLetterAndInTheRunLogAndARetrySendsIt() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        MainPipeline s = MainPipeline.of(api);
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        messaging.save(account.admin(), smtpSettings(closed));
        long rule = rule(api, s, "Письмо в никуда", Map.of("type", "send_email", "subject", "Привет", "text", "Текст"));
        long deal = dealWithContact(api, s, "Диван", "Анна", "+7 999 000-00-02", "anna@client.test");
        move(api, deal, s.second());

        OutboundMessage first = Eventually.await(() -> messaging.messages(account.admin(), null, 0, 10),
                l -> l.size() == 1 && l.get(0).attempts() == 1).get(0);
        assertThat(first.state()).isEqualTo("pending");
        assertThat(first.lastError()).isNotBlank();
        assertThat(Duration.between(first.lastAttemptAt(), first.nextAttemptAt())).isEqualTo(Duration.ofMinutes(1));

        // later attempts, each after its pause: 5 attempts in all, then the dead-letter list
        Instant t = Instant.now();
        List<Duration> pauses = new ArrayList<>();
        OutboundMessage m = first;
        for (int i = 0; i < 10 && !m.state().equals("failed"); i++) {
            t = m.nextAttemptAt().plusSeconds(1);
            sender.drain(t);
            OutboundMessage after = messaging.messages(account.admin(), null, 0, 10).get(0);
            if (after.state().equals("pending")) {
                pauses.add(Duration.between(after.lastAttemptAt(), after.nextAttemptAt()));
            }
            m = after;
        }
        assertThat(pauses).containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2));
        assertThat(m.state()).isEqualTo("failed");
        assertThat(m.attempts()).isEqualTo(5);
        assertThat(messaging.deadLetters(account.admin())).isEqualTo(1);
        JsonNode run = run(api, rule);
        assertThat(run.get("state").asString()).isEqualTo("failed");
        assertThat(run.get("error").asString()).startsWith("e-mail to anna@client.test not sent: ");
        assertThat(automationEvents(api, deal)).anyMatch(e -> e.startsWith("Письмо в никуда: e-mail «Привет» to anna@client.test: not sent after 5 attempts"));

        // the server is fixed; Retry sends the dead letter
        long deadId = m.id();
        messaging.save(account.admin(), smtpSettings(smtp.getSmtp().getPort()));
        assertThat(messaging.retry(account.admin(), deadId).state()).isEqualTo("pending");
        Eventually.await(() -> mailTo("anna@client.test"), l -> l.size() == 1);
        Eventually.await(() -> messaging.messages(account.admin(), null, 0, 10).get(0).state(), "sent"::equals);
        assertThat(messaging.deadLetters(account.admin())).isZero();
        assertThatThrownBy(() -> messaging.retry(account.admin(), deadId)).hasMessageContaining("Only a failed message");
    }

    @Test
    void settingsAreCheckedATestEmailIsSentAtOnceAndUnusableSendsFailTheRun() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        MainPipeline s = MainPipeline.of(api);
        assertThatThrownBy(() -> messaging.save(account.admin(), MessagingSettings.none().withSmtp("smtp.test", 70000, null, null,
                "not-an-address", "starttls")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).extracting(ValidationException.Problem::path)
                        .containsExactly("smtp_port", "smtp_from"));
        assertThat(messaging.settings(account.accountId()).emailReady()).as("nothing saved").isFalse();
        assertThatThrownBy(() -> messaging.save(account.admin(), MessagingSettings.none().withSms("http", "ftp://x", "POST",
                "application/json", "{}")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).extracting(ValidationException.Problem::path)
                        .containsExactly("sms_url", "sms_body"));

        // no SMTP yet: the rule's run fails and says why, nothing is queued
        long rule = rule(api, s, "Письмо без сервера", Map.of("type", "send_email", "subject", "Тема", "text", "Текст"));
        long deal = dealWithContact(api, s, "Полка", "Мария", "+7 999 000-00-03", "maria@client.test");
        move(api, deal, s.second());
        JsonNode run = Eventually.await(() -> run(api, rule), r -> r != null && "failed".equals(r.get("state").asString()));
        assertThat(run.get("error").asString()).contains("E-mail is not configured");
        assertThat(messaging.messages(account.admin(), null, 0, 10)).isEmpty();

        messaging.save(account.admin(), smtpSettings(smtp.getSmtp().getPort()));
        messaging.sendTestEmail(account.admin(), "admin@client.test", "Проверка", "Работает");
        assertThat(mailTo("admin@client.test")).hasSize(1);
        assertThat(mailTo("admin@client.test").get(0).getSubject()).isEqualTo("Проверка");

        // a deal without a contact: the run fails with the reason
        long sms = rule(api, new MainPipeline(s.pipeline(), s.second(), s.first()), "SMS без контакта",
                Map.of("type", "send_sms", "text", "Текст"));
        messaging.save(account.admin(), messaging.settings(account.accountId()).withSms("logging", null, "POST", "application/json", null));
        long bare = api.post("/api/v4/leads", List.of(Map.of("name", "Без контакта", "pipeline_id", s.pipeline(), "status_id", s.second())))
                .json().at("/_embedded/leads/0/id").asLong();
        move(api, bare, s.first());
        JsonNode failed = Eventually.await(() -> run(api, sms), r -> r != null && "failed".equals(r.get("state").asString()));
        assertThat(failed.get("error").asString()).isEqualTo("The deal has no contact");
    }
}
