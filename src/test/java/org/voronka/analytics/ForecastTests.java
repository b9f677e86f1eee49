package org.voronka.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.voronka.deal.DealImport;
import org.voronka.deal.ImportedDeal;
import org.voronka.deal.ImportedDeal.Move;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * The forecast over a hand-made history in a pipeline A → B → C, with every expected number worked
 * out by hand below: observed probabilities, weighted pipeline, the expected revenue per month and
 * its Monte Carlo range, and a saved forecast against what was won.
 *
 * <pre>
 * deal  price  history (days before now)                     now          reached in window  outcome
 * w1     100   A -40, B -35, Won -30                          Won          all (Won)          won
 * w2     200   A -20, Won -10                                 Won          all (Won)          won
 * l1     300   A -50, Lost -45 (from A)                       Lost         A                  lost
 * l2     400   A -50, B -48, Lost -40 (from B)                Lost         B                  lost
 * old    500   A -300, B -290, Won -250                       Won          — (before window)
 * o1    1000   A -3                                           A, age 3     A                  open
 * o2    2000   A -100, B -12                                  B, age 12    B                  open
 * o3    3000   C -1                                           C, age 1     C                  open
 * </pre>
 *
 * Observed (won among won + lost that reached the stage): A 2/4, B 2/3 (w1, w2, l2), C 2/2.
 * Days from first reaching a stage to Won (a move into Won reaches every stage): A {10, 10},
 * B {5 (w1), 0 (w2)}, C {0, 0}.
 */
class ForecastTests extends ApiTest {

    @Autowired
    DealImport dealImport;

    @Autowired
    SalesForecast forecasts;

    @Autowired
    JdbcTemplate jdbc;

    TestAccount account;
    ApiClient api;
    Instant now;
    long p;
    long a;
    long b;
    long c;
    List<Long> ids;

    @BeforeEach
    void history() {
        account = newAccount();
        api = account.api();
        JsonNode t = api.post("/api/v4/leads/pipelines", List.of(Map.of("name", "F", "sort", 5, "is_main", false, "is_unsorted_on", false,
                "_embedded", Map.of("statuses", List.of(Map.of("name", "A", "sort", 10), Map.of("name", "B", "sort", 20),
                        Map.of("name", "C", "sort", 30)))))).json().at("/_embedded/pipelines/0");
        p = t.get("id").asLong();
        a = t.at("/_embedded/statuses/0/id").asLong();
        b = t.at("/_embedded/statuses/1/id").asLong();
        c = t.at("/_embedded/statuses/2/id").asLong();
        now = Instant.now();
        ids = tx.execute(s -> dealImport.importDeals(account.admin(), List.of(
                deal("w1", 100, m(a, 40), m(b, 35), m(142, 30)),
                deal("w2", 200, m(a, 20), m(142, 10)),
                deal("l1", 300, m(a, 50), m(143, 45)),
                deal("l2", 400, m(a, 50), m(b, 48), m(143, 40)),
                deal("old", 500, m(a, 300), m(b, 290), m(142, 250)),
                deal("o1", 1000, m(a, 3)),
                deal("o2", 2000, m(a, 100), m(b, 12)),
                deal("o3", 3000, m(c, 1)))));
    }

    @Test
    void stagesKeepAnOptionalWinProbability() {
        Response set = api.patch("/api/v4/leads/pipelines/" + p + "/statuses/" + a, Map.of("win_probability", 10));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(set.json().get("win_probability").asInt()).isEqualTo(10);
        assertThat(api.patch("/api/v4/leads/pipelines/" + p + "/statuses/" + a, Map.of("win_probability", 101)).status()).isEqualTo(400);
        assertThat(api.patch("/api/v4/leads/pipelines/" + p + "/statuses/142", Map.of("win_probability", 50)).status()).isEqualTo(422);
        // renaming and reordering keep it; null removes it
        api.patch("/api/v4/leads/pipelines/" + p + "/statuses/" + a, Map.of("name", "A1", "sort", 40));
        assertThat(api.get("/api/v4/leads/pipelines/" + p + "/statuses/" + a).json().get("win_probability").asInt()).isEqualTo(10);
        java.util.Map<String, Object> clear = new java.util.HashMap<>();
        clear.put("win_probability", null);
        assertThat(api.patch("/api/v4/leads/pipelines/" + p + "/statuses/" + a, clear).json().get("win_probability").isNull()).isTrue();
    }

