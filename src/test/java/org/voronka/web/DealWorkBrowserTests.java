package org.voronka.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.customfield.FieldWrite;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.NewDeal;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Source;
import org.voronka.support.BrowserTest;
import org.voronka.tag.TagRef;
import org.voronka.task.NewTask;
import org.voronka.task.TaskManagement;
import tools.jackson.databind.JsonNode;

/** A manager works deals through tasks, notes, calls and tags; mistakes go to the trash and back; duplicates are merged. */
class DealWorkBrowserTests extends BrowserTest {

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    DealManagement deals;

    @Autowired
    TaskManagement tasks;

    private Deal deal(TestAccount account, String name, String price, long pipelineId, long statusId, List<TagRef> tags) {
        return tx.execute(s -> deals.create(account.admin(), List.of(new NewDeal("0", name, new BigDecimal(price), pipelineId, statusId,
                null, null, null, null, null, null, tags, null, null)), Source.API).get(0));
    }

    /** A select field «Источник» with the options «Сайт» and «Звонок». */
    private record SourceField(long id, long site, long call) {}

    private static SourceField sourceField(TestAccount account) {
        JsonNode field = account.api().post("/api/v4/leads/custom_fields", List.of(Map.of("name", "Источник", "type", "select",
                "enums", List.of(Map.of("value", "Сайт"), Map.of("value", "Звонок"))))).json().at("/_embedded/custom_fields/0");
        return new SourceField(field.get("id").asLong(), field.at("/enums/0/id").asLong(), field.at("/enums/1/id").asLong());
    }

    private static FieldWrite select(long fieldId, long enumId) {
        return new FieldWrite(fieldId, null, List.of(new FieldWrite.ValueWrite(null, enumId, null)), "custom_fields_values.0");
    }

    @Test
    void aTaskSetOnTheCardShowsOnTheBoardAndItsCompletionInTheTimeline() {
        var account = newAccount("ru");
        Login login = user(account, "Анна Смирнова", "ru");
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Stage first = main.firstWorkingStage();
        Deal calm = deal(account, "Окна для дачи", "70000", main.id(), first.id(), null);
        Deal late = deal(account, "Двери в офис", "120000", main.id(), first.id(), null);
        tx.execute(s -> tasks.create(account.admin(), List.of(new NewTask("0", DealManagement.ENTITY, late.id(), null,
                "Отправить договор", Instant.now().minus(Duration.ofDays(2)), null, login.userId(), null))));
        Page page = signIn(login, "ru-RU");
        List<String> alerts = new ArrayList<>();
        page.onDialog(d -> {
            alerts.add(d.message());
            d.dismiss();
        });
        String column = "#cards-" + main.id() + "-" + first.id();
        assertThat(page.locator("#deal-" + calm.id() + " .card-task")).hasAttribute("data-task", "none");
        assertThat(page.locator("#deal-" + late.id() + " .card-task")).hasAttribute("data-task", "overdue");
        assertThat(page.locator("#deal-" + late.id() + " .card-task")).containsText("Просрочена");

        // the board's task filters, with column totals that count what is shown
        page.click("#filter-overdue");
        assertThat(page.locator(column + " .card")).hasCount(1);
        assertThat(page.locator("#deal-" + late.id())).isVisible();
        assertThat(page.locator("#total-" + main.id() + "-" + first.id() + " .total-count")).hasText("Сделок: 1");
        assertThat(page.locator("#total-" + main.id() + "-" + first.id() + " .total-sum")).hasText("120 000 ₽");
        page.click("#filter-no-tasks");
        assertThat(page.locator(column + " .card")).hasCount(1);
        assertThat(page.locator("#deal-" + calm.id())).isVisible();
        screenshot(page, "board-no-tasks");

        // a task from the card: type, "tomorrow, end of day", responsible, text
        page.click("#deal-" + calm.id() + " .card-name");
        assertThat(page.locator("#panel #deal-card")).isVisible();
        page.click("#tab-task");
        page.click("#composer-task button[type=submit]");
        assertThat(page.locator("#composer-task .error")).containsText("Напишите текст");
        page.selectOption("#task-preset", "tomorrow");
        page.selectOption("#task-type", new SelectOption().setLabel("Встреча"));
        page.fill("#task-text", "Позвонить и договориться о замере");
        page.click("#composer-task button[type=submit]");
        idle(page);
        Locator open = page.locator("#timeline .open-task .task");
        assertThat(open).hasCount(1);
        assertThat(open).containsText("Позвонить и договориться о замере");
        assertThat(open).containsText("Встреча");
        assertThat(open.locator(".task-deadline")).containsText("23:59");
        assertThat(page.locator("#timeline")).containsText("Поставлена задача на");
        // the card underneath left the "no tasks" board as soon as it got one
        assertThat(page.locator(column + " #deal-" + calm.id())).hasCount(0);
        screenshot(page, "card-task");
        page.click(".panel-close");
        page.click(".task-filter a >> nth=0");
        assertThat(page.locator("#deal-" + calm.id() + " .card-task")).hasAttribute("data-task", "open");

        // completed with a result: a timeline entry, and the card shows "no tasks" again
        page.click("#deal-" + calm.id() + " .card-name");
        Locator task = page.locator("#timeline .open-task .task");
        task.locator("input[name=result]").fill("Замер в пятницу в 10:00");
        task.locator(".task-complete button").click();
        idle(page);
        assertThat(page.locator("#timeline .open-task")).hasCount(0);
        Locator done = page.locator("#timeline .event-task_completed");
        assertThat(done.locator(".event-text")).hasText("Задача выполнена: Позвонить и договориться о замере");
        assertThat(done.locator(".event-detail")).hasText("Результат: Замер в пятницу в 10:00");
        assertThat(page.locator("#deal-" + calm.id() + " .card-task")).hasAttribute("data-task", "none");
        assertThat(tasks.list(account.accountId(), new org.voronka.task.TaskQuery(List.of(), List.of(), true, List.of(),
                DealManagement.ENTITY, List.of(calm.id()), List.of(), null, null,
                new org.voronka.task.TaskQuery.Order(org.voronka.task.TaskQuery.Field.ID, false), 0, 10)).get(0).result())
                .isEqualTo("Замер в пятницу в 10:00");
        page.click(".panel-close");

        // the Задачи page: my overdue task, rescheduled, then completed there
        page.click("#nav a[href$='/tasks']");
        assertThat(page.locator(".group-overdue .task")).hasCount(1);
        assertThat(page.locator(".group-overdue .task")).containsText("Отправить договор");
        assertThat(page.locator(".group-overdue .task-entity")).hasText("Сделка: Двери в офис");
        screenshot(page, "tasks-page");
        Locator overdue = page.locator(".group-overdue .task");
        overdue.locator(".task-more summary").first().click();
        overdue.locator("select[name=preset]").selectOption("tomorrow");
        overdue.locator(".task-reschedule button").click();
        idle(page);
        assertThat(page.locator(".group-overdue .task")).hasCount(0);
        Locator tomorrow = page.locator(".group-tomorrow .task");
        assertThat(tomorrow).hasCount(1);
        tomorrow.locator("input[name=result]").fill("Отправлен");
        tomorrow.locator(".task-complete button").click();
        idle(page);
        assertThat(page.locator(".task-groups .task")).hasCount(0);
        assertThat(alerts).isEmpty();
    }

