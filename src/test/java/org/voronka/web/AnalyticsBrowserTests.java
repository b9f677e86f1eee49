package org.voronka.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.analytics.Funnel;
import org.voronka.analytics.FunnelModel;
import org.voronka.analytics.ReportFilter;
import org.voronka.analytics.Forecast;
import org.voronka.analytics.SalesAnalytics;
import org.voronka.analytics.SalesForecast;
import org.voronka.customfield.FieldFilter;
import org.voronka.demo.DemoData;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.support.BrowserTest;
import tools.jackson.databind.JsonNode;

/**
 * Аналитика → Анализ продаж over demo data: the funnel, the model switch, a drill-down into the deal list, a
 * custom field filter in the filter bar carried into the drill-down, and the other reports.
 */
class AnalyticsBrowserTests extends BrowserTest {

    @Autowired
    DemoData demo;

    @Autowired
    SalesAnalytics analytics;

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    SalesForecast forecasts;

    @Test
    void funnelShowsTheDemoNumbersSwitchesModelAndDrillsDown() {
        var account = newAccount("ru");
        demo.generate(account.admin(), 11, 600, Instant.now(), 600);
        Login login = user(account, "Ольга Руководитель", "ru");
        long main = pipelines.mainPipeline(account.accountId()).id();
        ZoneId zone = ZoneId.of("Europe/Moscow");
        LocalDate today = LocalDate.now(zone);
        ReportFilter filter = ReportFilter.of(main, today.minusYears(1).plusDays(1).atStartOfDay(zone).toInstant(),
                today.plusDays(1).atStartOfDay(zone).toInstant());
        Funnel reached = analytics.funnel(account.accountId(), filter, FunnelModel.REACHED);
        Funnel visited = analytics.funnel(account.accountId(), filter, FunnelModel.VISITED);
        assertThat(reached.cohort().deals()).isGreaterThan(100);

        account.api().get("/login"); // the first page rendering of a fresh application is slow on a busy machine
        Page page = signIn(login, "ru-RU");
        page.context().setDefaultTimeout(30_000);
        page.click("#nav a[href='/analytics/funnel']");
        Locator rows = page.locator("#funnel .funnel-row");
        rows.first().waitFor();
        assertThat(rows).hasCount(reached.steps().size());
        assertThat(page.locator("h1.page-title")).hasText("Аналитика");
        assertThat(page.locator(".report-note summary")).hasText("Как это считается");
        assertThat(shown(rows)).isEqualTo(deals(reached));
        screenshot(page, "analytics-funnel-reached");

        page.click(".model-switch a:has-text('Побывали на этапе')");
        page.locator(".model-switch a.active:has-text('Побывали на этапе')").waitFor();
        assertThat(page.locator(".model-switch a.active")).hasText("Побывали на этапе");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*model=visited.*"));
        assertThat(shown(rows)).isEqualTo(deals(visited));
        assertThat(deals(visited)).isNotEqualTo(deals(reached));
        screenshot(page, "analytics-funnel-visited");

        // the second stage's bar opens the deal list with exactly the deals counted there
        Funnel.Step second = visited.steps().get(1);
        List<Long> expected = analytics.funnelDeals(account.accountId(), filter, "visited", second.stage().id(), null, 0, 50);
        rows.nth(1).locator(".funnel-bar").click();
        page.waitForURL("**/leads/list?**");
        page.locator("#list-report").waitFor();
        Locator listed = page.locator("#list-body tr[id^=row-]");
        assertThat(listed).hasCount(expected.size());
        assertThat(listed.first()).hasAttribute("id", "row-" + expected.get(0));
        assertThat(listed.last()).hasAttribute("id", "row-" + expected.get(expected.size() - 1));
        screenshot(page, "analytics-drill-down");

        // a select field in the filter bar: every third deal of the cohort is «Сайт»; the funnel counts only those,
        // the address keeps the condition, and the drill-down lists the same deals
        long[] field = channelField(account, filter);
        ReportFilter bySite = filter.withFieldFilters(List.of(new FieldFilter(field[0], List.of(Long.toString(field[1])), null, null)));
        Funnel siteFunnel = analytics.funnel(account.accountId(), bySite, FunnelModel.VISITED);
        assertThat(siteFunnel.cohort().deals()).isGreaterThan(10).isLessThan(visited.cohort().deals());
        page.navigate(base() + "/analytics/funnel?pipeline=" + main + "&model=visited");
        rows.first().waitFor();
        page.locator("#filter-cf" + field[0]).selectOption(Long.toString(field[1]));
        page.click(".report-filters button[type=submit]");
        page.waitForURL(java.util.regex.Pattern.compile(".*cf" + field[0] + "=" + field[1] + ".*"));
        idle(page);
        assertThat(shown(rows)).isEqualTo(deals(siteFunnel));
        assertThat(page.locator("#filter-cf" + field[0] + " option:checked")).hasText("Сайт");
        screenshot(page, "analytics-funnel-field-filter");
        List<Long> siteDeals = analytics.funnelDeals(account.accountId(), bySite, "visited", second.stage().id(), null, 0, 50);
        rows.nth(1).locator(".funnel-bar").click();
        page.waitForURL("**/leads/list?**cf" + field[0] + "=" + field[1] + "**");
        page.locator("#list-report").waitFor();
        assertThat(listed).hasCount(siteDeals.size());
        assertThat(listed.first()).hasAttribute("id", "row-" + siteDeals.get(0));

        // the other reports render for the same data
        page.navigate(base() + "/analytics/durations?pipeline=" + main);
        page.locator("#durations tbody tr").first().waitFor();
        screenshot(page, "analytics-durations");
        page.navigate(base() + "/analytics/snapshot?pipeline=" + main);
        page.locator("#stalled tbody tr").first().waitFor();
        screenshot(page, "analytics-snapshot");

        // the forecast: three months with their range, the weighted pipeline, and this month's saved forecast against what is won
        forecasts.saveIfDue(account.accountId(), main); // unless the hourly job has saved it already
        Forecast forecast = forecasts.forecast(account.accountId(), filter, SalesForecast.DEFAULT_SEED);
        page.click(".view-switch a:has-text('Прогноз')");
        Locator months = page.locator("#forecast-chart .range-row");
        months.first().waitFor();
        assertThat(months).hasCount(3);
        assertThat(months.first().locator(".range-band")).isVisible();
        assertThat(months.first().locator(".range-value")).hasText(money(forecast.months().get(0).expected()));
        assertThat(page.locator("#forecast-stages tbody tr")).hasCount(forecast.stages().size());
        assertThat(page.locator("#accuracy-chart .range-row")).hasCount(1);
        assertThat(page.locator("#accuracy-chart .range-actual")).hasCount(1);
        assertThat(page.locator("#forecast-accuracy tbody tr")).hasCount(1);
        screenshot(page, "analytics-forecast");

        // managers and departments: one row per responsible user with deals in the period, the won column opens their won deals
        org.voronka.analytics.TeamResults team = analytics.results(account.accountId(), filter, false);
        page.click(".view-switch a:has-text('Менеджеры и отделы')");
        Locator people = page.locator("#team-results tbody tr");
        people.first().waitFor();
        assertThat(people).hasCount(team.rows().size());
        assertThat(people.first().locator("th")).hasText(team.rows().get(0).name());
        assertThat(page.locator("#team-results tfoot td").first()).hasText(Long.toString(team.total().newDeals()));
        screenshot(page, "analytics-team");
        page.click(".model-switch a:has-text('По отделам')");
        page.locator(".model-switch a.active:has-text('По отделам')").waitFor();
        assertThat(people).hasCount(analytics.results(account.accountId(), filter, true).rows().size());
        screenshot(page, "analytics-departments");
    }

