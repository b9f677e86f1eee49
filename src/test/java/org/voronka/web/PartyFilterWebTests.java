package org.voronka.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.deal.DealManagement;
import org.voronka.massaction.MassAction;
import org.voronka.massaction.MassActions;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * The list and the board filtered by the deal's contacts and company: their options, number
 * ranges, phones (any format), names; one contact of the deal meets all the contact conditions;
 * contacts in the trash count for nothing; conditions that do not fit their field are left out;
 * a mass action "all by filter" touches exactly the deals the list shows.
 */
class PartyFilterWebTests extends ApiTest {

    @Autowired
    DealManagement deals;

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    MassActions massActions;

    record Setup(TestAccount account, WebClient web, Pipeline main, long segment, long vip, long regular, long discount, long phone, long industry,
                 long trade, Map<String, Long> deals) {}

    private Setup setup() {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode contactFields = api.post("/api/v4/contacts/custom_fields", List.of(
                Map.of("name", "Сегмент", "type", "select", "enums", List.of(Map.of("value", "VIP"), Map.of("value", "Обычный"))),
                Map.of("name", "Скидка", "type", "numeric"))).json().at("/_embedded/custom_fields");
        long segment = contactFields.get(0).path("id").asLong();
        long vip = contactFields.get(0).at("/enums/0/id").asLong();
        long regular = contactFields.get(0).at("/enums/1/id").asLong();
        long discount = contactFields.get(1).path("id").asLong();
        JsonNode companyFields = api.post("/api/v4/companies/custom_fields", List.of(
                Map.of("name", "Отрасль", "type", "select", "enums", List.of(Map.of("value", "Торговля"), Map.of("value", "Стройка")))))
                .json().at("/_embedded/custom_fields");
        long industry = companyFields.get(0).path("id").asLong();
        long trade = companyFields.get(0).at("/enums/0/id").asLong();
        long building = companyFields.get(0).at("/enums/1/id").asLong();
        long phone = 0;
        for (JsonNode f : api.get("/api/v4/contacts/custom_fields").json().at("/_embedded/custom_fields")) {
            if ("PHONE".equals(f.path("code").asString())) {
                phone = f.path("id").asLong();
            }
        }

        long ivan = contact(api, "Иван Ромашкин", segment, vip, discount, 10, "+7 999 111-22-33");
        long petr = contact(api, "Пётр Лютиков", segment, regular, discount, 30, null);
        long anna = contact(api, "Анна Вторая", segment, vip, discount, 50, null);
        long oleg = contact(api, "Олег Удалённый", segment, vip, discount, 90, null);
        long romashka = company(api, "Ромашка", industry, trade);
        long lutik = company(api, "Лютик", industry, building);

        Map<String, Long> ids = new HashMap<>();
        ids.put("A", lead(api, "Сделка-A", 100, List.of(ivan), romashka));
        ids.put("B", lead(api, "Сделка-B", 200, List.of(petr), lutik));
        ids.put("C", lead(api, "Сделка-C", 300, List.of(petr, anna), null));
        ids.put("D", lead(api, "Сделка-D", 400, List.of(), null));
        ids.put("E", lead(api, "Сделка-E", 500, List.of(oleg), null));
        assertThat(api.delete("/api/v4/contacts/" + oleg).status()).isEqualTo(204);

        WebClient web = new WebClient("http://localhost:" + port);
        String email = "p-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        tx.execute(s -> accounts.createUser(account.admin(), "Фильтр", email, "pw-secret", "ru", true, 0));
        web.login(email, "pw-secret", false);
        return new Setup(account, web, pipelines.mainPipeline(account.accountId()), segment, vip, regular, discount, phone, industry, trade, ids);
    }