    @Test
    void notesAndCallsGoIntoTheTimelineAndPinnedNotesStayOnTop() {
        var account = newAccount("ru");
        Login login = user(account, "Пётр", "ru");
        Pipeline main = pipelines.mainPipeline(account.accountId());
        deal(account, "Старый клиент", "1000", main.id(), main.firstWorkingStage().id(), List.of(new TagRef(null, "срочно", "0")));
        Deal deal = deal(account, "Кухня на заказ", "250000", main.id(), main.firstWorkingStage().id(), null);
        Page page = signIn(login, "ru-RU");
        page.navigate(base() + "/leads/" + deal.id());

        page.click("#composer-note button[type=submit]");
        assertThat(page.locator("#composer-note .error")).hasText("Напишите текст.");
        page.fill("#note-text", "Клиент просит <b>КП</b> до среды");
        page.click("#composer-note button[type=submit]");
        idle(page);
        Locator note = page.locator("#timeline .event-note-common");
        assertThat(note.locator(".event-text")).hasText("Клиент просит <b>КП</b> до среды");

        page.click("#tab-call");
        page.selectOption("#call-direction", "in");
        page.fill("#call-phone", "+7 900 123-45-67");
        page.fill("#call-minutes", "3");
        page.fill("#call-seconds", "75");
        page.click("#composer-call button[type=submit]");
        assertThat(page.locator("#composer-call .error")).containsText("секунды (до 59)");
        page.fill("#call-seconds", "20");
        page.fill("#call-result", "Уточнили размеры");
        page.click("#composer-call button[type=submit]");
        idle(page);
        Locator call = page.locator("#timeline .event-note-call_in");
        assertThat(call.locator(".event-text")).hasText("Входящий звонок: +7 900 123-45-67, 3 мин 20 с");
        assertThat(call.locator(".event-detail")).hasText("Уточнили размеры");

        note.locator(".pin").click();
        idle(page);
        assertThat(page.locator(".pinned .pinned-note")).hasCount(1);
        assertThat(page.locator(".pinned .event-text")).hasText("Клиент просит <b>КП</b> до среды");
        screenshot(page, "timeline-notes");
        page.reload();
        assertThat(page.locator(".pinned .pinned-note")).hasCount(1);
        page.click(".pinned .unpin");
        idle(page);
        assertThat(page.locator(".pinned")).hasCount(0);

        // tags: the account's tags are suggested while typing, new ones are created on the fly
        page.click("#deal-tag-input");
        page.keyboard().type("сро");
        assertThat(page.locator("#deal-tag-suggest .suggestion").first()).hasText("срочно");
        assertThat(page.locator("#deal-tag-suggest")).isVisible();
        screenshot(page, "tag-suggest");
        page.locator("#deal-tag-suggest .suggestion").first().click();
        idle(page);
        assertThat(page.locator("#deal-tags .tag-name")).hasText(new String[] {"срочно"});
        page.fill("#deal-tag-input", "Повторный");
        page.press("#deal-tag-input", "Enter");
        idle(page);
        assertThat(page.locator("#deal-tags .tag-name")).hasText(new String[] {"Повторный", "срочно"});
        page.locator("#deal-tags .tag").first().locator(".tag-remove").click();
        idle(page);
        assertThat(page.locator("#deal-tags .tag-name")).hasText(new String[] {"срочно"});

        // Настройки → Теги: uses counted, renamed and recoloured in place
        page.click("#nav a[href$='/settings/pipelines']");
        page.click("#settings-tags");
        Locator row = page.locator(".tags-table tbody tr").filter(new Locator.FilterOptions().setHas(
                page.locator("input[value='срочно']")));
        assertThat(row.locator(".tag-uses")).hasText("2");
        row.locator(".tag-name").fill("Горячий");
        row.locator(".tag-name").press("Enter");
        idle(page);
        Locator renamed = page.locator(".tags-table tbody tr").filter(new Locator.FilterOptions().setHas(
                page.locator("input[value='Горячий']")));
        renamed.locator(".palette summary").click();
        renamed.locator("input[value='FF8F92']").check(new Locator.CheckOptions().setForce(true));
        idle(page);
        assertThat(page.locator(".tags-table tbody tr").filter(new Locator.FilterOptions().setHas(
                page.locator("input[value='Горячий']"))).locator(".palette .swatch")).hasAttribute("style", Pattern.compile("FF8F92"));
        screenshot(page, "tag-settings");
        page.navigate(base() + "/leads/" + deal.id());
        assertThat(page.locator("#deal-tags .tag-name")).hasText(new String[] {"Горячий"});
        assertThat(page.locator("#deal-tags .tag")).hasAttribute("style", Pattern.compile("FF8F92"));
    }

