package org.voronka.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.customfield.FieldFilter;
import org.voronka.deal.DealImport;
import org.voronka.deal.ImportedDeal;
import org.voronka.deal.ImportedDeal.Move;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * Every report filtered by deal field values, on a hand-made history in a pipeline A → B → C with
 * a user field («Замерщик») and a select field («Канал»):
 * <pre>
 *   d1 A → B → C → Won   1000  Анна   Сайт
 *   d2 A → B → Lost      2000  Анна   Звонок
 *   d3 A → C (skips B)   3000  admin  Сайт
 *   d4 A                 4000  —      —
 *   d5 A → B             5000  Анна   —
 *   d6 A (December) → B  6000  Анна   Сайт     entered before the period: not in the cohort
 * </pre>
 */
class ReportFieldFilterTests extends ApiTest {

    static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    static final long FROM = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    static final long TO = Instant.parse("2026-02-01T00:00:00Z").getEpochSecond();

    @Autowired
    DealImport dealImport;

    @Autowired
    SalesAnalytics analytics;

    TestAccount account;
    ApiClient api;
    long p;
    long a;
    long b;
    long c;
    long anna;
    long measurer;
    long channel;
    long site;
    long call;
    long note;
    List<Long> ids;

    @BeforeEach
    void history() {
        account = newAccount();
        api = account.api();
        anna = tx.execute(s -> accounts.createUser(account.admin(), "Анна", "anna-" + account.accountId() + "@test.local",
                "secret-123456", "ru", false, 0)).id();
        JsonNode t = api.post("/api/v4/leads/pipelines", List.of(Map.of("name", "T", "sort", 5, "is_main", false, "is_unsorted_on", false,
                "_embedded", Map.of("statuses", List.of(Map.of("name", "A", "sort", 10), Map.of("name", "B", "sort", 20),
                        Map.of("name", "C", "sort", 30)))))).json().at("/_embedded/pipelines/0");
        p = t.get("id").asLong();
        a = t.at("/_embedded/statuses/0/id").asLong();
        b = t.at("/_embedded/statuses/1/id").asLong();
        c = t.at("/_embedded/statuses/2/id").asLong();
        Response fields = api.post("/api/v4/leads/custom_fields", """
                [{"name": "Замерщик", "type": "user"},
                 {"name": "Канал", "type": "select", "enums": [{"value": "Сайт"}, {"value": "Звонок"}]},
                 {"name": "Заметка", "type": "text"}]""");
        assertThat(fields.status()).as(fields.text()).isEqualTo(200);
        JsonNode f = fields.json().at("/_embedded/custom_fields");
        measurer = f.at("/0/id").asLong();
        channel = f.at("/1/id").asLong();
        site = f.at("/1/enums/0/id").asLong();
        call = f.at("/1/enums/1/id").asLong();
        note = f.at("/2/id").asLong();

        List<ImportedDeal> deals = new ArrayList<>();
        deals.add(deal("d1", 1000, m(a, 0), m(b, h(1)), m(c, h(2)), m(142, h(3))));
        deals.add(deal("d2", 2000, m(a, 0), m(b, h(1)), m(143, h(4))));
        deals.add(deal("d3", 3000, m(a, 0), m(c, h(2))));
        deals.add(deal("d4", 4000, m(a, 0)));
        deals.add(deal("d5", 5000, m(a, 0), m(b, h(5))));
        deals.add(deal("d6", 6000, new Move(p, a, Instant.parse("2025-12-10T10:00:00Z"), account.adminId()), m(b, h(1))));
        ids = tx.execute(s -> dealImport.importDeals(account.admin(), deals));
        values(ids.get(0), anna, site);
        values(ids.get(1), anna, call);
        values(ids.get(2), account.adminId(), site);
        values(ids.get(4), anna, null);
        values(ids.get(5), anna, site);
    }