    @Test
    void weightedPipelineShowsSetAndObservedProbabilities() {
        api.patch("/api/v4/leads/pipelines/" + p + "/statuses/" + a, Map.of("win_probability", 10));
        api.patch("/api/v4/leads/pipelines/" + p + "/statuses/" + c, Map.of("win_probability", 50));
        JsonNode f = forecast(1);
        assertThat(f.at("/open/deals").asLong()).isEqualTo(3);
        assertThat(f.at("/open/budget").decimalValue()).isEqualByComparingTo("6000");
        JsonNode stages = f.at("/_embedded/stages");
        assertThat(stages.size()).isEqualTo(3);

        JsonNode sa = stages.get(0);
        assertThat(sa.get("status_id").asLong()).isEqualTo(a);
        assertThat(sa.get("deals").asLong()).isEqualTo(1);
        assertThat(sa.get("win_probability").asInt()).isEqualTo(10);
        assertThat(sa.get("observed_deals").asLong()).isEqualTo(4);
        assertThat(sa.get("observed_won").asLong()).isEqualTo(2);
        assertThat(sa.get("observed_probability").asDouble()).isCloseTo(0.5, within(1e-4));
        assertThat(sa.get("weighted_set").decimalValue()).isEqualByComparingTo("100");
        assertThat(sa.get("weighted_observed").decimalValue()).isEqualByComparingTo("500");
        assertThat(sa.get("weighted").decimalValue()).isEqualByComparingTo("500");

        JsonNode sb = stages.get(1);
        assertThat(sb.get("win_probability").isNull()).isTrue();
        assertThat(sb.get("observed_deals").asLong()).isEqualTo(3);
        assertThat(sb.get("observed_probability").asDouble()).isCloseTo(2.0 / 3, within(1e-4));
        assertThat(sb.get("weighted_set").isNull()).isTrue();
        assertThat(sb.get("weighted").decimalValue()).isEqualByComparingTo("1333.33");

        JsonNode sc = stages.get(2);
        assertThat(sc.get("observed_probability").asDouble()).isCloseTo(1.0, within(1e-4));
        assertThat(sc.get("weighted_set").decimalValue()).isEqualByComparingTo("1500");
        assertThat(sc.get("weighted").decimalValue()).isEqualByComparingTo("3000");

        assertThat(f.get("weighted").decimalValue()).isEqualByComparingTo("4833.33");
    }