    @Test
    void aDealDeletedFromTheCardOrTheBoardComesBackFromDeletedDeals() {
        var account = newAccount("ru");
        Login login = user(account, "Ирина", "ru");
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Stage first = main.firstWorkingStage();
        Stage second = main.stages().stream().filter(Stage::isWorking).skip(1).findFirst().orElseThrow();
        Deal one = deal(account, "Ремонт крыши", "300000", main.id(), first.id(), List.of(new TagRef(null, "VIP", "0")));
        Deal two = deal(account, "Забор", "50000", main.id(), first.id(), null);
        tx.execute(s -> deals.update(account.admin(), org.voronka.deal.DealUpdate.move(one.id(), main.id(), second.id(), null),
                Source.API));
        Page page = signIn(login, "ru-RU");
        List<String> confirms = new ArrayList<>();
        page.onDialog(d -> {
            confirms.add(d.message());
            d.accept();
        });

        page.click("#deal-" + one.id() + " .card-name");
        page.click("#delete-deal");
        assertThat(page.locator("#deal-card.deal-deleted h2")).hasText("Сделка удалена");
        assertThat(confirms.get(0)).contains("Ремонт крыши");
        assertThat(page.locator(".board #deal-" + one.id())).hasCount(0);
        assertThat(deals.deal(account.accountId(), one.id())).isEmpty();
        page.click(".panel-close");

        drag(page, "#deal-" + two.id() + ":not(.sortable-fallback)", ".zone-delete");
        assertThat(page.locator(".board #deal-" + two.id())).hasCount(0);
        assertThat(page.locator("#total-" + main.id() + "-" + first.id() + " .total-count")).hasText("Сделок: 0");
        assertThat(deals.deal(account.accountId(), two.id())).isEmpty();

        page.click("#trash-link");
        assertThat(page.locator("#trashed-" + one.id())).containsText("Ирина");
        assertThat(page.locator("#trashed-" + two.id())).containsText("Забор");
        screenshot(page, "trash");
        page.locator("#trashed-" + one.id() + " .restore-one").click();
        idle(page);
        assertThat(page.locator("#trash-list .notice")).hasText("Восстановлено сделок: 1");
        assertThat(page.locator("#trashed-" + one.id())).hasCount(0);
        page.check("#trashed-" + two.id() + " input[name=ids]");
        page.click("#restore-selected");
        idle(page);
        assertThat(page.locator("#trash-list .empty")).isVisible();

        Deal back = deals.deal(account.accountId(), one.id()).orElseThrow();
        assertThat(back.statusId()).isEqualTo(second.id());
        assertThat(deals.history(account.accountId(), one.id())).hasSize(2);
        page.navigate(base() + "/leads/" + one.id());
        assertThat(page.locator("#deal-tags .tag-name")).hasText(new String[] {"VIP"});
        assertThat(page.locator("#timeline .event-text")).containsText(new String[] {"Сделка создана", "Этап изменён", "Сделка удалена",
                "Сделка восстановлена"});
    }

