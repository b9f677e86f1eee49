package org.voronka.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.deal.DealImport;
import org.voronka.deal.ImportedDeal;
import org.voronka.deal.ImportedDeal.Move;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * Results per user and per department over a hand-made history: Анна (department Розница) and
 * Борис (Опт) in a pipeline A → B, the period the last 100 days.
 *
 * <pre>
 * deal  who    price  history (days before now)           in the cohort  outcome  cycle
 * a1    Анна     100  A -50, B -40, Won -30               yes            won      20 d
 * a2    Анна     200  A -20, Won -10                      yes            won      10 d
 * a3    Анна     300  A -15, Lost -5                      yes            lost
 * a4    Анна     400  A -200, Won -5                      no (entered before the period)
 * b1    Борис   1000  A -60, Won -30                      yes            won      30 d
 * b2    Борис   2000  A -10                               yes            open
 * x1    Борис    500  in another pipeline                 no
 * </pre>
 *
 * Tasks completed now: Анна on a1 and a4 (a4's activity counts: it is the pipeline's deal), Борис on
 * b2; one more of Борис's on b2 stays open, one on x1 is completed but in another pipeline. Notes
 * now: Анна a common note on a1 and an incoming call on a3; Борис two outgoing calls on b2 and one
 * on x1.
 */
class TeamResultsTests extends ApiTest {

    @Autowired
    DealImport dealImport;

    @Test
    void resultsPerUserAndPerDepartmentAreCountedByHand() {
        TestAccount account = newAccount();
        ApiClient api = account.api();
        long retail = tx.execute(s -> accounts.createGroup(account.admin(), "Розница")).id();
        long wholesale = tx.execute(s -> accounts.createGroup(account.admin(), "Опт")).id();
        long anna = tx.execute(s -> accounts.createUser(account.admin(), "Анна", "anna-" + account.accountId() + "@test.local",
                "secret-123456", "ru", false, retail)).id();
        long boris = tx.execute(s -> accounts.createUser(account.admin(), "Борис", "boris-" + account.accountId() + "@test.local",
                "secret-123456", "ru", false, wholesale)).id();
        JsonNode t = api.post("/api/v4/leads/pipelines", List.of(Map.of("name", "T", "sort", 5, "is_main", false, "is_unsorted_on", false,
                "_embedded", Map.of("statuses", List.of(Map.of("name", "A", "sort", 10), Map.of("name", "B", "sort", 20))))))
                .json().at("/_embedded/pipelines/0");
        long p = t.get("id").asLong();
        long a = t.at("/_embedded/statuses/0/id").asLong();
        long b = t.at("/_embedded/statuses/1/id").asLong();
        JsonNode other = api.post("/api/v4/leads/pipelines", List.of(Map.of("name", "O", "sort", 6, "is_main", false,
                "is_unsorted_on", false, "_embedded", Map.of("statuses", List.of(Map.of("name", "X", "sort", 10)))))).json()
                .at("/_embedded/pipelines/0");
        long o = other.get("id").asLong();
        long x = other.at("/_embedded/statuses/0/id").asLong();
        Instant now = Instant.now();
        long admin = account.adminId();
        List<Long> ids = tx.execute(s -> dealImport.importDeals(account.admin(), List.of(
                deal("a1", 100, anna, admin, new Move(p, a, ago(now, 50), admin), new Move(p, b, ago(now, 40), admin),
                        new Move(p, 142, ago(now, 30), admin)),
                deal("a2", 200, anna, admin, new Move(p, a, ago(now, 20), admin), new Move(p, 142, ago(now, 10), admin)),
                deal("a3", 300, anna, admin, new Move(p, a, ago(now, 15), admin), new Move(p, 143, ago(now, 5), admin)),
                deal("a4", 400, anna, admin, new Move(p, a, ago(now, 200), admin), new Move(p, 142, ago(now, 5), admin)),
                deal("b1", 1000, boris, admin, new Move(p, a, ago(now, 60), admin), new Move(p, 142, ago(now, 30), admin)),
                deal("b2", 2000, boris, admin, new Move(p, a, ago(now, 10), admin)),
                deal("x1", 500, boris, admin, new Move(o, x, ago(now, 10), admin)))));
        long a1 = ids.get(0);
        long a3 = ids.get(2);
        long a4 = ids.get(3);
        long b2 = ids.get(5);
        long x1 = ids.get(6);

        completedTask(api, a1, anna, true);
        completedTask(api, a4, anna, true);
        completedTask(api, b2, boris, true);
        completedTask(api, b2, boris, false);
        completedTask(api, x1, boris, true);
        note(api, a1, anna, "common", Map.of("text", "Обсудили условия"));
        note(api, a3, anna, "call_in", Map.of("phone", "+79990000001", "duration", 30, "source", "pbx"));
        note(api, b2, boris, "call_out", Map.of("phone", "+79990000002", "duration", 40, "source", "pbx"));
        note(api, b2, boris, "call_out", Map.of("phone", "+79990000002", "duration", 50, "source", "pbx"));
        note(api, x1, boris, "call_out", Map.of("phone", "+79990000003", "duration", 60, "source", "pbx"));

        String period = "pipeline_id=" + p + "&from=" + ago(now, 100).getEpochSecond() + "&to=" + now.plus(Duration.ofDays(1)).getEpochSecond();
        Response users = api.get("/api/v4/analytics/users?" + period);
        assertThat(users.status()).as(users.text()).isEqualTo(200);
        JsonNode rows = users.json().at("/_embedded/users");
        assertThat(rows.size()).isEqualTo(2);
        // by won budget, highest first
        assertRow(rows.get(0), "responsible_user_id", boris, "Борис", 2, 1, "1000", 0, 0.5, 30, 1, 2, 0);
        assertRow(rows.get(1), "responsible_user_id", anna, "Анна", 3, 2, "300", 1, 2.0 / 3, 15, 2, 1, 1);
        JsonNode total = users.json().get("total");
        assertThat(total.get("new_deals").asLong()).isEqualTo(5);
        assertThat(total.get("won").asLong()).isEqualTo(3);
        assertThat(total.get("won_budget").decimalValue()).isEqualByComparingTo("1300");
        assertThat(total.get("tasks_completed").asLong()).isEqualTo(3);
        assertThat(total.get("calls").asLong()).isEqualTo(3);
        assertThat(total.get("median_cycle").isNull()).isTrue();

        JsonNode departments = api.get("/api/v4/analytics/departments?" + period).json().at("/_embedded/departments");
        assertThat(departments.size()).isEqualTo(2);
        assertRow(departments.get(0), "group_id", wholesale, "Опт", 2, 1, "1000", 0, 0.5, 30, 1, 2, 0);
        assertRow(departments.get(1), "group_id", retail, "Розница", 3, 2, "300", 1, 2.0 / 3, 15, 2, 1, 1);

        // a filter on the responsible user narrows every column
        JsonNode onlyAnna = api.get("/api/v4/analytics/users?" + period + "&filter[responsible_user_id][]=" + anna).json()
                .at("/_embedded/users");
        assertThat(onlyAnna.size()).isEqualTo(1);
        assertRow(onlyAnna.get(0), "responsible_user_id", anna, "Анна", 3, 2, "300", 1, 2.0 / 3, 15, 2, 1, 1);
    }

