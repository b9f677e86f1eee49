package org.voronka.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
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
import org.voronka.tag.TagRef;

/** A sales manager's day in the browser: pipeline setup, the board, the card, the list, the timeline, the language. */
class DealsBrowserTests extends BrowserTest {

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    DealManagement deals;

    @Test
    void setUpAPipelineAndWorkADealThroughIt() {
        var account = newAccount("ru");
        Login login = user(account, "Мария Петрова", "ru");
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Page page = signIn(login, "ru-RU");
        List<String> confirms = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        page.onDialog(d -> {
            (d.type().equals("confirm") ? confirms : alerts).add(d.message());
            d.accept();
        });

        // --- the pipeline editor: a new pipeline, stages added at the end and in the middle, renamed, recoloured, reordered, deleted
        page.click("#configure");
        assertThat(page.locator("#editor")).isVisible();
        page.fill("#new-pipeline", "Опт");
        page.press("#new-pipeline", "Enter");
        assertThat(page.locator(".pipeline-tabs a.active")).hasText("Опт");
        Pipeline wholesale = pipelines.pipelines(account.accountId()).stream().filter(p -> p.name().equals("Опт")).findFirst().orElseThrow();
        Locator working = page.locator(".stages-working .stage.working");
        assertThat(working).hasCount(1);
        addLast(page, working, 2, "Предложение");
        addLast(page, working, 3, "Договор");
        addLast(page, working, 4, "Лишний этап");
        page.locator(".stages-working > .add-stage").nth(1).click();
        idle(page);
        assertThat(working).hasCount(5);
        assertThat(working.nth(1).locator(".stage-name")).hasValue("Новый этап");
        rename(working.nth(1), "Встреча");
        working.nth(1).locator(".palette summary").click();
        working.nth(1).locator("input[value='#87f2c0']").check(new Locator.CheckOptions().setForce(true));
        idle(page);
        assertThat(working.nth(1).locator(".palette .swatch")).hasAttribute("style", Pattern.compile("87f2c0"));
        drag(page, ".stages-working .stage.working:nth-of-type(4) .handle", ".stages-working .stage.working:nth-of-type(2)");
        assertThat(working.nth(1).locator(".stage-name")).hasValue("Договор");
        working.nth(4).locator(".delete-stage").click();
        idle(page);
        assertThat(working).hasCount(4);
        assertThat(confirms.get(confirms.size() - 1)).contains("Лишний этап").contains("Сделок на этапе: 0");
        screenshot(page, "editor");
        List<String> names = pipelines.pipeline(account.accountId(), wholesale.id()).orElseThrow().stages().stream()
                .filter(Stage::isWorking).map(Stage::name).toList();
        assertThat(names).containsExactly("Первичный контакт", "Договор", "Встреча", "Предложение");
        List<Long> stage = pipelines.pipeline(account.accountId(), wholesale.id()).orElseThrow().stages().stream()
                .filter(Stage::isWorking).map(Stage::id).toList();

        // --- the board: a few deals, quick add with an empty name
        tx.execute(s -> deals.create(account.admin(), List.of(
                new NewDeal("0", "Поставка бумаги", new BigDecimal("125000"), wholesale.id(), stage.get(0), null, null, null, null,
                        null, null, List.of(new TagRef(null, "опт", "0"), new TagRef(null, "срочно", "1")), null, null),
                new NewDeal("1", "Картриджи для офиса", new BigDecimal("48000"), wholesale.id(), stage.get(2), null, null, null, null,
                        null, null, null, null, null)), Source.API));
        page.click(".toolbar-right a.btn[href^='/leads/pipeline/']");
        page.waitForURL("**/leads/pipeline/" + wholesale.id());
        page.click(".quick-add-toggle");
        page.fill("#quick-add-name", "");
        page.press("#quick-add-name", "Enter");
        String first = "#cards-" + wholesale.id() + "-" + stage.get(0);
        Locator created = page.locator(first + " .card").filter(new Locator.FilterOptions().setHasText(Pattern.compile("Сделка #\\d+")));
        assertThat(created).hasCount(1);
        long id = Long.parseLong(created.getAttribute("data-id"));
        assertThat(created.locator(".card-name")).hasText("Сделка #" + id);
        assertThat(page.locator("#total-" + wholesale.id() + "-" + stage.get(0) + " .total-count")).hasText("Сделок: 2");

        // --- drag one stage, then across two stages, then to Lost with a reason
        drag(page, "#deal-" + id + ":not(.sortable-fallback)", "#cards-" + wholesale.id() + "-" + stage.get(1));
        assertThat(page.locator("#total-" + wholesale.id() + "-" + stage.get(1) + " .total-count")).hasText("Сделок: 1");
        assertThat(page.locator("#total-" + wholesale.id() + "-" + stage.get(0) + " .total-count")).hasText("Сделок: 1");
        drag(page, "#deal-" + id + ":not(.sortable-fallback)", "#cards-" + wholesale.id() + "-" + stage.get(3));
        assertThat(page.locator("#total-" + wholesale.id() + "-" + stage.get(3) + " .total-count")).hasText("Сделок: 1");
        assertThat(deals.deal(account.accountId(), id).orElseThrow().statusId()).isEqualTo(stage.get(3));
        screenshot(page, "board");
        drag(page, "#deal-" + id + ":not(.sortable-fallback)", ".zone-lost");
        assertThat(page.locator("#loss-dialog")).isVisible();
        page.selectOption("#loss-reason", new com.microsoft.playwright.options.SelectOption().setLabel("Нет бюджета"));
        page.click("#loss-dialog button[value=ok]");
        assertThat(page.locator("#deal-" + id)).hasCount(0);
        page.waitForCondition(() -> deals.deal(account.accountId(), id).orElseThrow().statusId() == Stage.LOST);
        Deal lost = deals.deal(account.accountId(), id).orElseThrow();
        assertThat(lost.statusId()).isEqualTo(Stage.LOST);
        assertThat(lost.lossReasonId()).isNotNull();
        assertThat(lost.closedAt()).isNotNull();

        // --- closed deals on demand; the card over the board; a move to another pipeline from the card
        page.click("#toggle-closed");
        assertThat(page.locator("#cards-" + wholesale.id() + "-143 #deal-" + id)).isVisible();
        page.click("#deal-" + id + " .card-name");
        assertThat(page.locator("#panel #deal-card")).isVisible();
        assertThat(page).hasURL(Pattern.compile(".*/leads/" + id + "$"));
        Stage negotiation = main.stages().get(2);
        page.selectOption("#deal-stage", main.id() + ":" + negotiation.id());
        idle(page);
        assertThat(page.locator("#timeline")).containsText("Опт / Закрыто и не реализовано → " + main.name() + " / " + negotiation.name());
        assertThat(page.locator("#deal-" + id)).hasCount(0);
        screenshot(page, "card");
        page.click(".panel-close");
        assertThat(page.locator("#panel #deal-card")).hasCount(0);
        assertThat(page).hasURL(Pattern.compile(".*/leads/pipeline/" + wholesale.id() + ".*"));

        // --- the list view finds it; the card page shows every step oldest first
        page.click(".view-switch a[href$='/leads/list']");
        assertThat(page.locator("#row-" + id)).containsText(negotiation.name());
        page.navigate(base() + "/leads/" + id);
        Locator events = page.locator("#timeline .event-text");
        assertThat(events).hasText(new String[] {
                "Сделка создана",
                "Этап изменён: Опт / Первичный контакт → Опт / Договор",
                "Этап изменён: Опт / Договор → Опт / Предложение",
                "Этап изменён: Опт / Предложение → Опт / Закрыто и не реализовано",
                "Причина отказа изменена: Не указана → Нет бюджета",
                "Этап изменён: Опт / Закрыто и не реализовано → " + main.name() + " / " + negotiation.name()});

        // --- English
        page.selectOption("#ui-lang", "en");
        assertThat(page.locator("#nav")).containsText("Deals");
        assertThat(page.locator(".deal-timeline h2")).hasText("Timeline");
        page.navigate(base() + "/leads/pipeline/" + main.id());
        assertThat(page.locator("#configure")).hasText("Set up");
        assertThat(page.locator("#toggle-closed")).hasText("Show closed");
        screenshot(page, "board-en");
        assertThat(alerts).isEmpty();
    }

