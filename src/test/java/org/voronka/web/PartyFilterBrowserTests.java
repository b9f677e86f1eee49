package org.voronka.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.support.ApiClient;
import org.voronka.support.BrowserTest;
import tools.jackson.databind.JsonNode;

/** A manager opens the board's filter, picks a contact's option and part of a company's name, and sees only those deals. */
class PartyFilterBrowserTests extends BrowserTest {

    @Autowired
    PipelineManagement pipelines;

    @Test
    void theBoardIsFilteredByAContactFieldChosenInThePanel() {
        var account = newAccount("ru");
        ApiClient api = account.api();
        JsonNode field = api.post("/api/v4/contacts/custom_fields", List.of(Map.of("name", "Сегмент", "type", "select",
                "enums", List.of(Map.of("value", "VIP"), Map.of("value", "Обычный"))))).json().at("/_embedded/custom_fields/0");
        long segment = field.get("id").asLong();
        long vip = field.at("/enums/0/id").asLong();
        long regular = field.at("/enums/1/id").asLong();
        long ivan = contact(api, "Иван", segment, vip);
        long petr = contact(api, "Пётр", segment, regular);
        long romashka = api.post("/api/v4/companies", List.of(Map.of("name", "Ромашка"))).json().at("/_embedded/companies/0/id").asLong();
        lead(api, "Окна для VIP", Map.of("contacts", List.of(Map.of("id", ivan)), "companies", List.of(Map.of("id", romashka))));
        lead(api, "Двери для VIP", Map.of("contacts", List.of(Map.of("id", ivan))));
        lead(api, "Окна обычные", Map.of("contacts", List.of(Map.of("id", petr)), "companies", List.of(Map.of("id", romashka))));
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Page page = signIn(user(account, "Менеджер", "ru"), "ru-RU");

        page.navigate(base() + "/leads/pipeline/" + main.id());
        page.click(".filter-panel summary");
        idle(page);
        assertThat(page.locator("#filter-parties legend")).hasText("Контакт / Компания");
        page.selectOption("#filter-contact-cf" + segment, new SelectOption().setLabel("VIP"));
        page.click("#filter-apply");
        idle(page);
        assertThat(page).hasURL(Pattern.compile(".*contact\\.cf" + segment + "=" + vip + ".*"));
        assertThat(page.locator("#content")).containsText("Окна для VIP");
        assertThat(page.locator("#content")).containsText("Двери для VIP");
        assertThat(page.locator("#content")).not().containsText("Окна обычные");

        // and part of the company's name, in any case
        page.click(".filter-panel summary");
        idle(page);
        page.fill("#filter-company-name", "ромаш");
        screenshot(page, "filter-panel-contact-and-company");
        page.click("#filter-apply");
        idle(page);
        assertThat(page.locator("#content")).containsText("Окна для VIP");
        assertThat(page.locator("#content")).not().containsText("Двери для VIP");
        assertThat(page.locator("#content")).not().containsText("Окна обычные");
        screenshot(page, "board-filtered-by-contact");
    }

    private static long contact(ApiClient api, String name, long field, long option) {
        return api.post("/api/v4/contacts", List.of(Map.of("name", name, "custom_fields_values",
                List.of(Map.of("field_id", field, "values", List.of(Map.of("enum_id", option))))))).json().at("/_embedded/contacts/0/id")
                .asLong();
    }

    private static void lead(ApiClient api, String name, Map<String, Object> embedded) {
        org.assertj.core.api.Assertions.assertThat(api.post("/api/v4/leads", List.of(Map.of("name", name, "_embedded", embedded))).status())
                .isEqualTo(200);
    }
}
