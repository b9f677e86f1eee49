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
import org.voronka.automation.AutomationManagement;
import org.voronka.automation.RuleDraft;
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

    @Autowired
    AutomationManagement automation;

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
        stage.locator(".rule-form input[name=name]").fill("Звонок после переговоров");
        stage.locator(".rule-form select[name=trigger]").selectOption("entered");
        stage.locator(".rule-form select[name=action]").selectOption("create_task");
        stage.locator(".rule-form [name=text]").fill("Позвонить: {{lead.name}}");
        stage.locator(".rule-form input[name=inDays]").fill("1");
        stage.locator(".rule-form input[name=at]").fill("10:00");
        stage.locator(".rule-form button[type=submit]").click();
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

    @Test
    void aRuleIsCopiedToAStageOfAnotherPipelineGetsASecondActionAndMovesUp() {
        var account = newAccount();
        Login login = user(account, "Анна Админова", "ru");
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Stage first = main.firstWorkingStage();
        var api = account.api();
        var lawyers = api.post("/api/v4/leads/pipelines", List.of(java.util.Map.of("name", "Юристы", "sort", 20, "is_main", false,
                "is_unsorted_on", false, "_embedded", java.util.Map.of("statuses", List.of(java.util.Map.of("name", "Проверка договора",
                        "sort", 10)))))).json().at("/_embedded/pipelines/0");
        long lawyersId = lawyers.get("id").asLong();
        long check = lawyers.at("/_embedded/statuses").valueStream().filter(x -> x.get("name").asString().equals("Проверка договора"))
                .findFirst().orElseThrow().get("id").asLong();
        for (String name : List.of("Позвонить клиенту", "Отметить в заметке")) {
            automation.create(account.admin(), List.of(new RuleDraft("0", null, name, main.id(), first.id(), "entered", null, null, 0,
                    List.of(java.util.Map.of("type", "add_note", "text", name)), null, false)));
        }

        Page page = signIn(login, "ru-RU");
        page.navigate(base() + "/settings/pipelines/" + main.id() + "/automation");
        Locator rules = page.locator(".automation-stage[data-stage='" + first.id() + "'] .rule");
        assertThat(rules).hasCount(2);
        Locator second = rules.nth(1);
        assertThat(second.locator(".rule-name")).hasText("Отметить в заметке");

        // a second action from the form under the rule
        second.locator(".add-action summary").click();
        second.locator(".action-form select[name=action]").selectOption("add_tags");
        second.locator(".action-form input[name=tag]").fill("Проверить");
        second.locator(".action-form button[type=submit]").click();
        assertThat(page.locator(".automation-stage[data-stage='" + first.id() + "'] .rule").nth(1).locator(".rule-actions > li"))
                .hasCount(2);

        // up one place
        page.locator(".automation-stage[data-stage='" + first.id() + "'] .rule").nth(1).locator(".rule-up").click();
        assertThat(page.locator(".automation-stage[data-stage='" + first.id() + "'] .rule").first().locator(".rule-name"))
                .hasText("Отметить в заметке");

        // copied to the lawyers' pipeline: the editor shows it there
        Locator top = page.locator(".automation-stage[data-stage='" + first.id() + "'] .rule").first();
        top.locator(".copy-rule select[name=target]").selectOption(lawyersId + ":" + check);
        top.locator(".copy-rule button[type=submit]").click();
        page.waitForURL("**/settings/pipelines/" + lawyersId + "/automation");
        Locator copied = page.locator(".automation-stage[data-stage='" + check + "'] .rule");
        assertThat(copied).hasCount(1);
        assertThat(copied.locator(".rule-name")).hasText("Отметить в заметке");
        assertThat(copied.locator(".rule-actions > li")).hasCount(2);
        assertThat(copied.locator(".rule-actions")).containsText("Проверить");
        assertThat(automation.rules(account.accountId(), main.id())).hasSize(2);
    }
}