    private static void assertRow(JsonNode row, String idName, long id, String name, long newDeals, long won, String budget, long lost,
                                  double conversion, long cycleDays, long tasks, long calls, long notes) {
        assertThat(row.get(idName).asLong()).isEqualTo(id);
        assertThat(row.get("name").asText()).isEqualTo(name);
        assertThat(row.get("new_deals").asLong()).as(name + " new").isEqualTo(newDeals);
        assertThat(row.get("won").asLong()).as(name + " won").isEqualTo(won);
        assertThat(row.get("won_budget").decimalValue()).as(name + " budget").isEqualByComparingTo(budget);
        assertThat(row.get("lost").asLong()).as(name + " lost").isEqualTo(lost);
        assertThat(row.get("conversion_to_won").asDouble()).as(name + " conversion").isCloseTo(conversion, within(1e-4));
        assertThat(row.get("median_cycle").asLong()).as(name + " cycle").isEqualTo(Duration.ofDays(cycleDays).toSeconds());
        assertThat(row.get("tasks_completed").asLong()).as(name + " tasks").isEqualTo(tasks);
        assertThat(row.get("calls").asLong()).as(name + " calls").isEqualTo(calls);
        assertThat(row.get("notes").asLong()).as(name + " notes").isEqualTo(notes);
    }

    private static void completedTask(ApiClient api, long deal, long user, boolean complete) {
        Response created = api.post("/api/v4/tasks", List.of(Map.of("text", "Позвонить", "complete_till", 1900000000, "entity_type", "leads",
                "entity_id", deal, "responsible_user_id", user)));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        if (complete) {
            long id = created.json().at("/_embedded/tasks/0/id").asLong();
            Response done = api.patch("/api/v4/tasks/" + id, Map.of("is_completed", true, "result", Map.of("text", "Готово")));
            assertThat(done.status()).as(done.text()).isEqualTo(200);
        }
    }

    private static void note(ApiClient api, long deal, long user, String type, Map<String, Object> params) {
        Map<String, Object> note = new HashMap<>();
        note.put("note_type", type);
        note.put("params", params);
        note.put("responsible_user_id", user);
        note.put("created_by", user);
        Response created = api.post("/api/v4/leads/" + deal + "/notes", List.of(note));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
    }

    private static Instant ago(Instant now, int days) {
        return now.minus(Duration.ofDays(days));
    }

    private static ImportedDeal deal(String name, int price, long responsible, long createdBy, Move... moves) {
        return new ImportedDeal(name, new BigDecimal(price), responsible, createdBy, null, List.of(moves));
    }
}
