package org.voronka.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.BrowserTest;

/** A contact's duplicate hint, deleting and restoring it from the trash, and a company's history, as people see them. */
class PartyCardBrowserTests extends BrowserTest {

    private static Map<String, Object> phone(String value) {
        return Map.of("field_code", "PHONE", "values", List.of(Map.of("value", value, "enum_code", "WORK")));
    }

    @Test
    void aDuplicateIsHintedAndADeletedContactComesBackFromTheTrash() {
        var account = newAccount("ru");
        long known = account.api().post("/api/v4/contacts", List.of(Map.of("name", "Анна Известная",
                "custom_fields_values", List.of(phone("+7 912 345-67-89"))))).json().at("/_embedded/contacts/0/id").asLong();
        Page page = signIn(user(account, "Ольга Менеджер", "ru"), "ru-RU");
        page.onDialog(d -> d.accept());

        // a new contact with the same phone written another way: the card hints at the known one
        page.click("nav.sidebar a[href='/contacts']");
        page.click("#contact-add");
        page.fill("#contact-new-name", "Анна Новая");
        page.fill("#contact-new-phone", "8 (912) 345 67 89");
        page.click("#contact-create");
        Locator card = page.locator("#panel #contact-card");
        assertThat(card.locator("#contact-duplicates")).containsText("Возможный дубль:");
        assertThat(card.locator("#contact-duplicates .duplicate-link")).hasText("Анна Известная");
        screenshot(page, "contact-duplicate-hint");

        // the hint opens the other one; it is deleted from its card
        card.locator("#contact-duplicates .duplicate-link").click();
        idle(page);
        assertThat(page.locator("#panel #contact-name")).hasValue("Анна Известная");
        page.click("#delete-contact");
        idle(page);
        assertThat(page.locator("#panel #restore-contact")).isVisible();
        assertThat(page.locator("#panel #contact-card")).containsText("Контакт «Анна Известная» удалён");
        assertThat(page.locator("#contact-row-" + known)).hasCount(0);
        screenshot(page, "contact-deleted");
        page.navigate(base() + "/contacts");
        assertThat(page.locator("#list-body")).containsText("Анна Новая");
        assertThat(page.locator("#list-body")).not().containsText("Анна Известная");

        // Корзина → Контакты lists it; restoring brings it back to the list
        page.navigate(base() + "/leads/trash");
        page.click("#trash-tab-contacts");
        idle(page);
        Locator row = page.locator("#trashed-contacts-" + known);
        assertThat(row).containsText("Анна Известная");
        assertThat(row).containsText("Ольга Менеджер");
        screenshot(page, "trash-contacts");
        row.locator(".restore-one").click();
        idle(page);
        assertThat(page.locator("#trash-list")).containsText("Восстановлено: 1");
        assertThat(page.locator("#trashed-contacts-" + known)).hasCount(0);
        page.navigate(base() + "/contacts");
        assertThat(page.locator("#list-body")).containsText("Анна Известная");
    }

    @Test
    void anEditedCompanyShowsEveryChangeInItsTimeline() {
        var account = newAccount("ru");
        long id = account.api().post("/api/v4/companies", List.of(Map.of("name", "ИП Старое",
                "custom_fields_values", List.of(phone("+7 912 000-00-01"))))).json().at("/_embedded/companies/0/id").asLong();
        Page page = signIn(user(account, "Ольга Менеджер", "ru"), "ru-RU");
        page.navigate(base() + "/companies/" + id);
        Locator card = page.locator("#company-card");

        page.fill("#company-name", "ИП Новое");
        page.locator("#company-name").press("Tab");
        idle(page);
        // the tag editor suggests creating the typed tag
        page.locator("#company-tag-input").pressSequentially("опт");
        page.locator("#company-tag-suggest .suggestion.create").click();
        idle(page);
        assertThat(card.locator("#company-tags")).containsText("опт");
        Locator phones = card.locator("form.multi[data-kind=phones]");
        phones.locator(".multi-row:not(.new) input").first().fill("+7 912 000-00-02");
        phones.locator(".multi-row:not(.new) input").first().press("Tab");
        idle(page);

        Locator timeline = page.locator("#company-card .timeline");
        assertThat(timeline).containsText("Компания создана");
        assertThat(timeline).containsText("Название изменено: «ИП Старое» → «ИП Новое»");
        assertThat(timeline).containsText("Добавлены теги: опт");
        assertThat(timeline).containsText("Поле «Телефон»: +7 912 000-00-01 → +7 912 000-00-02");
        screenshot(page, "company-timeline");
    }
}
