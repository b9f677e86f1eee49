package org.voronka.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
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

/** Open deals now per stage and user, and the stalled-stage counts with a stage target duration. */
class SnapshotStalledTests extends ApiTest {

    @Autowired
    DealImport dealImport;

    @Autowired
    SalesAnalytics analytics;

    @Test
    void snapshotAndStalledCountOpenDealsTasksAndTargets() {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode p = pipeline(api, "S", 5, "A", "B");
        long pipeline = p.get("id").asLong();
        long a = p.at("/_embedded/statuses/0/id").asLong();
        long b = p.at("/_embedded/statuses/1/id").asLong();
        long seller = tx.execute(s -> accounts.createUser(account.admin(), "Продавец", "seller-" + account.accountId() + "@test.local",
                "secret-123456", "ru", false, 0)).id();

        // a target of one day on A
        Response target = api.patch("/api/v4/leads/pipelines/" + pipeline + "/statuses/" + a, Map.of("target_duration", 86400));
        assertThat(target.status()).as(target.text()).isEqualTo(200);
        assertThat(target.json().get("target_duration").asLong()).isEqualTo(86400);
        assertThat(api.patch("/api/v4/leads/pipelines/" + pipeline + "/statuses/142", Map.of("target_duration", 86400)).status())
                .isEqualTo(422);
        assertThat(api.patch("/api/v4/leads/pipelines/" + pipeline + "/statuses/" + a, Map.of("target_duration", 5)).status())
                .isEqualTo(400);
        // renaming and reordering keep the target
        api.patch("/api/v4/leads/pipelines/" + pipeline + "/statuses/" + a, Map.of("name", "A1", "sort", 30));
        assertThat(api.get("/api/v4/leads/pipelines/" + pipeline + "/statuses/" + a).json().get("target_duration").asLong())
                .isEqualTo(86400);
        api.patch("/api/v4/leads/pipelines/" + pipeline + "/statuses/" + a, Map.of("sort", 10));

        Instant now = Instant.now();
        List<Long> ids = tx.execute(s -> dealImport.importDeals(account.admin(), List.of(
                new ImportedDeal("old in A", new BigDecimal(100), account.adminId(), account.adminId(), null,
                        List.of(new Move(pipeline, a, now.minus(Duration.ofDays(3)), account.adminId()))),
                new ImportedDeal("new in A", new BigDecimal(200), seller, account.adminId(), null,
                        List.of(new Move(pipeline, a, now.minus(Duration.ofHours(2)), account.adminId()))),
                new ImportedDeal("back in A", new BigDecimal(300), seller, account.adminId(), null,
                        List.of(new Move(pipeline, a, now.minus(Duration.ofDays(5)), account.adminId()),
                                new Move(pipeline, b, now.minus(Duration.ofDays(4)), account.adminId()),
                                new Move(pipeline, a, now.minus(Duration.ofHours(1)), account.adminId()))),
                new ImportedDeal("in B", new BigDecimal(350), account.adminId(), account.adminId(), null,
                        List.of(new Move(pipeline, b, now.minus(Duration.ofDays(9)), account.adminId()))),
                new ImportedDeal("won", new BigDecimal(500), account.adminId(), account.adminId(), null,
                        List.of(new Move(pipeline, a, now.minus(Duration.ofDays(9)), account.adminId()),
                                new Move(pipeline, 142, now.minus(Duration.ofDays(8)), account.adminId()))))));
        long overdueDeal = ids.get(0);
        long plannedDeal = ids.get(3);
        api.post("/api/v4/tasks", List.of(Map.of("text", "Позвонить", "complete_till", now.minus(Duration.ofHours(3)).getEpochSecond(),
                "entity_type", "leads", "entity_id", overdueDeal)));
        api.post("/api/v4/tasks", List.of(Map.of("text", "Встреча", "complete_till", now.plus(Duration.ofDays(1)).getEpochSecond(),
                "entity_type", "leads", "entity_id", plannedDeal)));

        JsonNode snapshot = api.get("/api/v4/analytics/snapshot?pipeline_id=" + pipeline).json();
        assertThat(snapshot.at("/total/deals").asLong()).isEqualTo(4);
        assertThat(snapshot.at("/total/budget").decimalValue()).isEqualByComparingTo("950");
        assertThat(snapshot.at("/_embedded/stages/0/deals").asLong()).isEqualTo(3);
        assertThat(snapshot.at("/_embedded/stages/0/budget").decimalValue()).isEqualByComparingTo("600");
        assertThat(snapshot.at("/_embedded/stages/1/deals").asLong()).isEqualTo(1);
        JsonNode users = snapshot.at("/_embedded/users");
        assertThat(users.size()).isEqualTo(2);
        assertThat(users.get(0).get("responsible_user_id").asLong()).isEqualTo(seller); // the larger budget first
        assertThat(users.get(0).get("budget").decimalValue()).isEqualByComparingTo("500");
        assertThat(users.get(1).get("deals").asLong()).isEqualTo(2);
        JsonNode sellerOnly = api.get("/api/v4/analytics/snapshot?pipeline_id=" + pipeline + "&filter[responsible_user_id]=" + seller).json();
        assertThat(sellerOnly.at("/total/deals").asLong()).isEqualTo(2);

        JsonNode stalled = api.get("/api/v4/analytics/stalled?pipeline_id=" + pipeline).json().at("/_embedded/stages");
        JsonNode inA = stalled.get(0);
        assertThat(inA.get("status_id").asLong()).isEqualTo(a);
        assertThat(inA.get("open").asLong()).isEqualTo(3);
        assertThat(inA.get("without_task").asLong()).isEqualTo(2);
        assertThat(inA.get("overdue_task").asLong()).isEqualTo(1);
        // the time in the stage runs from the last move: "back in A" came back an hour ago
        assertThat(inA.get("over_target").asLong()).isEqualTo(1);
        assertThat(inA.get("target_duration").asLong()).isEqualTo(86400);
        JsonNode inB = stalled.get(1);
        assertThat(inB.get("open").asLong()).isEqualTo(1);
        assertThat(inB.get("without_task").asLong()).isZero();
        assertThat(inB.get("overdue_task").asLong()).isZero();
        assertThat(inB.get("over_target").isNull()).isTrue();

        // removing the target
        assertThat(api.patch("/api/v4/leads/pipelines/" + pipeline + "/statuses/" + a, "{\"target_duration\": null}").status())
                .isEqualTo(200);
        assertThat(api.get("/api/v4/analytics/stalled?pipeline_id=" + pipeline).json().at("/_embedded/stages/0/over_target").isNull())
                .isTrue();
    }