    @Test
    void userTextIsShownAsTextAndRunsNothing() {
        var account = newAccount("ru");
        Login login = user(account, "Админ", "ru");
        Page page = signIn(login, "ru-RU");
        List<String> dialogs = new ArrayList<>();
        page.onDialog(d -> {
            dialogs.add(d.type() + ":" + d.message());
            d.accept();
        });
        String script = "<script>alert(1)</script>";
        String img = "\"><img src=x onerror=alert(1)>";
        Pipeline main = pipelines.mainPipeline(account.accountId());
        page.click(".quick-add-toggle");
        page.fill("#quick-add-name", script);
        page.press("#quick-add-name", "Enter");
        Locator card = page.locator(".card-name").filter(new Locator.FilterOptions().setHasText("alert"));
        assertThat(card).hasText(script);
        page.navigate(base() + "/settings/pipelines/" + main.id());
        Locator stageName = page.locator(".stages-working .stage.working").first().locator(".stage-name");
        stageName.fill(img);
        stageName.press("Tab");
        idle(page);
        assertThat(page.locator(".stages-working .stage.working").first().locator(".stage-name")).hasValue(img);
        page.navigate(base() + "/leads/pipeline/" + main.id());
        assertThat(page.locator(".column-title").nth(1)).hasText(img);
        assertThat(page.locator(".card-name").first()).hasText(script);
        page.click(".card-name");
        assertThat(page.locator("#deal-name")).hasValue(script);
        page.waitForTimeout(300);
        assertThat(dialogs).isEmpty();
        assertThat(page.locator("img[src=x]")).hasCount(0);
    }

