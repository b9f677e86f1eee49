package org.voronka.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.KeyboardModifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.NewDeal;
import org.voronka.deal.StageTransition;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Source;
import org.voronka.support.BrowserTest;
import org.voronka.tag.TagRef;

/** On the board: several cards selected (ctrl-click, checkboxes) and dragged together; the board narrowed by a tag. */
class BoardSelectionBrowserTests extends BrowserTest {

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    DealManagement deals;

    @Test
    void selectThreeCardsDragThemTogetherThenFilterTheBoardByATag() {
        var account = newAccount("ru");
        Login login = user(account, "Ольга Смирнова", "ru");
        Pipeline main = pipelines.mainPipeline(account.accountId());
        List<Stage> working = main.stages().stream().filter(Stage::isWorking).toList();
        Stage s1 = working.get(0);
        Stage s2 = working.get(1);
        Stage s3 = working.get(2);
        Map<String, Long> id = new java.util.HashMap<>();
        List<NewDeal> batch = new ArrayList<>();
        String[][] plan = {{"Акция А", "1"}, {"Акция Б", "1"}, {"Простая В", "1"}, {"Акция Г", "1"}, {"Простая Д", "1"},
                {"Отказ Е", "2"}, {"Отказ Ж", "2"}};
        for (String[] p : plan) {
            batch.add(new NewDeal(p[0], p[0], new BigDecimal("1000"), main.id(), p[1].equals("1") ? s1.id() : s2.id(), null, null, null,
                    null, null, null, p[0].startsWith("Акция") ? List.of(new TagRef(null, "акция", "0")) : null, null, null));
        }
        tx.execute(s -> deals.create(account.admin(), batch, Source.API)).forEach(d -> id.put(d.name(), d.id()));
        Page page = signIn(login, "ru-RU");
        assertThat(page.locator(total(main, s1))).hasText("Сделок: 5");

        // --- three cards chosen with ctrl-click: marked, counted in the selection bar
        for (String name : List.of("Акция А", "Акция Б", "Простая В")) {
            page.locator("#deal-" + id.get(name) + " .card-meta").click(new Locator.ClickOptions().setModifiers(List.of(KeyboardModifier.CONTROL)));
        }
        assertThat(page.locator(".board .card.selected")).hasCount(3);
        assertThat(page.locator("#panel #deal-card")).hasCount(0);
        assertThat(page.locator("[data-board-selection]")).isVisible();
        assertThat(page.locator("[data-board-selection] [data-mass-selected]")).hasText("Выбрано: 3");
        screenshot(page, "board-selected");

        // --- dragging one of them takes all three to the third stage
        drag(page, "#deal-" + id.get("Акция А") + ":not(.sortable-fallback)", "#cards-" + main.id() + "-" + s3.id());
        assertThat(page.locator(total(main, s3))).hasText("Сделок: 3");
        assertThat(page.locator(total(main, s1))).hasText("Сделок: 2");
        assertThat(page.locator("#cards-" + main.id() + "-" + s3.id() + " .card")).hasCount(3);
        assertThat(page.locator(".board .card.selected")).hasCount(0);
        assertThat(page.locator(".board .card-select:checked")).hasCount(0);
        assertThat(page.locator("[data-board-selection]")).isHidden();
        screenshot(page, "board-moved-together");
        for (String name : List.of("Акция А", "Акция Б", "Простая В")) {
            Deal d = deals.deal(account.accountId(), id.get(name)).orElseThrow();
            assertThat(d.statusId()).as(name).isEqualTo(s3.id());
            List<StageTransition> history = deals.history(account.accountId(), d.id());
            assertThat(history.get(history.size() - 1).source()).isEqualTo("ui");
        }
        page.click("#deal-" + id.get("Простая В") + " .card-name");
        assertThat(page.locator("#panel #deal-card")).isVisible();
        assertThat(page.locator("#timeline")).containsText(main.name() + " / " + s1.name() + " → " + main.name() + " / " + s3.name());
        page.click(".panel-close");
        assertThat(page.locator("#panel #deal-card")).hasCount(0);

        // --- two cards chosen by their checkboxes, dropped on Lost: the reason is asked once for both
        page.locator("#deal-" + id.get("Отказ Е") + " .card-select").check();
        page.locator("#deal-" + id.get("Отказ Ж") + " .card-select").check();
        assertThat(page.locator("[data-board-selection] [data-mass-selected]")).hasText("Выбрано: 2");
        drag(page, "#deal-" + id.get("Отказ Е") + ":not(.sortable-fallback)", ".zone-lost");
        assertThat(page.locator("#loss-dialog")).isVisible();
        page.selectOption("#loss-reason", new com.microsoft.playwright.options.SelectOption().setIndex(0));
        page.click("#loss-dialog button[value=ok]");
        assertThat(page.locator(total(main, s2))).hasText("Сделок: 0");
        // the board does not show the Lost column, so it neither counts nor shows its total
        assertThat(page.locator("#total-" + main.id() + "-143")).hasCount(0);
        for (String name : List.of("Отказ Е", "Отказ Ж")) {
            page.waitForCondition(() -> deals.deal(account.accountId(), id.get(name)).orElseThrow().statusId() == Stage.LOST);
            Deal d = deals.deal(account.accountId(), id.get(name)).orElseThrow();
            assertThat(d.statusId()).isEqualTo(Stage.LOST);
            assertThat(d.lossReasonId()).isNotNull();
        }

        // --- the board narrowed by a tag: counts and cards follow, the address keeps it, the reset brings all back
        page.click(".filter-panel summary");
        page.selectOption("#filter-tag", new com.microsoft.playwright.options.SelectOption().setLabel("акция"));
        page.click("#filter-apply");
        page.waitForURL(Pattern.compile(".*/leads/pipeline/" + main.id() + "\\?.*tag=.*"));
        assertThat(page.locator("#filter-on")).isVisible();
        assertThat(page.locator(total(main, s1))).hasText("Сделок: 1");
        assertThat(page.locator(total(main, s3))).hasText("Сделок: 2");
        assertThat(page.locator("#deal-" + id.get("Простая В"))).hasCount(0);
        assertThat(page.locator("#deal-" + id.get("Акция Г"))).isVisible();
        screenshot(page, "board-filtered");
        page.reload();
        assertThat(page.locator(total(main, s3))).hasText("Сделок: 2");
        page.click("#filter-reset");
        assertThat(page.locator("#filter-on")).hasCount(0);
        assertThat(page.locator(total(main, s3))).hasText("Сделок: 3");

        // --- shift-click picks a run of cards in a column; Escape drops the selection; "select all" takes a whole column
        Locator third = page.locator("#cards-" + main.id() + "-" + s3.id() + " .card");
        third.nth(0).locator(".card-meta").click(new Locator.ClickOptions().setModifiers(List.of(KeyboardModifier.CONTROL)));
        third.nth(2).locator(".card-meta").click(new Locator.ClickOptions().setModifiers(List.of(KeyboardModifier.SHIFT)));
        assertThat(page.locator(".board .card.selected")).hasCount(3);
        page.keyboard().press("Escape");
        assertThat(page.locator(".board .card.selected")).hasCount(0);
        page.locator("#cards-" + main.id() + "-" + s1.id()).locator("xpath=..").locator("[data-select-stage]").click();
        assertThat(page.locator("#cards-" + main.id() + "-" + s1.id() + " .card.selected")).hasCount(2);
        assertThat(page.locator(".board .card.selected")).hasCount(2);
        assertThat(page.locator("[data-board-selection] [data-mass-selected]")).hasText("Выбрано: 2");
    }

    private static String total(Pipeline p, Stage s) {
        return "#total-" + p.id() + "-" + s.id() + " .total-count";
    }
}