    @Test
    void theListAndTheBoardAreFilteredByContactAndCompanyFieldsAndBadConditionsAreLeftOut() {
        Setup s = setup();
        WebClient web = s.web();

        assertThat(listed(web, "contact.cf" + s.segment() + "=" + s.vip())).containsExactly("A", "C");
        // sorted by stage (read stage by stage) the list keeps every condition
        assertThat(listed(web, "contact.cf" + s.segment() + "=" + s.vip() + "&sort=stage")).containsExactly("A", "C");
        // the panel shows the contact's field with its option chosen
        String page = web.get("/leads/list?contact.cf" + s.segment() + "=" + s.vip()).body();
        assertThat(page).contains("id=\"filter-parties\"").contains("id=\"filter-contact-cf" + s.segment() + "\"")
                .containsPattern("value=\"" + s.vip() + "\"\\s+selected");

        // a range, and one contact meeting both conditions (Пётр is regular with 30, Анна VIP with 50)
        assertThat(listed(web, "contact.cf" + s.segment() + "=" + s.vip() + "&contact.cf" + s.discount() + "From=40")).containsExactly("C");
        assertThat(listed(web, "contact.cf" + s.segment() + "=" + s.regular() + "&contact.cf" + s.discount() + "From=40")).isEmpty();
        assertThat(listed(web, "contact.cf" + s.discount() + "From=20&contact.cf" + s.discount() + "To=35")).containsExactly("B", "C");

        // the company's field and name, the contact's phone in another format and its name
        assertThat(listed(web, "company.cf" + s.industry() + "=" + s.trade())).containsExactly("A");
        assertThat(listed(web, "company.name=" + enc("ЛЮТ"))).containsExactly("B");
        assertThat(listed(web, "contact.cf" + s.phone() + "=" + enc("8 (999) 111-22-33"))).containsExactly("A");
        assertThat(listed(web, "contact.name=" + enc("анна"))).containsExactly("C");

        // combined with the deal's own conditions and with each other
        assertThat(listed(web, "contact.cf" + s.segment() + "=" + s.vip() + "&priceFrom=200")).containsExactly("C");
        assertThat(listed(web, "contact.cf" + s.segment() + "=" + s.vip() + "&company.cf" + s.industry() + "=" + s.trade()))
                .containsExactly("A");

        // an unknown field, an option of another field, a range on a select, letters for a number: left out, the page answers
        HttpResponse<String> bad = web.get("/leads/list?contact.cf999999=1&contact.cf" + s.segment() + "=" + s.trade() + "&company.cf"
                + s.industry() + "From=5&contact.cf" + s.discount() + "From=" + enc("много"));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(names(bad.body())).containsExactly("A", "B", "C", "D", "E");

        // the board: cards, counts and sums of the filter only
        Stage first = s.main().firstWorkingStage();
        String board = web.get("/leads/pipeline/" + s.main().id() + "?contact.cf" + s.segment() + "=" + s.vip()).body();
        assertThat(names(board)).containsExactly("A", "C");
        assertThat(totalOf(board, s.main().id() + "-" + first.id())).contains("Сделок: 2").contains("400 ₽");
        String ranged = web.get("/leads/pipeline/" + s.main().id() + "?contact.cf" + s.discount() + "From=20&priceTo=250").body();
        assertThat(names(ranged)).containsExactly("B");
        assertThat(totalOf(ranged, s.main().id() + "-" + first.id())).contains("Сделок: 1").contains("200 ₽");
        // the board's panel, fetched when opened, keeps the contact's condition
        String panel = web.get("/leads/pipeline/" + s.main().id() + "/filter-panel?contact.cf" + s.segment() + "=" + s.vip(),
                "HX-Request", "true").body();
        assertThat(panel).contains("id=\"filter-contact-cf" + s.segment() + "\"").contains("id=\"filter-company-cf" + s.industry() + "\"")
                .containsPattern("value=\"" + s.vip() + "\"\\s+selected");
    }