    @Test
    void expectedRevenuePerMonthFollowsTheHistoryAndTheRangeIsReproducible() {
        JsonNode f = forecast(7);
        ZoneId zone = accounts.account(account.accountId()).zone();
        // o1 (A, 3 days): durations ≥ 3 days are {10, 10} → won in 7 days with 1/2
        // o2 (B, 12 days): no duration that long → all of {5, 0} → in 5 days or today, each with 2/3 · 1/2
        // o3 (C, 1 day): none that long → {0, 0} → today with 1
        double[] expected = new double[3];
        expected[month(7, zone)] += 1000 * 0.5;
        expected[month(5, zone)] += 2000 * (2.0 / 3) * 0.5;
        expected[month(0, zone)] += 2000 * (2.0 / 3) * 0.5;
        expected[month(0, zone)] += 3000;
        JsonNode months = f.at("/_embedded/months");
        assertThat(months.size()).isEqualTo(3);
        YearMonth current = YearMonth.from(now.atZone(zone));
        for (int i = 0; i < 3; i++) {
            assertThat(months.get(i).get("month").asText()).isEqualTo(current.plusMonths(i).toString());
            assertThat(months.get(i).get("expected").decimalValue().doubleValue()).as("month " + i).isCloseTo(expected[i], within(0.011));
            assertThat(months.get(i).get("low").decimalValue()).isLessThanOrEqualTo(months.get(i).get("high").decimalValue());
        }
        // every deal the model can win is won within the horizon here, so the months add up to the weighted pipeline
        assertThat(expected[0] + expected[1] + expected[2]).isCloseTo(f.get("weighted").decimalValue().doubleValue(), within(0.011));
        // o3 is certain this month: no simulated month goes below it; the range can at most hold every deal
        assertThat(months.get(0).get("low").decimalValue()).isGreaterThanOrEqualTo(new BigDecimal("3000"));
        for (int i = 0; i < 3; i++) {
            assertThat(months.get(i).get("high").decimalValue()).isLessThanOrEqualTo(new BigDecimal("6000"));
            assertThat(months.get(i).get("low").decimalValue()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
        }
        // the same seed gives the same numbers; the body says which seed it used
        assertThat(forecast(7).at("/_embedded/months")).isEqualTo(months);
        assertThat(f.get("seed").asLong()).isEqualTo(7);
        assertThat(f.get("runs").asInt()).isEqualTo(SalesForecast.RUNS);
    }

    @Test
    void savedForecastsAreComparedWithWhatWasWon() {
        ZoneId zone = accounts.account(account.accountId()).zone();
        YearMonth current = YearMonth.from(now.atZone(zone));
        JsonNode made = forecast(SalesForecast.DEFAULT_SEED).at("/_embedded/months");
        assertThat(forecasts.saveIfDue(account.accountId(), p)).isTrue();
        assertThat(forecasts.saveIfDue(account.accountId(), p)).isFalse();
        // last month's forecast, as the job would have saved it then
        YearMonth last = current.minusMonths(1);
        jdbc.update("""
                insert into saved_forecasts (account_id, pipeline_id, made_month, for_month, made_at, expected, range_low, range_high, weighted,
                                             open_deals, open_budget)
                values (?, ?, ?, ?, ?, 250, 150, 350, 900, 4, 3000)""", account.accountId(), p, last.atDay(1), last.atDay(1),
                java.time.OffsetDateTime.ofInstant(last.atDay(1).atStartOfDay(zone).toInstant().plusSeconds(3600),
                        java.time.ZoneOffset.UTC));
        // and a deal won now
        Response won = api.patch("/api/v4/leads/" + ids.get(7), Map.of("status_id", 142, "pipeline_id", p));
        assertThat(won.status()).as(won.text()).isEqualTo(200);

        // won revenue by hand: w1 (100) 30 days ago, w2 (200) 10 days ago, o3 (3000) now
        BigDecimal lastActual = BigDecimal.ZERO;
        BigDecimal currentActual = new BigDecimal("3000");
        for (Object[] w : new Object[][] {{100, 30}, {200, 10}}) {
            YearMonth m = YearMonth.from(now.minus(Duration.ofDays((Integer) w[1])).atZone(zone));
            if (m.equals(last)) {
                lastActual = lastActual.add(new BigDecimal((Integer) w[0]));
            } else if (m.equals(current)) {
                currentActual = currentActual.add(new BigDecimal((Integer) w[0]));
            }
        }

        JsonNode rows = api.get("/api/v4/analytics/forecast_accuracy?pipeline_id=" + p + "&months=3").json().at("/_embedded/forecasts");
        assertThat(rows.size()).isEqualTo(2);
        JsonNode before = rows.get(0);
        assertThat(before.get("month").asText()).isEqualTo(last.toString());
        assertThat(before.get("months_ahead").asInt()).isEqualTo(0);
        assertThat(before.get("expected").decimalValue()).isEqualByComparingTo("250");
        assertThat(before.get("actual").decimalValue()).isEqualByComparingTo(lastActual);
        assertThat(before.get("is_complete").asBoolean()).isTrue();
        assertThat(before.get("within_range").asBoolean()).isEqualTo(lastActual.compareTo(new BigDecimal("150")) >= 0
                && lastActual.compareTo(new BigDecimal("350")) <= 0);

        JsonNode now = rows.get(1);
        assertThat(now.get("month").asText()).isEqualTo(current.toString());
        assertThat(now.get("made_in").asText()).isEqualTo(current.toString());
        assertThat(now.get("expected").decimalValue()).isEqualByComparingTo(made.get(0).get("expected").decimalValue());
        assertThat(now.get("low").decimalValue()).isEqualByComparingTo(made.get(0).get("low").decimalValue());
        assertThat(now.get("high").decimalValue()).isEqualByComparingTo(made.get(0).get("high").decimalValue());
        assertThat(now.get("actual").decimalValue()).isEqualByComparingTo(currentActual);
        assertThat(now.get("is_complete").asBoolean()).isFalse();

        // the saved forecasts of the next two months wait for their months
        assertThat(jdbc.queryForObject("select count(*) from saved_forecasts where account_id = ? and pipeline_id = ?", Long.class,
                account.accountId(), p)).isEqualTo(4);
    }

    /**
     * A department hand-off: w2, won in F, moves on to the main pipeline. For F it is still a won
     * deal, as in the funnel: the observed probabilities and the won revenue of its month stay.
     */
    @Test
    void aDealHandedOnFromWonToAnotherPipelineStillCountsAsWon() {
        JsonNode main = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long mainStage = main.at("/_embedded/statuses/0/id").asLong();
        Response moved = api.patch("/api/v4/leads/" + ids.get(1), Map.of("pipeline_id", main.get("id").asLong(), "status_id", mainStage));
        assertThat(moved.status()).as(moved.text()).isEqualTo(200);

        JsonNode stages = forecast(1).at("/_embedded/stages");
        assertThat(stages.get(0).get("observed_deals").asLong()).isEqualTo(4);
        assertThat(stages.get(0).get("observed_won").asLong()).isEqualTo(2);
        assertThat(stages.get(1).get("observed_probability").asDouble()).isCloseTo(2.0 / 3, within(1e-4));
        ZoneId zone = accounts.account(account.accountId()).zone();
        YearMonth wonMonth = YearMonth.from(now.minus(Duration.ofDays(10)).atZone(zone));
        BigDecimal expected = new BigDecimal(200).add(YearMonth.from(now.minus(Duration.ofDays(30)).atZone(zone)).equals(wonMonth)
                ? new BigDecimal(100) : BigDecimal.ZERO);
        assertThat(forecasts.wonPerMonth(account.accountId(), p, wonMonth).get(wonMonth)).isEqualByComparingTo(expected);
    }

    @Test
    void forecastRejectsAnUnknownPipeline() {
        assertThat(api.get("/api/v4/analytics/forecast?pipeline_id=999999999").status()).isEqualTo(400);
        assertThat(api.get("/api/v4/analytics/forecast_accuracy?months=0").status()).isEqualTo(400);
    }

    private JsonNode forecast(long seed) {
        Response r = api.get("/api/v4/analytics/forecast?pipeline_id=" + p + "&seed=" + seed);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    /** The forecast month (0, 1, 2) a win the given number of days from now falls in. */
    private int month(int days, ZoneId zone) {
        return (int) ChronoUnit.MONTHS.between(YearMonth.from(now.atZone(zone)), YearMonth.from(now.plus(Duration.ofDays(days)).atZone(zone)));
    }

    private ImportedDeal deal(String name, int price, Move... moves) {
        return new ImportedDeal(name, new BigDecimal(price), account.adminId(), account.adminId(), null, List.of(moves));
    }

    private Move m(long status, int daysAgo) {
        return new Move(p, status, now.minus(Duration.ofDays(daysAgo)), account.adminId());
    }
}