    @Test
    void aUserFieldFilterNarrowsTheFunnelToItsDeals() {
        JsonNode all = funnel("reached", "");
        assertThat(all.at("/cohort/deals").asLong()).isEqualTo(5);
        assertCounts(all, 5, 4, 2, 1);

        // Анна measured d1, d2 and d5 in the cohort (d6 entered before the period)
        JsonNode f = funnel("reached", values(measurer, anna));
        assertThat(f.at("/cohort/deals").asLong()).isEqualTo(3);
        assertThat(f.at("/cohort/budget").decimalValue()).isEqualByComparingTo("8000");
        assertThat(f.at("/outcomes/won/deals").asLong()).isEqualTo(1);
        assertThat(f.at("/outcomes/lost/deals").asLong()).isEqualTo(1);
        assertThat(f.at("/outcomes/open/deals").asLong()).isEqualTo(1);
        assertCounts(f, 3, 3, 1, 1);
        JsonNode stages = f.at("/_embedded/stages");
        assertThat(stages.get(1).get("budget").decimalValue()).isEqualByComparingTo("8000");
        assertThat(stages.get(0).get("conversion_to_next").asDouble()).isCloseTo(1.0, within(1e-4));
        assertThat(stages.get(1).get("conversion_to_next").asDouble()).isCloseTo(1.0 / 3, within(1e-4));
        assertThat(stages.get(0).get("conversion_to_won").asDouble()).isCloseTo(1.0 / 3, within(1e-4));
        JsonNode losses = f.at("/_embedded/losses");
        assertThat(losses.size()).isEqualTo(1);
        assertThat(losses.get(0).get("status_id").asLong()).isEqualTo(b);
        assertThat(losses.get(0).get("budget").decimalValue()).isEqualByComparingTo("2000");

        // the admin measured only d3
        assertCounts(funnel("reached", values(measurer, account.adminId())), 1, 1, 1, 0);
    }

    @Test
    void aSelectFieldFilterNarrowsTheFunnelInBothModels() {
        // Сайт: d1 (won) and d3 (skipped B, open in C)
        JsonNode reached = funnel("reached", values(channel, site));
        assertThat(reached.at("/cohort/deals").asLong()).isEqualTo(2);
        assertThat(reached.at("/cohort/budget").decimalValue()).isEqualByComparingTo("4000");
        assertCounts(reached, 2, 2, 2, 1);
        assertThat(reached.at("/_embedded/stages/0/conversion_to_won").asDouble()).isCloseTo(0.5, within(1e-4));
        JsonNode visited = funnel("visited", values(channel, site));
        assertCounts(visited, 2, 1, 2, 1);
        assertThat(visited.at("/_embedded/stages/1/budget").decimalValue()).isEqualByComparingTo("1000");

        // either option, and both fields at once (AND)
        assertCounts(funnel("reached", values(channel, site) + values(channel, call)), 3, 3, 2, 1);
        assertCounts(funnel("reached", values(channel, site) + values(measurer, anna)), 1, 1, 1, 1);

        // the drill-down lists the same deals: Сайт deals that stood in B
        ReportFilter filter = new ReportFilter(p, Instant.ofEpochSecond(FROM), Instant.ofEpochSecond(TO), List.of(), List.of(), List.of(),
                List.of(), List.of(new FieldFilter(channel, List.of(Long.toString(site)), null, null)));
        assertThat(analytics.funnelDeals(account.accountId(), filter, "visited", b, null, 0, 100)).containsExactly(ids.get(0));
        assertThat(analytics.funnelDeals(account.accountId(), filter, "reached", b, null, 0, 100))
                .containsExactly(ids.get(0), ids.get(2));
        assertThat(analytics.openDeals(account.accountId(), filter, null, null, SalesAnalytics.OpenKind.ALL, 0, 100))
                .containsExactly(ids.get(2), ids.get(5));
    }

