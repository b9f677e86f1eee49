package org.voronka.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.contact.Company;
import org.voronka.contact.CompanyManagement;
import org.voronka.contact.Contact;
import org.voronka.contact.ContactManagement;
import org.voronka.contact.NewCompany;
import org.voronka.contact.NewContact;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.Deal;
import org.voronka.deal.DealContact;
import org.voronka.deal.DealManagement;
import org.voronka.deal.NewDeal;
import org.voronka.shared.Source;
import org.voronka.support.ApiTest;

/** The contacts and companies pages and cards, and a deal's contacts and company, over plain HTTP. */
class ContactsWebTests extends ApiTest {

    static final String EVIL = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";
    static final String EVIL_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";
    private static final Pattern CONTACT_ID = Pattern.compile("data-contact=\"(\\d+)\"");

    @Autowired
    ContactManagement contacts;

    @Autowired
    CompanyManagement companies;

    @Autowired
    DealManagement deals;

    @Autowired
    FieldValues fields;

    WebClient signedIn(TestAccount account, boolean admin) {
        String email = "u-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        String password = "pw-" + UUID.randomUUID();
        tx.execute(s -> accounts.createUser(account.admin(), "Менеджер", email, password, "ru", admin, 0));
        WebClient web = new WebClient("http://localhost:" + port);
        web.login(email, password, false);
        return web;
    }