    /**
     * The time in a stage runs from the deal's last move however the deal got there: back from
     * another pipeline (its two entries into the pipeline both hold that move), moved away and back
     * by the API just now. The drill-down lists the deals the count counts.
     */
    @Test
    void overTargetRunsFromTheLastMoveAfterLeavingAndComingBack() {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode p = pipeline(api, "S", 5, "A", "B");
        long pipeline = p.get("id").asLong();
        long a = p.at("/_embedded/statuses/0/id").asLong();
        long b = p.at("/_embedded/statuses/1/id").asLong();
        JsonNode o = pipeline(api, "O", 6, "X");
        long other = o.get("id").asLong();
        long x = o.at("/_embedded/statuses/0/id").asLong();
        for (long stage : List.of(a, b)) {
            assertThat(api.patch("/api/v4/leads/pipelines/" + pipeline + "/statuses/" + stage, Map.of("target_duration", 86400)).status())
                    .isEqualTo(200);
        }
        Instant now = Instant.now();
        long admin = account.adminId();
        List<Long> ids = tx.execute(s -> dealImport.importDeals(account.admin(), List.of(
                new ImportedDeal("back three days ago", new BigDecimal(100), admin, admin, null, List.of(
                        new Move(pipeline, a, now.minus(Duration.ofDays(10)), admin), new Move(other, x, now.minus(Duration.ofDays(8)), admin),
                        new Move(pipeline, a, now.minus(Duration.ofDays(3)), admin))),
                new ImportedDeal("back two hours ago", new BigDecimal(200), admin, admin, null, List.of(
                        new Move(pipeline, a, now.minus(Duration.ofDays(10)), admin), new Move(other, x, now.minus(Duration.ofDays(8)), admin),
                        new Move(pipeline, a, now.minus(Duration.ofHours(2)), admin))),
                new ImportedDeal("three days in A", new BigDecimal(300), admin, admin, null,
                        List.of(new Move(pipeline, a, now.minus(Duration.ofDays(3)), admin))),
                new ImportedDeal("to B now", new BigDecimal(400), admin, admin, null,
                        List.of(new Move(pipeline, a, now.minus(Duration.ofDays(3)), admin))),
                new ImportedDeal("away and back now", new BigDecimal(500), admin, admin, null,
                        List.of(new Move(pipeline, b, now.minus(Duration.ofDays(4)), admin))))));
        long toB = ids.get(3);
        long awayAndBack = ids.get(4);
        assertThat(api.patch("/api/v4/leads", List.of(Map.of("id", toB, "status_id", b))).status()).isEqualTo(200);
        assertThat(api.patch("/api/v4/leads", List.of(Map.of("id", awayAndBack, "pipeline_id", other, "status_id", x))).status())
                .isEqualTo(200);
        assertThat(api.patch("/api/v4/leads", List.of(Map.of("id", awayAndBack, "pipeline_id", pipeline, "status_id", a))).status())
                .isEqualTo(200);

        JsonNode stalled = api.get("/api/v4/analytics/stalled?pipeline_id=" + pipeline).json().at("/_embedded/stages");
        assertThat(stalled.get(0).get("open").asLong()).isEqualTo(4);
        assertThat(stalled.get(0).get("over_target").asLong()).isEqualTo(2);
        assertThat(stalled.get(1).get("open").asLong()).isEqualTo(1);
        assertThat(stalled.get(1).get("over_target").asLong()).isZero();
        ReportFilter filter = ReportFilter.of(pipeline, null, null);
        assertThat(analytics.openDeals(account.accountId(), filter, null, null, SalesAnalytics.OpenKind.OVER_TARGET, 0, 10))
                .containsExactly(ids.get(0), ids.get(2));
        assertThat(analytics.openDeals(account.accountId(), filter, b, null, SalesAnalytics.OpenKind.OVER_TARGET, 0, 10)).isEmpty();
    }

    /** A new pipeline with these working stages (sorts 10, 20, …), as the API returns it. */
    private static JsonNode pipeline(ApiClient api, String name, int sort, String... stages) {
        List<Map<String, Object>> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < stages.length; i++) {
            statuses.add(Map.of("name", stages[i], "sort", 10 * (i + 1)));
        }
        Response created = api.post("/api/v4/leads/pipelines", List.of(Map.of("name", name, "sort", sort, "is_main", false,
                "is_unsorted_on", false, "_embedded", Map.of("statuses", statuses))));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        return created.json().at("/_embedded/pipelines/0");
    }
}
