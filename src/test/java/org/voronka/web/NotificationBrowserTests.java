package org.voronka.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.BrowserTest;

/**
 * An administrator switches on the logging SMS provider in Настройки → Отправка, adds "on entering
 * Переговоры: SMS to the contact" and "notify me" in the automation editor, drags a deal there, and
 * finds the SMS in the deal's timeline and the notification behind the bell.
 */
class NotificationBrowserTests extends BrowserTest {

    @Autowired
    PipelineManagement pipelines;

    @Test
    void anSmsRuleAndANotifyRuleAddedInTheEditorActWhenADealIsDraggedIntoTheStage() throws Exception {
        var account = newAccount();
        Login login = user(account, "Анна Админова", "ru");
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Stage first = main.firstWorkingStage();
        Stage negotiation = main.stages().stream().filter(s -> s.name().equals("Переговоры")).findFirst().orElseThrow();
        Response contact = account.api().post("/api/v4/contacts", List.of(Map.of("name", "Ольга Смирнова", "custom_fields_values",
                List.of(Map.of("field_code", "PHONE", "values", List.of(Map.of("value", "8 (916) 123-45-67", "enum_code", "MOB")))))));
        long contactId = contact.json().at("/_embedded/contacts/0/id").asLong();
        long deal = account.api().post("/api/v4/leads", List.of(Map.of("name", "Кухня на заказ", "pipeline_id", main.id(),
                "status_id", first.id(), "_embedded", Map.of("contacts", List.of(Map.of("id", contactId, "is_main", true))))))
                .json().at("/_embedded/leads/0/id").asLong();

        Page page = signIn(login, "ru-RU");
        assertThat(page.locator("#bell-count")).isHidden();

        // Настройки → Отправка: the logging provider
        page.navigate(base() + "/settings/messaging");
        page.selectOption("#sms-provider", "logging");
        page.click("#sms-form button[type=submit]");
        idle(page);
        assertThat(page.locator("#messaging-notice")).hasText("Настройки сохранены.");
        screenshot(page, "messaging-settings");

        // the editor's automation mode: two rules on Переговоры
        page.navigate(base() + "/settings/pipelines/" + main.id());
        page.click("text=Автоматизация");
        page.waitForURL("**/settings/pipelines/" + main.id() + "/automation");
        addRule(page, negotiation, "SMS клиенту", "send_sms", "Здравствуйте, {{contact.name}}! Ждём вас.", null);
        addRule(page, negotiation, "Сообщить мне", "notify", "Переговоры по «{{lead.name}}»", Long.toString(login.userId()));
        Locator rules = page.locator(".automation-stage[data-stage='" + negotiation.id() + "'] .rule");
        assertThat(rules).hasCount(2);
        screenshot(page, "messaging-rules");

        page.navigate(base() + "/leads/pipeline/" + main.id());
        drag(page, "#deal-" + deal + ":not(.sortable-fallback)", "#cards-" + main.id() + "-" + negotiation.id());
        assertThat(page.locator("#cards-" + main.id() + "-" + negotiation.id() + " #deal-" + deal)).isVisible();

        // the SMS is in the deal's timeline, with the rule's name
        String expected = "SMS клиенту: SMS to +79161234567 (logging provider, not sent): Здравствуйте, Ольга Смирнова! Ждём вас.";
        boolean seen = false;
        for (int i = 0; i < 100 && !seen; i++) {
            page.navigate(base() + "/leads/" + deal);
            seen = page.locator("#timeline").innerText().contains(expected);
            if (!seen) {
                Thread.sleep(200);
            }
        }
        assertThat(seen).as("the SMS in the timeline").isTrue();
        screenshot(page, "messaging-timeline");

        // the bell counts the notification; its page lists it with the deal's link
        assertThat(page.locator("#bell-count")).hasText("1");
        page.click("#bell");
        page.waitForURL("**/notifications");
        Locator item = page.locator(".notification.unread");
        assertThat(item).hasCount(1);
        assertThat(item.locator(".text")).hasText("Переговоры по «Кухня на заказ»");
        assertThat(item.locator("a")).hasAttribute("href", "/leads/" + deal);
        screenshot(page, "notifications");
        page.click("#read-all");
        page.waitForLoadState();
        assertThat(page.locator(".notification.unread")).hasCount(0);
        assertThat(page.locator("#bell-count")).isHidden();

        // the outbox lists the logged SMS, with the rule it came from
        page.navigate(base() + "/settings/outbox");
        assertThat(page.locator("#outbox table")).containsText("+79161234567");
        assertThat(page.locator("#outbox table")).containsText("SMS клиенту");
        assertThat(page.locator("#outbox table")).containsText("Отправлено");
        screenshot(page, "outbox");
    }

    private static void addRule(Page page, Stage stage, String name, String action, String text, String notifyUser) {
        // the stage's form for a new rule (each rule below has its own form for further actions)
        Locator s = page.locator(".automation-stage[data-stage='" + stage.id() + "'] .add-rule");
        s.locator("summary").click();
        s.locator("input[name=name]").fill(name);
        s.locator("select[name=trigger]").selectOption("entered");
        s.locator("select[name=action]").selectOption(action);
        s.locator("[name=text]").fill(text);
        if (notifyUser != null) {
            s.locator("select[name=notifyUser]").selectOption(notifyUser);
        }
        s.locator("button[type=submit]").click();
        idle(page);
    }
}
