package org.voronka.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.customfield.CustomField;
import org.voronka.customfield.FieldDefinitions;
import org.voronka.customfield.FieldValue;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.DealManagement;
import org.voronka.deal.NewDeal;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Source;
import org.voronka.support.BrowserTest;

/** An administrator shapes the deal card with fields (hidden in some stages); a manager is held at a stage until its required field is filled. */
class FieldsBrowserTests extends BrowserTest {

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    DealManagement deals;

    @Autowired
    FieldDefinitions definitions;

    @Autowired
    FieldValues values;

    @Test
    void fieldsAreDefinedInSettingsAndARequiredFieldHoldsADealBack() {
        var account = newAccount();
        Login login = user(account, "Анна Админова", "ru");
        Page page = signIn(login, "ru-RU");
        Pipeline main = pipelines.mainPipeline(account.accountId());
        List<Stage> working = main.stages().stream().filter(Stage::isWorking).filter(s -> !s.isUnsorted()).toList();
        Stage first = working.get(0);
        Stage measure = working.get(1);
        // created well before the board is opened, so the board's catch-up on recent changes leaves it alone
        long id = tx.execute(s -> deals.create(account.admin(), List.of(new NewDeal("0", "Кухня на заказ", null, main.id(), first.id(),
                null, null, null, null, null, null, null, null, null)), Source.API)).get(0).id();

        // --- Настройки → Поля: a group, a select field with options, a user field required in one stage
        page.navigate(base() + "/settings/fields");
        assertThat(page.locator(".settings-tabs a.active")).hasText("Поля");
        page.fill("#new-group", "Замер");
        page.press("#new-group", "Enter");
        idle(page);
        assertThat(page.locator(".field-groups .group-row input")).hasValue("Замер");
        page.fill("#new-field-name", "Источник");
        page.selectOption("#new-field-type", "select");
        page.fill("#new-field-options", "Сайт\nЗвонок\nВыставка");
        page.click(".new-field button[type=submit]");
        idle(page);
        page.fill("#new-field-name", "Замерщик");
        page.selectOption("#new-field-type", "user");
        page.selectOption("#new-field-group", new SelectOption().setLabel("Замер"));
        page.click(".new-field button[type=submit]");
        idle(page);
        List<CustomField> fields = definitions.fields(account.accountId(), "leads");
        assertThat(fields).extracting(CustomField::name).containsExactly("Источник", "Замерщик");
        CustomField source = fields.get(0);
        CustomField measurer = fields.get(1);
        assertThat(source.enums()).extracting(CustomField.FieldEnum::value).containsExactly("Сайт", "Звонок", "Выставка");
        assertThat(measurer.groupId()).isNotNull();

        // the options are edited in place: rename one, reorder, drop one
        Locator sourceItem = page.locator("details[data-field='" + source.id() + "']");
        sourceItem.locator("summary").click();
        sourceItem.locator("#opt-" + source.enums().get(0).id()).fill("Сайт компании");
        sourceItem.locator("#opt-sort-" + source.enums().get(1).id()).fill("1");
        sourceItem.locator("input[name=enumRemove][value='" + source.enums().get(2).id() + "']").check();
        sourceItem.locator("button[type=submit]").click();
        idle(page);
        assertThat(definitions.field(account.accountId(), "leads", source.id()).orElseThrow().enums())
                .extracting(CustomField.FieldEnum::value).containsExactly("Звонок", "Сайт компании");

        // a bad change is refused beside its form
        Locator measurerItem = page.locator("details[data-field='" + measurer.id() + "']");
        measurerItem.locator("summary").click();
        measurerItem.locator("#fcode-" + measurer.id()).fill("не код");
        measurerItem.locator("button[type=submit]").click();
        idle(page);
        assertThat(page.locator("details[data-field='" + measurer.id() + "'] .problem")).containsText("Код");
        measurerItem = page.locator("details[data-field='" + measurer.id() + "']");
        measurerItem.locator("#fcode-" + measurer.id()).fill("MEASURER");
        measurerItem.locator("input[name=stages][value='" + main.id() + ":" + measure.id() + "']").check();
        measurerItem.locator("button[type=submit]").click();
        idle(page);
        assertThat(page.locator("details[data-field='" + measurer.id() + "'] .field-required")).hasText("обязательное на этапах: 1");
        assertThat(page.locator("section[data-group='" + measurer.groupId() + "'] .field-name")).hasText("Замерщик");
        CustomField required = definitions.field(account.accountId(), "leads", measurer.id()).orElseThrow();
        assertThat(required.code()).isEqualTo("MEASURER");
        assertThat(required.requiredStatuses()).containsExactly(new CustomField.StatusRef(main.id(), measure.id()));
        // the source is of no use once the measuring starts: hidden on the card in that stage
        sourceItem = page.locator("details[data-field='" + source.id() + "']");
        sourceItem.locator("summary").click();
        sourceItem.locator("input[name=hiddenStages][value='" + main.id() + ":" + measure.id() + "']").check();
        sourceItem.locator("button[type=submit]").click();
        idle(page);
        assertThat(page.locator("details[data-field='" + source.id() + "'] .field-hidden")).hasText("скрыто на этапах: 1");
        CustomField hidden = definitions.field(account.accountId(), "leads", source.id()).orElseThrow();
        assertThat(hidden.hiddenStatuses()).containsExactly(new CustomField.StatusRef(main.id(), measure.id()));
        assertThat(hidden.enums()).extracting(CustomField.FieldEnum::value).containsExactly("Звонок", "Сайт компании");
        screenshot(page, "fields-editor");

        // --- the board: dragging into the stage is refused with the reason, the card stays where it was
        page.navigate(base() + "/leads/pipeline/" + main.id());
        assertThat(page.locator("#deal-" + id)).isVisible();
        drag(page, "#deal-" + id + ":not(.sortable-fallback)", "#cards-" + main.id() + "-" + measure.id());
        assertThat(page.locator("#flash")).containsText("«Замерщик»");
        assertThat(page.locator("#flash")).containsText(measure.name());
        assertThat(page.locator("#cards-" + main.id() + "-" + first.id() + " #deal-" + id)).isVisible();
        assertThat(page.locator("#cards-" + main.id() + "-" + measure.id() + " #deal-" + id)).hasCount(0);
        assertThat(deals.deal(account.accountId(), id).orElseThrow().statusId()).isEqualTo(first.id());
        screenshot(page, "board-required-refused");

        // --- the card: the stage selector is refused too; the field is filled inline, then the move goes through
        page.click("#deal-" + id + " .card-name");
        assertThat(page.locator("#panel #deal-card")).isVisible();
        assertThat(page.locator("#deal-card .fields-group")).hasText("Замер");
        page.selectOption("#deal-stage", main.id() + ":" + measure.id());
        idle(page);
        assertThat(page.locator("#deal-stage-error")).containsText("«Замерщик»");
        assertThat(deals.deal(account.accountId(), id).orElseThrow().statusId()).isEqualTo(first.id());
        page.selectOption("#cf-" + source.id(), new SelectOption().setLabel("Звонок"));
        idle(page);
        page.selectOption("#cf-" + measurer.id(), new SelectOption().setLabel("Анна Админова"));
        idle(page);
        // each choice is saved by its own request: wait until both are stored
        page.waitForCondition(() -> values.read(account.accountId(), "leads", List.of(id)).getOrDefault(id, List.of()).size() == 2);
        List<FieldValue> stored = values.read(account.accountId(), "leads", List.of(id)).get(id);
        assertThat(stored).extracting(FieldValue::fieldName).containsExactly("Источник", "Замерщик");
        assertThat(stored.get(1).values().get(0).value()).isEqualTo(login.userId());
        page.selectOption("#deal-stage", main.id() + ":" + measure.id());
        idle(page);
        assertThat(page.locator("#deal-stage-error")).hasCount(0);
        assertThat(deals.deal(account.accountId(), id).orElseThrow().statusId()).isEqualTo(measure.id());
        assertThat(page.locator("#cf-" + measurer.id())).hasValue(Long.toString(login.userId()));
        // in that stage the hidden field is not on the card, and its value is kept
        assertThat(page.locator("#cf-" + source.id())).hasCount(0);
        assertThat(values.read(account.accountId(), "leads", List.of(id)).get(id)).extracting(FieldValue::fieldName)
                .containsExactly("Источник", "Замерщик");
        screenshot(page, "card-fields");
    }