    /** A select field «Канал» (Сайт, Звонок) set to «Сайт» on every third deal of the cohort: its id and Сайт's option id. */
    private long[] channelField(TestAccount account, ReportFilter filter) {
        var api = account.api();
        JsonNode f = api.post("/api/v4/leads/custom_fields", List.of(Map.of("name", "Канал", "type", "select", "enums",
                List.of(Map.of("value", "Сайт"), Map.of("value", "Звонок"))))).json().at("/_embedded/custom_fields/0");
        long id = f.get("id").asLong();
        long site = f.at("/enums/0/id").asLong();
        List<Long> cohort = analytics.funnelDeals(account.accountId(), filter, null, null, null, 0, 10_000);
        List<Map<String, Object>> patch = new ArrayList<>();
        for (int i = 0; i < cohort.size(); i += 3) {
            patch.add(Map.of("id", cohort.get(i), "custom_fields_values", List.of(Map.of("field_id", id, "values",
                    List.of(Map.of("enum_id", site))))));
        }
        for (int i = 0; i < patch.size(); i += 50) {
            var r = api.patch("/api/v4/leads", patch.subList(i, Math.min(patch.size(), i + 50)));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
        }
        return new long[] {id, site};
    }

    /** Money as the pages write it: whole roubles with a space between thousands. */
    private static String money(java.math.BigDecimal v) {
        String digits = v.setScale(0, java.math.RoundingMode.HALF_EVEN).toPlainString();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0 && digits.charAt(i - 1) != '-') {
                b.append(' ');
            }
            b.append(digits.charAt(i));
        }
        return b + " ₽";
    }

    private static List<Long> shown(Locator rows) {
        return rows.locator(".funnel-deals").allTextContents().stream().map(t -> Long.parseLong(t.trim())).toList();
    }

    private static List<Long> deals(Funnel f) {
        return f.steps().stream().map(s -> s.amount().deals()).toList();
    }
}
