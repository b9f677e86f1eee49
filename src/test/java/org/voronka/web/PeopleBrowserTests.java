package org.voronka.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.account.User;
import org.voronka.contact.Contact;
import org.voronka.contact.ContactManagement;
import org.voronka.contact.PartyQuery;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.NewDeal;
import org.voronka.shared.Source;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.support.BrowserTest;

/** Contacts, companies, users and the editor's keyboard reordering, as people use them in the browser. */
class PeopleBrowserTests extends BrowserTest {

    @Autowired
    ContactManagement contacts;

    @Autowired
    FieldValues fields;

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    DealManagement deals;

    @Test
    void createAContactWithTwoPhonesAndPutItIntoACompany() {
        var account = newAccount("ru");
        Login login = user(account, "Ольга Менеджер", "ru");
        Page page = signIn(login, "ru-RU");

        page.click("nav.sidebar a[href='/contacts']");
        assertThat(page.locator("h1.page-title")).hasText("Контакты");
        page.click("#contact-add");
        page.fill("#contact-new-name", "Сергей Клиентов");
        page.fill("#contact-new-phone", "+7 912 111-22-33");
        page.fill("#contact-new-email", "sergey@example.ru");
        page.click("#contact-create");
        Locator card = page.locator("#panel #contact-card");
        assertThat(card).isVisible();
        assertThat(page).hasURL(java.util.regex.Pattern.compile("/contacts/\\d+$"));
        assertThat(page.locator("#list-body")).containsText("Сергей Клиентов");

        // a second phone in the blank row of the phone editor
        Locator phones = card.locator("form.multi[data-kind=phones]");
        phones.locator(".multi-row.new select").selectOption("MOB");
        phones.locator(".multi-row.new input").fill("8 (900) 444-55-66");
        phones.locator(".multi-row.new input").press("Tab");
        idle(page);
        assertThat(card.locator("form.multi[data-kind=phones] .multi-row:not(.new) input")).hasCount(2);
        Contact contact = contacts.list(account.accountId(), PartyQuery.newestFirst(null, null, 5)).get(0);
        var values = fields.read(account.accountId(), FieldValues.CONTACTS, List.of(contact.id())).get(contact.id()).stream()
                .filter(f -> "PHONE".equals(f.fieldCode())).findFirst().orElseThrow().values();
        assertThat(values).extracting(v -> v.value() + " " + v.enumCode())
                .containsExactly("+7 912 111-22-33 WORK", "8 (900) 444-55-66 MOB");

        // a company that does not exist yet, typed into the company field
        page.fill("#contact-company-find", "ООО Пример");
        page.locator("#contact-company-find").press("Enter");
        idle(page);
        assertThat(page.locator("#contact-company-link")).hasText("ООО Пример");
        screenshot(page, "contact-card");

        // the company card lists the contact; the contact's name leads back to its card
        page.click("#contact-company-link");
        Locator company = page.locator("#panel #company-card");
        assertThat(company).isVisible();
        assertThat(company.locator("#company-contacts")).containsText("Сергей Клиентов");
        assertThat(company.locator(".timeline")).containsText("Прикреплён контакт Сергей Клиентов");
        screenshot(page, "company-card");
        page.keyboard().press("Escape");
        page.click("nav.sidebar a[href='/companies']");
        assertThat(page.locator("#list-body")).containsText("ООО Пример");

        // searching contacts by a phone written differently
        page.click("nav.sidebar a[href='/contacts']");
        idle(page); // the search box answers typing only once the swapped-in page has settled
        // the list answers after a short pause in typing: wait for that answer, however slow the machine
        page.waitForResponse(r -> r.url().contains("89001234"), () -> page.fill("#contacts-q", "89001234"));
        idle(page);
        assertThat(page.locator("#list-body")).containsText("Контактов не найдено");
        page.waitForResponse(r -> r.url().contains("89004445566"), () -> page.fill("#contacts-q", "89004445566"));
        idle(page);
        assertThat(page.locator("#list-body")).containsText("Сергей Клиентов");
        screenshot(page, "contacts-list");

        // a deal's card finds the contact as its name is typed and links it as the main contact
        Deal deal = tx.execute(s -> deals.create(account.admin(), List.of(new NewDeal("0", "Поставка окон", null, null, null, null,
                null, null, null, null, null, null, null, null)), Source.API).get(0));
        page.navigate(base() + "/leads/" + deal.id());
        page.locator("#deal-contact-find").pressSequentially("Серг");
        page.locator("#deal-contact-find-list .suggestion").first().click();
        idle(page);
        assertThat(page.locator("#deal-contact-" + contact.id())).containsText("Сергей Клиентов");
        assertThat(page.locator("#deal-contact-" + contact.id() + " .main-mark")).isVisible();
        // the card may still be refreshing after the contact was linked: type again until suggestions come
        for (int attempt = 0; attempt < 3 && page.locator("#deal-company-find-list .suggestion").count() == 0; attempt++) {
            page.fill("#deal-company-find", "");
            page.locator("#deal-company-find").pressSequentially("Прим");
            try {
                page.locator("#deal-company-find-list .suggestion").first().waitFor(new Locator.WaitForOptions().setTimeout(5000));
            } catch (com.microsoft.playwright.TimeoutError e) {
                // typed into an input that was being replaced; the next attempt types into the new one
            }
        }
        page.locator("#deal-company-find-list .suggestion").first().click();
        idle(page);
        assertThat(page.locator("#deal-company-link")).hasText("ООО Пример");
        assertThat(page.locator("#timeline")).containsText("Прикреплён контакт Сергей Клиентов");
        screenshot(page, "deal-card-parties");
    }