    @Test
    void aWrongValueIsShownBesideItsFieldAndNothingIsSaved() {
        var account = newAccount();
        Login login = user(account, "Борис", "ru");
        Page page = signIn(login, "ru-RU");
        CustomField area = tx.execute(s -> definitions.create(account.admin(), "leads", List.of(new org.voronka.customfield.FieldSpec("0",
                null, "Площадь, м²", "numeric", null, false, null, null, false, null, null, null, null, null, null, null, false, null,
                null)))).get(0);
        long id = tx.execute(s -> deals.create(account.admin(), List.of(new NewDeal("0", "Окна", null, null, null, null, null, null,
                null, null, null, null, null, null)), Source.API)).get(0).id();
        page.navigate(base() + "/leads/" + id);
        page.fill("#cf-" + area.id(), "много");
        page.press("#cf-" + area.id(), "Enter");
        idle(page);
        assertThat(page.locator("#cf-" + area.id() + "-error")).hasText("Значение не подходит для этого поля.");
        assertThat(page.locator("#cf-" + area.id())).hasValue("много");
        assertThat(values.read(account.accountId(), "leads", List.of(id))).isEmpty();
        page.fill("#cf-" + area.id(), "42,5");
        page.press("#cf-" + area.id(), "Enter");
        idle(page);
        assertThat(page.locator("#cf-" + area.id() + "-error")).hasCount(0);
        assertThat(page.locator("#cf-" + area.id())).hasValue("42.5");
    }
}