    @Test
    void theBoardShowsMovesMadeElsewhereWithoutReloading() {
        var account = newAccount("ru");
        Login login = user(account, "Оля", "ru");
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Stage first = main.firstWorkingStage();
        Stage last = main.stages().stream().filter(Stage::isWorking).reduce((a, b) -> b).orElseThrow();
        Deal deal = tx.execute(s -> deals.create(account.admin(), List.of(new NewDeal("0", "Двери", new BigDecimal("9000"), main.id(),
                first.id(), null, null, null, null, null, null, null, null, null)), Source.API).get(0));
        Page page = signIn(login, "ru-RU");
        assertThat(page.locator("#cards-" + main.id() + "-" + first.id() + " #deal-" + deal.id())).isVisible();
        page.evaluate("() => window.__sameDocument = true");
        // another user (here: an integration through the facade, as the API does) moves the deal
        tx.execute(s -> deals.update(account.admin(), org.voronka.deal.DealUpdate.move(deal.id(), main.id(), last.id(), null),
                Source.API));
        assertThat(page.locator("#cards-" + main.id() + "-" + last.id() + " #deal-" + deal.id())).isVisible();
        assertThat(page.locator("#total-" + main.id() + "-" + last.id() + " .total-sum")).hasText("9 000 ₽");
        assertThat(page.locator("#cards-" + main.id() + "-" + first.id() + " #deal-" + deal.id())).hasCount(0);
        assertThat(page.evaluate("() => window.__sameDocument === true")).isEqualTo(true);
    }

    private static void addLast(Page page, Locator working, int count, String name) {
        page.locator(".stages-working > .add-stage").last().click();
        idle(page);
        assertThat(working).hasCount(count);
        rename(working.nth(count - 1), name);
    }

    private static void rename(Locator stage, String name) {
        Locator input = stage.locator(".stage-name");
        input.fill(name);
        input.press("Tab");
        idle(input.page());
        assertThat(stage.locator(".stage-name")).hasValue(name);
    }
}