    @Test
    void aMassActionByAContactFilterTouchesExactlyTheMatchingDeals() {
        Setup s = setup();
        Stage target = s.main().stages().get(2);
        String filter = "contact.cf" + s.segment() + "=" + s.vip() + "&contact.cf" + s.discount() + "From=5";
        assertThat(listed(s.web(), filter)).containsExactly("A", "C");
        HttpResponse<String> preview = s.web().postPairs("/leads/mass/preview", "scope", "filter", "filter", filter,
                "action", "stage", "stage", s.main().id() + "-" + target.id());
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("Сделок: 2.");
        HttpResponse<String> started = s.web().postPairs("/leads/mass/start", "scope", "filter", "filter", filter,
                "action", "stage", "stage", s.main().id() + "-" + target.id());
        assertThat(started.statusCode()).isEqualTo(200);
        Matcher run = Pattern.compile("/leads/mass/(\\d+)").matcher(started.body());
        assertThat(run.find()).isTrue();
        long accountId = s.account().accountId();
        await(s.account(), Long.parseLong(run.group(1)));

        for (var e : s.deals().entrySet()) {
            if (e.getKey().equals("E")) {
                continue; // its only contact is in the trash: the filter never saw it
            }
            long status = deals.deal(accountId, e.getValue()).orElseThrow().statusId();
            assertThat(status).as("deal " + e.getKey())
                    .isEqualTo(e.getKey().equals("A") || e.getKey().equals("C") ? target.id() : s.main().firstWorkingStage().id());
        }
        assertThat(deals.deal(accountId, s.deals().get("E")).orElseThrow().statusId()).isEqualTo(s.main().firstWorkingStage().id());
    }

    private void await(TestAccount account, long id) {
        var actor = account.admin();
        long until = System.currentTimeMillis() + 120_000;
        while (!massActions.get(actor, id).over()) {
            assertThat(System.currentTimeMillis()).as("mass action finished").isLessThan(until);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The letters of the deals a list shows ("Сделка-A" → A), in name order. */
    private static List<String> listed(WebClient web, String query) {
        HttpResponse<String> r = web.get("/leads/list?" + query);
        assertThat(r.statusCode()).isEqualTo(200);
        return names(r.body());
    }

    private static List<String> names(String html) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("Сделка-([A-E])").matcher(html);
        while (m.find()) {
            if (!found.contains(m.group(1))) {
                found.add(m.group(1));
            }
        }
        return found.stream().sorted().toList();
    }

    private static String totalOf(String page, String stage) {
        int at = page.indexOf("id=\"total-" + stage + "\"");
        assertThat(at).as("total of " + stage).isGreaterThanOrEqualTo(0);
        return page.substring(at, page.indexOf("</div>", at));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static long contact(ApiClient api, String name, long segment, long option, long discount, int value, String phone) {
        List<Map<String, Object>> values = new ArrayList<>(List.of(
                Map.of("field_id", segment, "values", List.of(Map.of("enum_id", option))),
                Map.of("field_id", discount, "values", List.of(Map.of("value", value)))));
        if (phone != null) {
            values.add(Map.of("field_code", "PHONE", "values", List.of(Map.of("value", phone, "enum_code", "MOB"))));
        }
        return api.post("/api/v4/contacts", List.of(Map.of("name", name, "custom_fields_values", values))).json()
                .at("/_embedded/contacts/0/id").asLong();
    }

    private static long company(ApiClient api, String name, long industry, long option) {
        return api.post("/api/v4/companies", List.of(Map.of("name", name, "custom_fields_values",
                List.of(Map.of("field_id", industry, "values", List.of(Map.of("enum_id", option))))))).json()
                .at("/_embedded/companies/0/id").asLong();
    }

    private static long lead(ApiClient api, String name, int price, List<Long> contacts, Long company) {
        Map<String, Object> embedded = new HashMap<>();
        embedded.put("contacts", contacts.stream().map(id -> Map.of("id", id)).toList());
        if (company != null) {
            embedded.put("companies", List.of(Map.of("id", company)));
        }
        var response = api.post("/api/v4/leads", List.of(Map.of("name", name, "price", price, "_embedded", embedded)));
        assertThat(response.status()).isEqualTo(200);
        return response.json().at("/_embedded/leads/0/id").asLong();
    }
}