    static long contactId(String html) {
        Matcher m = CONTACT_ID.matcher(html);
        assertThat(m.find()).as("a contact card in the answer").isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aContactIsCreatedFromTheListWithItsPhoneAndEMailAndFoundByANormalisedPhone() {
        var account = newAccount();
        WebClient web = signedIn(account, false);
        assertThat(web.get("/contacts").body()).contains("Контакты").contains("Контактов не найдено");
        HttpResponse<String> created = web.post("/contacts", Map.of("name", "Иван Петров", "phone", "+7 (912) 345-67-89",
                "email", "ivan@example.ru"), true);
        assertThat(created.statusCode()).isEqualTo(200);
        long id = contactId(created.body());
        assertThat(created.headers().firstValue("HX-Push-Url").orElseThrow()).isEqualTo("/contacts/" + id);
        assertThat(created.body()).contains("Иван Петров").contains("+7 (912) 345-67-89").contains("ivan@example.ru")
                .contains("hx-swap-oob=\"afterbegin:#list-body\"").contains("Контакт создан");
        String list = web.get("/contacts").body();
        assertThat(list).contains("Иван Петров").contains("+7 (912) 345-67-89").contains("ivan@example.ru");
        assertThat(web.get("/contacts?q=89123456789").body()).contains("Иван Петров");
        assertThat(web.get("/contacts?q=IVAN@EXAMPLE").body()).contains("Иван Петров");
        assertThat(web.get("/contacts?q=" + java.net.URLEncoder.encode("Сидоров", java.nio.charset.StandardCharsets.UTF_8)).body())
                .doesNotContain("Иван Петров").contains("Контактов не найдено");
        assertThat(web.get("/contacts/" + id).body()).contains("Иван Петров").contains("Контакт № " + id);
    }

    @Test
    void badValuesOnCreationAreShownBesideTheFieldAndCreateNothing() {
        var account = newAccount();
        WebClient web = signedIn(account, false);
        web.get("/contacts");
        HttpResponse<String> phone = web.post("/contacts", Map.of("name", "Без номера", "phone", "нет телефона"), true);
        assertThat(phone.statusCode()).isEqualTo(422);
        assertThat(phone.headers().firstValue("HX-Retarget").orElseThrow()).isEqualTo("#contact-new");
        assertThat(phone.body()).contains("В номере телефона должны быть цифры").contains("value=\"нет телефона\"");
        HttpResponse<String> email = web.post("/contacts", Map.of("name", "Без почты", "email", "not-an-address"), true);
        assertThat(email.statusCode()).isEqualTo(422);
        assertThat(email.body()).contains("Это не похоже на адрес e-mail");
        HttpResponse<String> company = web.post("/companies", Map.of("name", "Фирма", "phone", "---"), true);
        assertThat(company.statusCode()).isEqualTo(422);
        assertThat(contacts.list(account.accountId(), org.voronka.contact.PartyQuery.newestFirst(null, null, 10))).isEmpty();
        assertThat(companies.list(account.accountId(), org.voronka.contact.PartyQuery.newestFirst(null, null, 10))).isEmpty();
    }

    @Test
    void aPhoneEditedOnTheCardSendsUpdateContact() throws Exception {
        var account = newAccount();
        Contact c = tx.execute(s -> contacts.create(account.admin(), List.of(new NewContact("0", "Анна", null, null, null, null, null,
                null, null, null, null, null))).get(0));
        try (org.voronka.webhook.Receiver receiver = new org.voronka.webhook.Receiver()) {
            assertThat(account.api().post("/api/v4/webhooks", Map.of("destination", receiver.url("/card"),
                    "settings", List.of("update_contact"))).status()).isEqualTo(201);
            WebClient web = signedIn(account, false);
            web.get("/contacts/" + c.id());
            assertThat(web.postPairs("/contacts/" + c.id() + "/phones", "type", "MOB", "value", "8 912 000-00-01").statusCode())
                    .isEqualTo(200);
            Map<String, String> form = receiver.next("update_contact", java.time.Duration.ofSeconds(15)).form();
            assertThat(form).containsEntry("contacts[update][0][id]", Long.toString(c.id()))
                    .containsEntry("contacts[update][0][name]", "Анна")
                    .containsEntry("contacts[update][0][custom_fields][0][code]", "PHONE")
                    .containsEntry("contacts[update][0][custom_fields][0][values][0][value]", "8 912 000-00-01");
        }
    }

    @Test
    void theCardEditsNamesPhonesEMailsResponsibleAndTags() {
        var account = newAccount();
        Contact c = tx.execute(s -> contacts.create(account.admin(), List.of(new NewContact("0", "Анна", null, null, null, null, null,
                null, null, null, null, null))).get(0));
        WebClient web = signedIn(account, false);
        web.get("/contacts/" + c.id());
        HttpResponse<String> phones = web.postPairs("/contacts/" + c.id() + "/phones", "type", "MOB", "value", "8 912 000-00-01",
                "type", "WORK", "value", "+7 495 111-22-33", "type", "WORK", "value", "");
        assertThat(phones.statusCode()).isEqualTo(200);
        assertThat(phones.body()).contains("8 912 000-00-01").contains("+7 495 111-22-33");
        var stored = fields.read(account.accountId(), FieldValues.CONTACTS, List.of(c.id())).get(c.id());
        assertThat(stored.get(0).values()).extracting(v -> v.value() + "/" + v.enumCode())
                .containsExactly("8 912 000-00-01/MOB", "+7 495 111-22-33/WORK");
        HttpResponse<String> badPhone = web.postPairs("/contacts/" + c.id() + "/phones", "type", "MOB", "value", "звонить утром");
        assertThat(badPhone.body()).contains("В номере телефона должны быть цифры").contains("value=\"звонить утром\"");
        assertThat(fields.read(account.accountId(), FieldValues.CONTACTS, List.of(c.id())).get(c.id()).get(0).values()).hasSize(2);
        HttpResponse<String> emails = web.postPairs("/contacts/" + c.id() + "/emails", "type", "PRIV", "value", "anna@example.ru");
        assertThat(emails.body()).contains("anna@example.ru");
        assertThat(web.postPairs("/contacts/" + c.id() + "/emails", "type", "PRIV", "value", "anna at example").body())
                .contains("Это не похоже на адрес e-mail");
        web.post("/contacts/" + c.id() + "/fields", Map.of("field", "last_name", "value", "Смирнова"), true);
        web.post("/contacts/" + c.id() + "/fields", Map.of("field", "tags", "value", "vip, опт"), true);
        HttpResponse<String> blank = web.post("/contacts/" + c.id() + "/fields", Map.of("field", "name", "value", "  "), true);
        assertThat(blank.body()).contains("Название не может быть пустым").contains("aria-invalid=\"true\"");
        Contact now = contacts.contact(account.accountId(), c.id()).orElseThrow();
        assertThat(now.lastName()).isEqualTo("Смирнова");
        assertThat(now.name()).isEqualTo("Смирнова");
        HttpResponse<String> renamed = web.post("/contacts/" + c.id() + "/fields", Map.of("field", "name", "value", "Анна Смирнова"), true);
        assertThat(renamed.body()).contains("value=\"Анна Смирнова\"").contains("vip").contains("опт");
        long other = tx.execute(s -> accounts.createUser(account.admin(), "Второй", "second-" + UUID.randomUUID() + "@test.local",
                "password-1", "ru", false, 0)).id();
        web.post("/contacts/" + c.id() + "/fields", Map.of("field", "responsible", "value", Long.toString(other)), true);
        assertThat(contacts.contact(account.accountId(), c.id()).orElseThrow().responsibleUserId()).isEqualTo(other);
        // clearing every phone removes them
        web.postPairs("/contacts/" + c.id() + "/phones", "type", "MOB", "value", "");
        assertThat(fields.read(account.accountId(), FieldValues.CONTACTS, List.of(c.id())).get(c.id()))
                .noneMatch(f -> "PHONE".equals(f.fieldCode()));
    }

    @Test
    void aContactIsPutIntoANewOrAnExistingCompanyAndShowsInItsCard() {
        var account = newAccount();
        Contact c = tx.execute(s -> contacts.create(account.admin(), List.of(new NewContact("0", "Олег", null, null, null, null, null,
                null, null, null, null, null))).get(0));
        Company existing = tx.execute(s -> companies.create(account.admin(), List.of(new NewCompany("0", "ООО Ромашка", null, null,
                null, null, null, null, null))).get(0));
        WebClient web = signedIn(account, false);
        web.get("/contacts/" + c.id());
        String suggested = web.get("/parties/suggest?kind=company&to=contact&owner=" + c.id() + "&name="
                + java.net.URLEncoder.encode("ромаш", java.nio.charset.StandardCharsets.UTF_8)).body();
        assertThat(suggested).contains("ООО Ромашка").contains("value=\"" + existing.id() + "\"")
                .contains("hx-post=\"/contacts/" + c.id() + "/company\"");
        HttpResponse<String> linked = web.post("/contacts/" + c.id() + "/company", Map.of("pick", Long.toString(existing.id()),
                "name", "ромаш"), true);
        assertThat(linked.body()).contains("ООО Ромашка").contains("Прикреплена компания ООО Ромашка");
        assertThat(contacts.contact(account.accountId(), c.id()).orElseThrow().companyId()).isEqualTo(existing.id());
        String companyCard = web.get("/companies/" + existing.id()).body();
        assertThat(companyCard).contains("Олег").contains("href=\"/contacts/" + c.id() + "\"");
        // a new company by the typed name
        web.post("/contacts/" + c.id() + "/company/unlink", Map.of(), true);
        assertThat(contacts.contact(account.accountId(), c.id()).orElseThrow().companyId()).isNull();
        web.post("/contacts/" + c.id() + "/company", Map.of("name", "ИП Новиков"), true);
        Long newCompany = contacts.contact(account.accountId(), c.id()).orElseThrow().companyId();
        assertThat(companies.company(account.accountId(), newCompany).orElseThrow().name()).isEqualTo("ИП Новиков");
        web.post("/contacts/" + c.id() + "/company/unlink", Map.of(), true);
        assertThat(web.post("/contacts/" + c.id() + "/company", Map.of("name", " "), true).body())
                .contains("Название не может быть пустым");
        assertThat(contacts.contact(account.accountId(), c.id()).orElseThrow().companyId()).isNull();
    }

    @Test
    void aCompanyCardShowsItsContactsAndDealsAndAddsContacts() {
        var account = newAccount();
        WebClient web = signedIn(account, false);
        web.get("/companies");
        HttpResponse<String> created = web.post("/companies", Map.of("name", "АО Вектор", "phone", "8 800 555-35-35"), true);
        assertThat(created.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("data-company=\"(\\d+)\"").matcher(created.body());
        assertThat(m.find()).isTrue();
        long companyId = Long.parseLong(m.group(1));
        Deal deal = tx.execute(s -> deals.create(account.admin(), List.of(new NewDeal("0", "Поставка", null, null, null, null, null,
                null, null, null, null, null, null, null)), Source.API).get(0));
        tx.execute(s -> {
            deals.setCompany(account.admin(), deal.id(), companyId);
            return null;
        });
        HttpResponse<String> added = web.post("/companies/" + companyId + "/contacts", Map.of("name", "Мария"), true);
        assertThat(added.body()).contains("Мария").contains("Поставка").contains("href=\"/leads/" + deal.id() + "\"");
        String list = web.get("/companies").body();
        assertThat(list).contains("АО Вектор").contains("8 800 555-35-35");
        assertThat(web.get("/companies?q=88005553535").body()).contains("АО Вектор");
    }

    @Test
    void aDealsCardFindsOrCreatesContactsAndACompanyAndMarksTheMainContact() {
        var account = newAccount();
        Deal deal = tx.execute(s -> deals.create(account.admin(), List.of(new NewDeal("0", "Кухня", null, null, null, null, null,
                null, null, null, null, null, null, null)), Source.API).get(0));
        Contact known = tx.execute(s -> contacts.create(account.admin(), List.of(new NewContact("0", "Пётр Известный", null, null, null,
                null, null, null, null, null, null, null))).get(0));
        WebClient web = signedIn(account, false);
        String card = web.get("/leads/" + deal.id()).body();
        assertThat(card).contains("deal-contact-find").contains("deal-company-find");
        HttpResponse<String> created = web.post("/leads/" + deal.id() + "/contacts", Map.of("name", "Новый Клиент"), true);
        assertThat(created.headers().firstValue("HX-Trigger").orElseThrow()).contains("deals-changed");
        assertThat(created.body()).contains("Новый Клиент").contains("основной");
        String suggestions = web.get("/parties/suggest?kind=contact&to=deal&owner=" + deal.id() + "&name="
                + java.net.URLEncoder.encode("извест", java.nio.charset.StandardCharsets.UTF_8)).body();
        assertThat(suggestions).contains("Пётр Известный").doesNotContain("Новый Клиент");
        web.post("/leads/" + deal.id() + "/contacts", Map.of("pick", Long.toString(known.id()), "name", "извест"), true);
        HttpResponse<String> main = web.post("/leads/" + deal.id() + "/contacts/" + known.id() + "/main", Map.of(), true);
        assertThat(main.body()).contains("href=\"/contacts/" + known.id() + "\"");
        List<DealContact> links = deals.contactsOf(account.accountId(), List.of(deal.id())).get(deal.id());
        assertThat(links).hasSize(2);
        assertThat(links).filteredOn(DealContact::main).extracting(DealContact::contactId).containsExactly(known.id());
        web.post("/leads/" + deal.id() + "/company", Map.of("name", "ООО Кухни"), true);
        Long companyId = deals.deal(account.accountId(), deal.id()).orElseThrow().companyId();
        assertThat(companies.company(account.accountId(), companyId).orElseThrow().name()).isEqualTo("ООО Кухни");
        assertThat(web.get("/companies/" + companyId).body()).contains("Кухня");
        assertThat(web.get("/contacts/" + known.id()).body()).contains("Кухня").contains("href=\"/leads/" + deal.id() + "\"");
        web.post("/leads/" + deal.id() + "/contacts/" + known.id() + "/unlink", Map.of(), true);
        assertThat(deals.contactsOf(account.accountId(), List.of(deal.id())).get(deal.id())).hasSize(1);
        web.post("/leads/" + deal.id() + "/company/unlink", Map.of(), true);
        assertThat(deals.deal(account.accountId(), deal.id()).orElseThrow().companyId()).isNull();
    }

    @Test
    void namesAreEscapedAndAnotherAccountsContactsCannotBeReached() {
        var mine = newAccount();
        var theirs = newAccount();
        Contact secret = tx.execute(s -> contacts.create(theirs.admin(), List.of(new NewContact("0", "Чужой контакт", null, null, null,
                null, null, null, null, null, null, null))).get(0));
        Company secretCompany = tx.execute(s -> companies.create(theirs.admin(), List.of(new NewCompany("0", "Чужая компания", null,
                null, null, null, null, null, null))).get(0));
        tx.execute(s -> contacts.create(mine.admin(), List.of(new NewContact("0", EVIL, null, null, null, null, null, null, null, null,
                null, null))));
        tx.execute(s -> companies.create(mine.admin(), List.of(new NewCompany("0", EVIL, null, null, null, null, null, null, null))));
        WebClient web = signedIn(mine, false);
        String list = web.get("/contacts").body();
        assertThat(list).doesNotContain("<script>alert(1)").doesNotContain("<img src=x").contains(EVIL_ESCAPED)
                .doesNotContain("Чужой контакт");
        assertThat(web.get("/companies").body()).doesNotContain("<script>alert(1)").contains(EVIL_ESCAPED)
                .doesNotContain("Чужая компания");
        HttpResponse<String> card = web.get("/contacts/" + secret.id());
        assertThat(card.statusCode()).isEqualTo(404);
        assertThat(card.body()).doesNotContain("Чужой контакт");
        assertThat(web.get("/companies/" + secretCompany.id()).statusCode()).isEqualTo(404);
        assertThat(web.post("/contacts/" + secret.id() + "/fields", Map.of("field", "name", "value", "Взлом"), true).statusCode())
                .isEqualTo(404);
        assertThat(web.get("/parties/suggest?kind=contact&to=deal&owner=1&name="
                + java.net.URLEncoder.encode("Чужой", java.nio.charset.StandardCharsets.UTF_8)).body()).doesNotContain("Чужой");
        long own = contactId(web.post("/contacts", Map.of("name", "Свой"), true).body());
        HttpResponse<String> foreign = web.post("/contacts/" + own + "/company", Map.of("pick", Long.toString(secretCompany.id())), true);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(contacts.contact(mine.accountId(), own).orElseThrow().companyId()).isNull();
        assertThat(contacts.contact(theirs.accountId(), secret.id()).orElseThrow().name()).isEqualTo("Чужой контакт");
    }

    @Test
    void theListPagesByKeysetWithoutRepeatsOrGaps() {
        var account = newAccount();
        List<NewContact> batch = new ArrayList<>();
        for (int i = 0; i < 57; i++) {
            batch.add(new NewContact(Integer.toString(i), "Контакт-" + i, null, null, null, null, null, null, null, null, null, null));
        }
        tx.execute(s -> contacts.create(account.admin(), batch));
        WebClient web = signedIn(account, false);
        String first = web.get("/contacts").body();
        Matcher more = Pattern.compile("hx-get=\"(/contacts\\?[^\"]*after=\\d+)\"").matcher(first);
        assertThat(more.find()).isTrue();
        String second = web.get(more.group(1).replace("&amp;", "&"), "HX-Request", "true", "HX-Target", "list-more").body();
        assertThat(second).doesNotContain("<html").doesNotContain("list-more\"");
        List<String> names = new ArrayList<>();
        Matcher row = Pattern.compile(">(Контакт-\\d+)</a>").matcher(first + second);
        while (row.find()) {
            names.add(row.group(1));
        }
        assertThat(names).hasSize(57).doesNotHaveDuplicates();
        assertThat(names.get(0)).isEqualTo("Контакт-56");
        assertThat(names.get(56)).isEqualTo("Контакт-0");
    }
}