    @Test
    void anAdminCreatesAnEnglishSpeakingUserAndAManagerIsRefusedTheUsersPage() {
        var account = newAccount("ru");
        Login admin = user(account, "Админ Главный", "ru");
        Page page = signIn(admin, "ru-RU");
        page.click("nav.sidebar a[href='/settings/pipelines']");
        page.click(".settings-tabs a[href='/settings/users']");
        assertThat(page.locator("h1.page-title")).hasText("Пользователи");
        String email = "john-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        page.fill("#user-name", "John Smith");
        page.fill("#user-email", email);
        page.selectOption("#user-lang", "en");
        page.selectOption("#user-role", "manager");
        page.click("#user-save");
        assertThat(page.locator("#user-created")).isVisible();
        String password = page.locator("#generated-password").textContent().trim();
        assertThat(password).hasSize(14);
        assertThat(page.locator(".users-table")).containsText("John Smith");
        screenshot(page, "users");

        // John signs in and sees English, though his browser asks for Russian
        BrowserContext johns = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900).setLocale("ru-RU"));
        Page john = johns.newPage();
        john.navigate(base() + "/login");
        john.fill("#email", email);
        john.fill("#password", password);
        john.click("button[type=submit]");
        john.waitForURL("**/leads/pipeline/*");
        assertThat(john.locator("nav.sidebar")).containsText("Contacts");
        assertThat(john.locator("#configure")).hasText("Set up");

        // a manager is refused the users page
        john.navigate(base() + "/settings/users");
        assertThat(john.locator("h1")).hasText("Access denied");
        screenshot(john, "users-refused");
        johns.close();

        // the admin deactivates John after confirming: his next sign-in fails
        List<String> confirms = new java.util.ArrayList<>();
        page.onDialog(d -> {
            confirms.add(d.message());
            d.accept();
        });
        page.locator("#user-" + accounts.userByEmail(email).map(User::id).orElseThrow() + " button").click();
        idle(page);
        assertThat(page.locator(".users-table")).containsText("Отключён");
        assertThat(confirms).singleElement().asString().contains("John Smith");
        BrowserContext again = browser.newContext();
        Page retry = again.newPage();
        retry.navigate(base() + "/login");
        retry.fill("#email", email);
        retry.fill("#password", password);
        retry.click("button[type=submit]");
        retry.waitForURL("**/login?error");
        again.close();
    }

    @Test
    void stagesAreReorderedWithTheKeyboard() {
        var account = newAccount("ru");
        Login login = user(account, "Клавиатурный Админ", "ru");
        var main = pipelines.mainPipeline(account.accountId());
        List<Stage> before = main.stages().stream().filter(Stage::isWorking).toList();
        Page page = signIn(login, "ru-RU");
        page.click("#configure");
        Locator first = page.locator("#stage-name-" + before.get(0).id());
        first.focus();
        page.keyboard().press("Alt+ArrowRight");
        idle(page);
        assertThat(page.locator(".stages-working .stage.working").nth(1).locator(".stage-name")).hasValue(before.get(0).name());
        assertThat(page.locator("#stage-name-" + before.get(0).id())).isFocused();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Сдвинуть этап " + before.get(0).name() + " левее (Alt+←)"))
                .click();
        idle(page);
        List<String> names = pipelines.pipeline(account.accountId(), main.id()).orElseThrow().stages().stream()
                .filter(Stage::isWorking).map(Stage::name).toList();
        assertThat(names).containsExactlyElementsOf(before.stream().map(Stage::name).toList());
        screenshot(page, "editor-keyboard");
    }
}
