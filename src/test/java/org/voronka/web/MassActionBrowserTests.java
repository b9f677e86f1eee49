package org.voronka.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.deal.DealManagement;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.BrowserTest;
import tools.jackson.databind.JsonNode;

/** The head of sales filters the list, moves every matching deal to another pipeline in one go, and undoes it. */
class MassActionBrowserTests extends BrowserTest {

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    DealManagement deals;

    @Test
    void filterByTagAndBudgetMoveAllMatchingDealsToAnotherPipelineAndUndo() {
        var account = newAccount("ru");
        ApiClient api = account.api();
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Response created = api.post("/api/v4/leads/pipelines", List.of(Map.of("name", "Опт", "sort", 20, "is_main", false,
                "is_unsorted_on", false, "_embedded", Map.of("statuses", List.of(Map.of("name", "Заявка", "sort", 10))))));
        JsonNode wholesale = created.json().at("/_embedded/pipelines/0");
        long wholesaleId = wholesale.get("id").asLong();
        long request = wholesale.at("/_embedded/statuses/0/id").asLong();
        List<Long> matching = leads(api, 55, "акция", 5000);
        List<Long> cheap = leads(api, 3, "акция", 100);
        List<Long> untagged = leads(api, 3, null, 5000);
        Login login = user(account, "Руководитель продаж", "ru");
        Page page = signIn(login, "ru-RU");

        page.navigate(base() + "/leads/list");
        page.click(".filter-panel summary");
        page.selectOption("#filter-tag", new com.microsoft.playwright.options.SelectOption().setLabel("акция"));
        page.fill("#filter-price-from", "1000");
        page.fill("#filter-price-to", "10000");
        page.click("#filter-apply");
        idle(page);
        assertThat(page.locator("#match-count")).containsText("55");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*priceFrom=1000.*"));
        assertThat(page.locator("#list-body tr[id^=row-]")).hasCount(50);

        page.check("#select-all");
        assertThat(page.locator("[data-mass-bar]")).isVisible();
        assertThat(page.locator("[data-mass-scope]")).isVisible();
        page.check("#mass-scope-filter");
        page.selectOption("#mass-action", "stage");
        page.selectOption("#mass-stage", wholesaleId + "-" + request);
        page.click("#mass-preview");
        assertThat(page.locator("#mass-preview-box")).containsText("55");
        assertThat(page.locator("#mass-preview-box")).containsText("Опт → Заявка");
        screenshot(page, "mass-preview");
        page.click("#mass-start");
        assertThat(page.locator("#mass-progress")).hasAttribute("data-state", "finished",
                new LocatorAssertions.HasAttributeOptions().setTimeout(90_000));
        assertThat(page.locator("#mass-counts")).containsText("55");
        screenshot(page, "mass-finished");
        for (long id : matching) {
            assertThat(deals.deal(account.accountId(), id).orElseThrow().pipelineId()).isEqualTo(wholesaleId);
        }
        for (long id : concat(cheap, untagged)) {
            assertThat(deals.deal(account.accountId(), id).orElseThrow().pipelineId()).isEqualTo(main.id());
        }

        page.navigate(base() + "/leads/" + matching.get(0));
        assertThat(page.locator("#timeline")).containsText("Опт / Заявка");

        page.navigate(base() + "/leads/list");
        assertThat(page.locator("#mass-progress")).hasAttribute("data-state", "finished");
        page.click("#mass-undo");
        assertThat(page.locator("#mass-progress .mass-title")).containsText("Отмена массового действия");
        assertThat(page.locator("#mass-progress")).hasAttribute("data-state", "finished",
                new LocatorAssertions.HasAttributeOptions().setTimeout(90_000));
        assertThat(page.locator("#mass-counts")).containsText("55");
        screenshot(page, "mass-undone");
        for (long id : matching) {
            assertThat(deals.deal(account.accountId(), id).orElseThrow().pipelineId()).isEqualTo(main.id());
        }
    }

    private static List<Long> leads(ApiClient api, int n, String tag, int price) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(tag == null ? Map.of("name", "Сделка " + price + "-" + i, "price", price)
                    : Map.of("name", "Сделка " + tag + " " + price + "-" + i, "price", price, "tags_to_add", List.of(Map.of("name", tag))));
        }
        Response r = api.post("/api/v4/leads", items);
        List<Long> ids = new ArrayList<>();
        r.json().at("/_embedded/leads").forEach(l -> ids.add(l.get("id").asLong()));
        return ids;
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        List<Long> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
