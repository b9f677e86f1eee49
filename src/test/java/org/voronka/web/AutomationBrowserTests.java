package org.voronka.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.NewDeal;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Source;
import org.voronka.support.BrowserTest;

/** An administrator adds "on entering Переговоры, a call task for tomorrow 10:00" in the editor, then drags a deal there. */
class AutomationBrowserTests extends BrowserTest {

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    DealManagement deals;

    @Test
    void aRuleAddedInTheEditorSetsACallTaskWhenADealIsDraggedIntoTheStage() throws Exception {
        var account = newAccount();
        Login login = user(account, "Анна Админова", "ru");
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Stage first = main.firstWorkingStage();
        Stage negotiation = main.stages().stream().filter(s -> s.name().equals("Переговоры")).findFirst().orElseThrow();
        Deal deal = tx.execute(s -> deals.create(account.admin(), List.of(new NewDeal("0", "Кухня на заказ", new BigDecimal("90000"),
                main.id(), first.id(), null, null, null, null, null, null, null, null, null)), Source.API)).get(0);

        Page page = signIn(login, "ru-RU");
        page.navigate(base() + "/settings/pipelines/" + main.id());
        page.click("text=Автоматизация");
        page.waitForURL("**/settings/pipelines/" + main.id() + "/automation");
        Locator stage = page.locator(".automation-stage[data-stage='" + negotiation.id() + "']");
        stage.locator(".add-rule summary").click();
        stage.locator("input[name=name]").fill("Звонок после переговоров");
        stage.locator("select[name=trigger]").selectOption("entered");
        stage.locator("select[name=action]").selectOption("create_task");
        stage.locator("[name=text]").fill("Позвонить: {{lead.name}}");
        stage.locator("input[name=inDays]").fill("1");
        stage.locator("input[name=at]").fill("10:00");
        stage.locator("button[type=submit]").click();
        idle(page);
        Locator rule = page.locator(".automation-stage[data-stage='" + negotiation.id() + "'] .rule");
        assertThat(rule).hasCount(1);
        assertThat(rule.locator(".rule-name")).hasText("Звонок после переговоров");
        screenshot(page, "automation");
        String ruleId = rule.getAttribute("data-rule");

        page.navigate(base() + "/leads/pipeline/" + main.id());
        drag(page, "#deal-" + deal.id() + ":not(.sortable-fallback)", "#cards-" + main.id() + "-" + negotiation.id());
        assertThat(page.locator("#cards-" + main.id() + "-" + negotiation.id() + " #deal-" + deal.id())).isVisible();

        var api = account.api();
        var response = api.get("/api/v4/tasks?filter[entity_type]=leads&filter[entity_id][]=" + deal.id());
        for (int i = 0; i < 200 && response.status() == 204; i++) {
            Thread.sleep(100);
            response = api.get("/api/v4/tasks?filter[entity_type]=leads&filter[entity_id][]=" + deal.id());
        }
        var created = response.json().at("/_embedded/tasks");
        assertThat(created.size()).isEqualTo(1);
        assertThat(created.get(0).get("text").asString()).isEqualTo("Позвонить: Кухня на заказ");
        ZoneId zone = ZoneId.of("Europe/Moscow");
        assertThat(created.get(0).get("complete_till").asLong())
                .isEqualTo(LocalDate.now(zone).plusDays(1).atTime(LocalTime.of(10, 0)).atZone(zone).toEpochSecond());

        // the card's timeline says which rule did what, and the open task waits at its bottom
        page.navigate(base() + "/leads/" + deal.id());
        assertThat(page.locator("#timeline")).containsText("Звонок после переговоров");
        assertThat(page.locator(".deal-timeline")).containsText("Позвонить: Кухня на заказ");
        page.navigate(base() + "/settings/automations/" + ruleId);
        assertThat(page.locator("table")).containsText("Выполнено");
    }
}