    @Test
    void twoDealsMergedFromTheListWithChosenValuesAndTheMergeUndone() {
        var account = newAccount("ru");
        Login login = user(account, "Олег", "ru");
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Stage first = main.firstWorkingStage();
        Stage second = main.stages().stream().filter(Stage::isWorking).skip(1).findFirst().orElseThrow();
        SourceField sourceField = sourceField(account);
        long source = sourceField.id();
        long site = sourceField.site();
        long call = sourceField.call();
        long company = account.api().post("/api/v4/companies", List.of(Map.of("name", "ООО Плиточник"))).json()
                .at("/_embedded/companies/0/id").asLong();
        Deal a = tx.execute(s -> deals.create(account.admin(), List.of(new NewDeal("0", "Поставка плитки", new BigDecimal("100000"),
                main.id(), first.id(), null, null, null, null, null, null, List.of(new TagRef(null, "опт", "0")), null, null,
                List.of(select(source, site)))), Source.API).get(0));
        Deal b = tx.execute(s -> deals.create(account.admin(), List.of(new NewDeal("0", "Плитка (дубль)", new BigDecimal("180000"),
                main.id(), second.id(), null, null, null, null, null, null, List.of(new TagRef(null, "сайт", "0")), null, company,
                List.of(select(source, call)))), Source.API).get(0));
        Page page = signIn(login, "ru-RU");
        List<String> confirms = new ArrayList<>();
        page.onDialog(d -> {
            confirms.add(d.message());
            d.accept();
        });
        page.click(".view-switch a[href$='/leads/list']");
        assertThat(page.locator("#merge-selected")).isDisabled();
        page.check("#row-" + a.id() + " input[name=ids]");
        page.check("#row-" + b.id() + " input[name=ids]");
        assertThat(page.locator("#merge-selected")).isEnabled();
        page.click("#merge-selected");
        assertThat(page.locator("#merge-form")).isVisible();
        assertThat(page.locator("#survivor-" + a.id())).isChecked();
        // each custom field side by side, the survivor's value chosen until another is picked; b's company, the only one
        Locator sourceRow = page.locator("tr.merge-custom-field[data-field='" + source + "']");
        assertThat(sourceRow.locator("th")).hasText("Источник");
        assertThat(sourceRow.locator("td")).hasText(new String[] {"Сайт", "Звонок"});
        assertThat(page.locator("#cf-" + source + "-" + a.id())).isChecked();
        assertThat(page.locator("#company-" + b.id())).isChecked();
        page.check("#price-" + b.id());
        page.check("#stage-" + b.id());
        page.check("#cf-" + source + "-" + b.id());
        screenshot(page, "merge");
        page.click("#merge-submit");
        page.waitForURL("**/leads/" + a.id());
        assertThat(page.locator("#deal-name")).hasValue("Поставка плитки");
        assertThat(page.locator("#deal-price")).hasValue("180000");
        assertThat(page.locator("#deal-stage")).hasValue(main.id() + ":" + second.id());
        assertThat(page.locator("#deal-tags .tag-name")).hasText(new String[] {"опт", "сайт"});
        assertThat(page.locator("#cf-" + source)).hasValue(Long.toString(call));
        assertThat(page.locator("#deal-company-link")).hasText("ООО Плиточник");
        assertThat(page.locator(".merged-notice")).isVisible();
        assertThat(deals.deal(account.accountId(), b.id())).isEmpty();
        screenshot(page, "merged");

        page.click("#undo-merge");
        idle(page);
        assertThat(page.locator(".merged-notice")).hasCount(0);
        assertThat(page.locator("#deal-price")).hasValue("100000");
        assertThat(page.locator("#deal-stage")).hasValue(main.id() + ":" + first.id());
        assertThat(page.locator("#deal-tags .tag-name")).hasText(new String[] {"опт"});
        assertThat(page.locator("#cf-" + source)).hasValue(Long.toString(site));
        assertThat(page.locator("#deal-company-link")).hasCount(0);
        assertThat(deals.deal(account.accountId(), b.id()).orElseThrow().statusId()).isEqualTo(second.id());
        assertThat(deals.deal(account.accountId(), b.id()).orElseThrow().companyId()).isEqualTo(company);
        assertThat(confirms).hasSize(1);
    }