    @Test
    void theOtherReportsTakeTheSameFieldFilter() {
        String bySite = values(channel, site);
        String byAnna = values(measurer, anna);

        // time in stage: finished stays in A of d1 and d3 only (d2 and d5 are not Сайт, d4 is still there)
        JsonNode durations = get("/api/v4/analytics/stage_durations?pipeline_id=" + p + "&from=" + FROM + "&to=" + TO + bySite);
        assertThat(durations.at("/_embedded/stages/0/status_id").asLong()).isEqualTo(a);
        assertThat(durations.at("/_embedded/stages/0/per_visit/count").asLong()).isEqualTo(2);
        assertThat(durations.at("/_embedded/stages/1/skipped").asLong()).isEqualTo(1);
        assertThat(get("/api/v4/analytics/stage_durations?pipeline_id=" + p + "&from=" + FROM + "&to=" + TO)
                .at("/_embedded/stages/0/per_visit/count").asLong()).isEqualTo(4);

        // snapshot and stalled read the deals now: open Сайт deals are d3 (C) and d6 (B)
        JsonNode snapshot = get("/api/v4/analytics/snapshot?pipeline_id=" + p + bySite);
        assertThat(snapshot.at("/total/deals").asLong()).isEqualTo(2);
        assertThat(snapshot.at("/total/budget").decimalValue()).isEqualByComparingTo("9000");
        assertThat(get("/api/v4/analytics/snapshot?pipeline_id=" + p).at("/total/deals").asLong()).isEqualTo(4);
        JsonNode stalled = get("/api/v4/analytics/stalled?pipeline_id=" + p + byAnna);
        assertThat(stalled.at("/_embedded/stages/0/open").asLong()).isZero();
        assertThat(stalled.at("/_embedded/stages/1/open").asLong()).isEqualTo(2);
        assertThat(stalled.at("/_embedded/stages/2/open").asLong()).isZero();

        // per user: the cohort's Сайт deals are both the admin's, one of them won
        JsonNode users = get("/api/v4/analytics/users?pipeline_id=" + p + "&from=" + FROM + "&to=" + TO + bySite);
        assertThat(users.at("/total/new_deals").asLong()).isEqualTo(2);
        assertThat(users.at("/total/won").asLong()).isEqualTo(1);
        assertThat(users.at("/total/won_budget").decimalValue()).isEqualByComparingTo("1000");

        // the forecast's open deals: Анна's d5 and d6
        JsonNode forecast = get("/api/v4/analytics/forecast?pipeline_id=" + p + byAnna);
        assertThat(forecast.at("/open/deals").asLong()).isEqualTo(2);
        assertThat(forecast.at("/open/budget").decimalValue()).isEqualByComparingTo("11000");
    }

    @Test
    void aFieldFilterTheReportsCannotApplyIsRefusedPrecisely() {
        String base = "/api/v4/analytics/funnel?pipeline_id=" + p + "&from=" + FROM + "&to=" + TO;
        assertRefused(base + values(note, 1), "filter[custom_fields_values][" + note + "]");
        assertRefused(base + values(channel, 999_999), "filter[custom_fields_values][" + channel + "]");
        assertRefused(base + values(999_999, 1), "filter[custom_fields_values][999999]");
        assertRefused("/api/v4/analytics/snapshot?pipeline_id=" + p + values(channel, 999_999),
                "filter[custom_fields_values][" + channel + "]");
        assertRefused("/api/v4/analytics/forecast?pipeline_id=" + p + values(note, 1), "filter[custom_fields_values][" + note + "]");
    }

    private void assertRefused(String url, String path) {
        Response r = api.get(url);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.text()).contains(path);
    }

    /** The funnel's deal counts per row: A, B, C, Won. */
    private static void assertCounts(JsonNode funnel, long... deals) {
        JsonNode stages = funnel.at("/_embedded/stages");
        assertThat(stages.size()).isEqualTo(deals.length);
        for (int i = 0; i < deals.length; i++) {
            assertThat(stages.get(i).get("deals").asLong()).as("row %d of %s", i, funnel.get("model")).isEqualTo(deals[i]);
        }
    }

    private JsonNode funnel(String model, String filter) {
        JsonNode f = get("/api/v4/analytics/funnel?pipeline_id=" + p + "&from=" + FROM + "&to=" + TO + "&model=" + model + filter);
        assertThat(f.get("model").asString()).isEqualTo(model);
        return f;
    }

    private JsonNode get(String url) {
        Response r = api.get(url);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    private static String values(long field, long value) {
        return "&filter[custom_fields_values][" + field + "][]=" + value;
    }

    private void values(long deal, long measuredBy, Long channelOption) {
        List<Object> values = new ArrayList<>();
        values.add(Map.of("field_id", measurer, "values", List.of(Map.of("value", measuredBy))));
        if (channelOption != null) {
            values.add(Map.of("field_id", channel, "values", List.of(Map.of("enum_id", channelOption))));
        }
        Response r = api.patch("/api/v4/leads", List.of(Map.of("id", deal, "custom_fields_values", values)));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private ImportedDeal deal(String name, int price, Move... moves) {
        return new ImportedDeal(name, new BigDecimal(price), account.adminId(), account.adminId(), null, List.of(moves));
    }

    private Move m(long status, long secondsAfterT0) {
        return new Move(p, status, T0.plusSeconds(secondsAfterT0), account.adminId());
    }

    private static long h(int hours) {
        return Duration.ofHours(hours).toSeconds();
    }
}