    @Test
    void mergeChoicesFollowTheSurvivorExceptThosePickedByHand() {
        var account = newAccount("ru");
        Login login = user(account, "Олег", "ru");
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Stage first = main.firstWorkingStage();
        Stage second = main.stages().stream().filter(Stage::isWorking).skip(1).findFirst().orElseThrow();
        SourceField sourceField = sourceField(account);
        long source = sourceField.id();
        long site = sourceField.site();
        long call = sourceField.call();
        Deal a = deal(account, "Окна", "100000", main.id(), first.id(), List.of());
        Deal b = tx.execute(s -> deals.create(account.admin(), List.of(new NewDeal("0", "Окна (дубль)", new BigDecimal("180000"),
                main.id(), second.id(), null, null, null, null, null, null, List.of(), null, null,
                List.of(select(source, site)))), Source.API).get(0));
        Deal c = tx.execute(s -> deals.create(account.admin(), List.of(new NewDeal("0", "Окна — звонок", BigDecimal.ZERO,
                main.id(), first.id(), null, null, null, null, null, null, List.of(), null, null,
                List.of(select(source, call)))), Source.API).get(0));
        Page page = signIn(login, "ru-RU");
        page.click(".view-switch a[href$='/leads/list']");
        for (Deal d : List.of(a, b, c)) {
            page.check("#row-" + d.id() + " input[name=ids]");
        }
        page.click("#merge-selected");
        assertThat(page.locator("#merge-form")).isVisible();
        // the oldest survives; its values are chosen, and the field it leaves empty takes the first deal's value that has one
        assertThat(page.locator("#survivor-" + a.id())).isChecked();
        assertThat(page.locator("#name-" + a.id())).isChecked();
        assertThat(page.locator("#price-" + a.id())).isChecked();
        assertThat(page.locator("#stage-" + a.id())).isChecked();
        assertThat(page.locator("#cf-" + source + "-" + b.id())).isChecked();
        page.check("#name-" + c.id());

        // another survivor: every choice follows it but the name, picked by hand
        page.check("#survivor-" + b.id());
        idle(page);
        assertThat(page.locator("#survivor-" + b.id())).isChecked();
        assertThat(page.locator("#price-" + b.id())).isChecked();
        assertThat(page.locator("#stage-" + b.id())).isChecked();
        assertThat(page.locator("#cf-" + source + "-" + b.id())).isChecked();
        assertThat(page.locator("#name-" + c.id())).isChecked();
        // and a survivor without a budget takes the first budget there is
        page.check("#survivor-" + c.id());
        idle(page);
        assertThat(page.locator("#price-" + a.id())).isChecked();
        assertThat(page.locator("#stage-" + c.id())).isChecked();
        assertThat(page.locator("#cf-" + source + "-" + c.id())).isChecked();
        page.check("#survivor-" + b.id());
        idle(page);
        assertThat(page.locator("#price-" + b.id())).isChecked();
        assertThat(page.locator("#name-" + c.id())).isChecked();
        screenshot(page, "merge-survivor-switched");

        page.click("#merge-submit");
        page.waitForURL("**/leads/" + b.id());
        assertThat(page.locator("#deal-name")).hasValue("Окна — звонок");
        assertThat(page.locator("#deal-price")).hasValue("180000");
        assertThat(page.locator("#deal-stage")).hasValue(main.id() + ":" + second.id());
        assertThat(page.locator("#cf-" + source)).hasValue(Long.toString(site));
        assertThat(deals.deal(account.accountId(), a.id())).isEmpty();
        assertThat(deals.deal(account.accountId(), c.id())).isEmpty();
    }
}
