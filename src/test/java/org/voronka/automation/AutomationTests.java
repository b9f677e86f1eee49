package org.voronka.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.voronka.automation.internal.Runner;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import org.voronka.webhook.Receiver;
import tools.jackson.databind.JsonNode;

/** Stage automation as a client sees it: rules fire on moves, wait, check conditions, hand deals over, stop loops, run once. */
class AutomationTests extends ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    Runner runner;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.voronka.account.AccountManagement accounts;

    @Autowired
    AutomationManagement automation;

    /** The main pipeline and its first three working stages. */
    private record Stages(long pipeline, long first, long second, long third) {}

    private static Stages stages(ApiClient api) {
        JsonNode p = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        JsonNode s = p.at("/_embedded/statuses");
        List<Long> working = new ArrayList<>();
        s.forEach(x -> {
            if (x.get("type").asInt() == 0 && x.get("id").asLong() != 142 && x.get("id").asLong() != 143) {
                working.add(x.get("id").asLong());
            }
        });
        return new Stages(p.get("id").asLong(), working.get(0), working.get(1), working.get(2));
    }

    private static long rule(ApiClient api, Map<String, Object> rule) {
        Response r = api.post("/api/v4/automations", List.of(rule));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().at("/_embedded/automations/0/id").asLong();
    }

    /** A second pipeline «Юристы» with one working stage: its id and the stage's. */
    private static long[] lawyers(ApiClient api, String stage) {
        Response r = api.post("/api/v4/leads/pipelines", List.of(Map.of("name", "Юристы", "sort", 20, "is_main", false,
                "is_unsorted_on", false, "_embedded", Map.of("statuses", List.of(Map.of("name", stage, "sort", 10))))));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        long id = r.json().at("/_embedded/pipelines/0/id").asLong();
        long status = r.json().at("/_embedded/pipelines/0/_embedded/statuses").valueStream()
                .filter(x -> x.get("name").asString().equals(stage)).findFirst().orElseThrow().get("id").asLong();
        return new long[] {id, status};
    }

    private static long deal(ApiClient api, String name, long pipeline, long status, int price) {
        Response r = api.post("/api/v4/leads", List.of(Map.of("name", name, "pipeline_id", pipeline, "status_id", status, "price", price)));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().at("/_embedded/leads/0/id").asLong();
    }

    private static <T> T await(Supplier<T> value, java.util.function.Predicate<T> done) throws InterruptedException {
        return await(value, done, WAIT);
    }

    private static <T> T await(Supplier<T> value, java.util.function.Predicate<T> done, Duration wait) throws InterruptedException {
        return org.voronka.support.Eventually.await(value, done, wait);
    }

    private JsonNode tasksOf(ApiClient api, long deal) {
        Response r = api.get("/api/v4/tasks?filter[entity_type]=leads&filter[entity_id][]=" + deal);
        return r.status() == 204 ? null : r.json().at("/_embedded/tasks");
    }

    @Test
    void enteringAStageCreatesACallTaskForTomorrowAtTenAndSaysSoInTheTimeline() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        long rule = rule(api, Map.of("name", "Позвонить после перехода", "pipeline_id", s.pipeline(), "status_id", s.second(),
                "trigger", "entered", "actions", List.of(Map.of("type", "create_task", "task_type_id", 1,
                        "text", "Позвонить: {{lead.name}}", "deadline", Map.of("in_days", 1, "at", "10:00")))));
        long deal = deal(api, "Окна", s.pipeline(), s.first(), 1000);
        assertThat(tasksOf(api, deal)).as("no rule on the first stage").isNull();

        assertThat(api.patch("/api/v4/leads/" + deal, Map.of("status_id", s.second())).status()).isEqualTo(200);
        JsonNode tasks = await(() -> tasksOf(api, deal), t -> t != null && t.size() == 1);
        assertThat(tasks.get(0).get("text").asString()).isEqualTo("Позвонить: Окна");
        assertThat(tasks.get(0).get("task_type_id").asInt()).isEqualTo(1);
        ZoneId zone = ZoneId.of("Europe/Moscow");
        Instant expected = LocalDate.now(zone).plusDays(1).atTime(LocalTime.of(10, 0)).atZone(zone).toInstant();
        assertThat(tasks.get(0).get("complete_till").asLong()).isEqualTo(expected.getEpochSecond());
        assertThat(tasks.get(0).get("responsible_user_id").asLong()).isEqualTo(account.adminId());

        JsonNode notes = api.get("/api/v4/leads/" + deal + "/notes?filter[note_type]=service_message").json().at("/_embedded/notes");
        assertThat(notes.get(0).at("/params/text").asString()).startsWith("Позвонить после перехода: task ");
        JsonNode runs = api.get("/api/v4/automations/" + rule + "/runs").json().at("/_embedded/runs");
        assertThat(runs.size()).isEqualTo(1);
        assertThat(runs.get(0).get("state").asString()).isEqualTo("done");
        assertThat(runs.get(0).get("lead_id").asLong()).isEqualTo(deal);
    }

    @Test
    void aDelayedRuleActsOnlyOnDealsStillInTheStage() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        long rule = rule(api, Map.of("name", "Через час без движения", "pipeline_id", s.pipeline(), "status_id", s.second(),
                "trigger", "entered", "delay_minutes", 60, "actions", List.of(Map.of("type", "add_tags", "tags", List.of("Ждёт")))));
        long stays = deal(api, "Стоит", s.pipeline(), s.first(), 0);
        long leaves = deal(api, "Уходит", s.pipeline(), s.first(), 0);
        api.patch("/api/v4/leads", List.of(Map.of("id", stays, "status_id", s.second()), Map.of("id", leaves, "status_id", s.second())));
        api.patch("/api/v4/leads/" + leaves, Map.of("status_id", s.third()));
        Instant now = Instant.now();
        runner.drain(now.plus(Duration.ofMinutes(59)));
        assertThat(tags(api, stays)).isEmpty();
        runner.drain(now.plus(Duration.ofMinutes(61)));
        assertThat(tags(api, stays)).containsExactly("Ждёт");
        assertThat(tags(api, leaves)).isEmpty();
        Map<String, String> states = new HashMap<>();
        api.get("/api/v4/automations/" + rule + "/runs").json().at("/_embedded/runs")
                .forEach(r -> states.put(Long.toString(r.get("lead_id").asLong()), r.get("state").asString() + ":" + r.get("result").asString()));
        assertThat(states.get(Long.toString(stays))).startsWith("done");
        assertThat(states.get(Long.toString(leaves))).isEqualTo("skipped:the deal left the stage");
    }

    @Test
    void aDealThatStaysTooLongIsClosedAsLostWhenConditionsHold() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        long reason = api.post("/api/v4/leads/loss_reasons", List.of(Map.of("name", "Нет движения 14 дней"))).json()
                .at("/_embedded/loss_reasons/0/id").asLong();
        rule(api, Map.of("name", "14 дней без движения", "pipeline_id", s.pipeline(), "status_id", s.first(), "trigger", "stayed",
                "trigger_minutes", 14 * 24 * 60, "conditions", Map.of("match", "all", "items",
                        List.of(Map.of("field", "price", "op", "lte", "value", 10000))),
                "actions", List.of(Map.of("type", "close_lost", "loss_reason_id", reason))));
        long small = deal(api, "Маленькая", s.pipeline(), s.first(), 5000);
        long big = deal(api, "Крупная", s.pipeline(), s.first(), 50000);
        Instant now = Instant.now();
        runner.drain(now.plus(Duration.ofDays(13)));
        assertThat(status(api, small)).isEqualTo(s.first());
        runner.drain(now.plus(Duration.ofDays(14)).plusSeconds(5));
        JsonNode lost = api.get("/api/v4/leads/" + small + "?with=loss_reason").json();
        assertThat(lost.get("status_id").asLong()).isEqualTo(143);
        assertThat(lost.get("loss_reason_id").asLong()).isEqualTo(reason);
        assertThat(status(api, big)).as("conditions not met").isEqualTo(s.first());
        JsonNode history = api.get("/api/v4/events?filter[entity]=lead&filter[entity_id]=" + small + "&filter[type]=lead_status_changed")
                .json().at("/_embedded/events");
        assertThat(history.size()).isEqualTo(1);
    }

    @Test
    void aDealWonInSalesIsHandedToTheLawyersPipelineByTheRule() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        long[] lawyers = lawyers(api, "Проверка договора");
        long lawyersId = lawyers[0];
        long check = lawyers[1];
        rule(api, Map.of("name", "Передать юристам", "pipeline_id", s.pipeline(), "status_id", 142, "trigger", "entered",
                "actions", List.of(Map.of("type", "move", "pipeline_id", lawyersId, "status_id", check))));
        long deal = deal(api, "Договор поставки", s.pipeline(), s.second(), 250000);
        api.patch("/api/v4/leads/" + deal, Map.of("status_id", 142));
        JsonNode moved = await(() -> api.get("/api/v4/leads/" + deal).json(), d -> d.get("pipeline_id").asLong() == lawyersId);
        assertThat(moved.get("status_id").asLong()).isEqualTo(check);
        assertThat(moved.get("price").asLong()).isEqualTo(250000);
        List<Map<String, Object>> transitions = jdbc.queryForList("select to_pipeline_id, to_status_id, source from stage_transitions "
                + "where account_id = ? and deal_id = ? order by moved_at, id", account.accountId(), deal);
        assertThat(transitions).hasSize(3);
        assertThat(((Number) transitions.get(1).get("to_status_id")).longValue()).isEqualTo(142);
        assertThat(transitions.get(1).get("source")).isEqualTo("api");
        assertThat(((Number) transitions.get(2).get("to_pipeline_id")).longValue()).isEqualTo(lawyersId);
        assertThat(transitions.get(2).get("source")).isEqualTo("automation");
    }

    @Test
    void rulesThatBounceADealAreStoppedAndFlagged() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        long there = rule(api, Map.of("name", "Туда", "pipeline_id", s.pipeline(), "status_id", s.second(), "trigger", "entered",
                "actions", List.of(Map.of("type", "move", "status_id", s.third()))));
        long back = rule(api, Map.of("name", "Обратно", "pipeline_id", s.pipeline(), "status_id", s.third(), "trigger", "entered",
                "actions", List.of(Map.of("type", "move", "status_id", s.second()))));
        long deal = deal(api, "Мячик", s.pipeline(), s.first(), 0);
        api.patch("/api/v4/leads/" + deal, Map.of("status_id", s.second()));
        JsonNode flagged = await(() -> api.get("/api/v4/automations").json().at("/_embedded/automations"),
                list -> list.valueStream().anyMatch(r -> r.get("is_paused").asBoolean()));
        JsonNode stopped = flagged.valueStream().filter(r -> r.get("is_paused").asBoolean()).findFirst().orElseThrow();
        assertThat(stopped.get("flagged_reason").asString()).contains("moved automatically");
        assertThat(List.of(there, back)).contains(stopped.get("id").asLong());
        Thread.sleep(500);
        int moves = jdbc.queryForObject("select count(*) from stage_transitions where account_id = ? and deal_id = ? and source = 'automation'",
                Integer.class, account.accountId(), deal);
        assertThat(moves).isBetween(10, 11);
        // resuming the rule clears the flag
        Response resumed = api.patch("/api/v4/automations/" + stopped.get("id").asLong(), Map.of("is_paused", false));
        assertThat(resumed.json().get("flagged_reason").isNull()).isTrue();
    }

    @Test
    void aRuleSendsTheDigitalPipelineWebhook() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        try (Receiver receiver = new Receiver()) {
            rule(api, Map.of("name", "Вебхук", "pipeline_id", s.pipeline(), "status_id", s.second(), "trigger", "entered",
                    "actions", List.of(Map.of("type", "webhook", "url", receiver.url("/dp")))));
            long deal = deal(api, "X", s.pipeline(), s.first(), 0);
            api.patch("/api/v4/leads/" + deal, Map.of("status_id", s.second()));
            Map<String, String> form = receiver.next(WAIT).form();
            assertThat(form).containsEntry("leads[status][0][id]", Long.toString(deal))
                    .containsEntry("leads[status][0][status_id]", Long.toString(s.second()))
                    .containsEntry("leads[status][0][old_status_id]", Long.toString(s.first()))
                    .containsEntry("leads[status][0][pipeline_id]", Long.toString(s.pipeline()))
                    .containsEntry("account[id]", Long.toString(account.accountId()));
        }
    }

    @Test
    void everyFiringRunsExactlyOnceWithSeveralWorkers() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        rule(api, Map.of("name", "Отметка", "pipeline_id", s.pipeline(), "status_id", s.first(), "trigger", "created",
                "actions", List.of(Map.of("type", "add_note", "text", "Новая сделка {{lead.id}}"))));
        int n = 300;
        for (int b = 0; b < n / 100; b++) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(Map.of("name", "D" + (b * 100 + i), "pipeline_id", s.pipeline(), "status_id", s.first()));
            }
            assertThat(api.post("/api/v4/leads", batch).status()).isEqualTo(200);
        }
        ExecutorService nodes = Executors.newFixedThreadPool(3);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(nodes.submit(() -> runner.drain(Instant.now())));
        }
        for (Future<Integer> f : runs) {
            f.get();
        }
        nodes.shutdown();
        await(() -> jdbc.queryForObject("select count(*) from automation_runs where account_id = ? and state = 'done'", Integer.class,
                account.accountId()), c -> c == n, Duration.ofMinutes(3));
        List<Map<String, Object>> perDeal = jdbc.queryForList("select entity_id, count(*) c from notes where account_id = ? "
                + "and note_type = 'common' group by entity_id", account.accountId());
        assertThat(perDeal).hasSize(n);
        assertThat(perDeal).allMatch(r -> ((Number) r.get("c")).intValue() == 1);
    }

    @Test
    void aRefusedRunFailsAloneWhileTheOthersOfItsBatchAreDone() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        Response field = api.post("/api/v4/leads/custom_fields", """
                [{"name": "Номер договора", "type": "text", "required_statuses": [{"status_id": %d, "pipeline_id": %d}]}]"""
                .formatted(s.third(), s.pipeline()));
        assertThat(field.status()).as(field.text()).isEqualTo(200);
        long fieldId = field.json().at("/_embedded/custom_fields/0/id").asLong();
        rule(api, Map.of("name", "В согласование", "pipeline_id", s.pipeline(), "status_id", s.first(), "trigger", "created",
                "actions", List.of(Map.of("type", "move", "status_id", s.third()))));
        // one request, so their runs are due together and taken in one batch
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Map<String, Object> deal = new HashMap<>(Map.of("name", "Договор " + i, "pipeline_id", s.pipeline(), "status_id", s.first()));
            if (i % 2 == 0) {
                deal.put("custom_fields_values", List.of(Map.of("field_id", fieldId, "values", List.of(Map.of("value", "Д-" + i)))));
            }
            batch.add(deal);
        }
        List<Long> ids = createAndRun(api, account.accountId(), batch);
        for (int i = 0; i < 6; i++) {
            JsonNode deal = api.get("/api/v4/leads/" + ids.get(i)).json();
            String state = jdbc.queryForObject("select state from automation_runs where account_id = ? and deal_id = ?", String.class,
                    account.accountId(), ids.get(i));
            int moves = jdbc.queryForObject("select count(*) from stage_transitions where account_id = ? and deal_id = ? "
                    + "and source = 'automation'", Integer.class, account.accountId(), ids.get(i));
            if (i % 2 == 0) {
                assertThat(deal.get("status_id").asLong()).isEqualTo(s.third());
                assertThat(state).isEqualTo("done");
                assertThat(moves).isEqualTo(1);
            } else {
                // refused by the required field: nothing of its run stays, and the log says why
                assertThat(deal.get("status_id").asLong()).isEqualTo(s.first());
                assertThat(state).isEqualTo("failed");
                assertThat(moves).isZero();
                assertThat(jdbc.queryForObject("select error from automation_runs where account_id = ? and deal_id = ?", String.class,
                        account.accountId(), ids.get(i))).contains("custom_fields_values");
            }
        }
    }

    @Test
    void newDealsAreGivenToTheDepartmentInTurnAndTasksToTheLeastBusy() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        long lawyers = accounts.createGroup(account.admin(), "Юристы").id();
        List<Long> team = new ArrayList<>();
        for (String name : List.of("Анна", "Борис", "Вера", "Глеб")) {
            team.add(accounts.createUser(account.admin(), name, name.hashCode() + "-" + account.accountId() + "@example.com",
                    "password-123", "ru", false, lawyers).id());
        }
        accounts.setActive(account.admin(), team.get(3), false);
        rule(api, Map.of("name", "Распределение", "pipeline_id", s.pipeline(), "status_id", s.first(), "trigger", "created",
                "actions", List.of(Map.of("type", "set_responsible", "assign", "round_robin", "group_id", lawyers))));
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            batch.add(Map.of("name", "Заявка " + i, "pipeline_id", s.pipeline(), "status_id", s.first()));
        }
        assertThat(api.post("/api/v4/leads", batch).status()).isEqualTo(200);
        runner.drain(Instant.now());
        Map<Long, Integer> perUser = await(() -> {
            Map<Long, Integer> m = new HashMap<>();
            api.get("/api/v4/leads?filter[statuses][0][pipeline_id]=" + s.pipeline() + "&filter[statuses][0][status_id]=" + s.first())
                    .json().at("/_embedded/leads").forEach(d -> m.merge(d.get("responsible_user_id").asLong(), 1, Integer::sum));
            return m;
        }, m -> m.values().stream().mapToInt(Integer::intValue).sum() == 7 && !m.containsKey(account.adminId()));
        // three active lawyers take turns: 3 + 2 + 2; the deactivated one gets none
        assertThat(perUser).containsOnlyKeys(team.get(0), team.get(1), team.get(2));
        assertThat(perUser.values()).containsExactlyInAnyOrder(3, 2, 2);

        // the task goes to whoever has the fewest open deals: one of the two with two deals
        rule(api, Map.of("name", "Задача юристу", "pipeline_id", s.pipeline(), "status_id", s.second(), "trigger", "entered",
                "actions", List.of(Map.of("type", "create_task", "text", "Проверить договор", "responsible", "least_busy",
                        "group_id", lawyers))));
        long deal = deal(api, "Проверка", s.pipeline(), s.second(), 0);
        runner.drain(Instant.now());
        JsonNode tasks = await(() -> tasksOf(api, deal), t -> t != null && t.size() == 1);
        long busiest = perUser.entrySet().stream().filter(e -> e.getValue() == 3).findFirst().orElseThrow().getKey();
        long given = tasks.get(0).get("responsible_user_id").asLong();
        assertThat(given).isIn(team.get(0), team.get(1), team.get(2)).isNotEqualTo(busiest);

        // a department that does not exist is refused when the rule is saved
        Response bad = api.post("/api/v4/automations", List.of(Map.of("name", "x", "pipeline_id", s.pipeline(), "status_id", s.first(),
                "trigger", "created", "actions", List.of(Map.of("type", "set_responsible", "assign", "round_robin", "group_id", 999_999)))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("actions[0].group_id");
    }

    /**
     * A second application node on the same database shares the work; it dies in the middle (its
     * context closes, its connections are aborted) and the first node finishes. Every firing acts
     * exactly once.
     */
    @Test
    void twoNodesRunEveryFiringOnceEvenWhenOneDiesMidway() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        rule(api, Map.of("name", "Отметка", "pipeline_id", s.pipeline(), "status_id", s.first(), "trigger", "created",
                "actions", List.of(Map.of("type", "add_note", "text", "Новая сделка {{lead.id}}"))));
        int n = org.voronka.support.TestDatabase.POSTGRES ? 10_000 : 2_000;
        // arguments, not default properties: they must win over application.properties' database
        ConfigurableApplicationContext second = new SpringApplicationBuilder(org.voronka.VoronkaApplication.class)
                .run("--spring.datasource.url=" + org.voronka.support.TestDatabase.url(),
                        "--spring.datasource.username=" + org.voronka.support.TestDatabase.user(),
                        "--spring.datasource.password=" + org.voronka.support.TestDatabase.password(),
                        "--server.port=0", "--voronka.setup.enabled=false", "--logging.level.root=warn", "--spring.main.banner-mode=off",
                        "--voronka.automation.poll-millis=100");
        assertThat(second.getEnvironment().getProperty("spring.datasource.url")).isEqualTo(org.voronka.support.TestDatabase.url());
        // this node waits until the second one has taken work, or a batch of 100 runs here could leave it none before it dies
        runner.stop();
        try {
            for (int b = 0; b < n / 250; b++) {
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int i = 0; i < 250; i++) {
                    batch.add(Map.of("name", "D" + (b * 250 + i), "pipeline_id", s.pipeline(), "status_id", s.first()));
                }
                assertThat(api.post("/api/v4/leads", batch).status()).isEqualTo(200);
            }
            // the second node has started on the work: now it dies
            Runner secondRunner = second.getBean(Runner.class);
            await(secondRunner::executed, c -> c > 0, Duration.ofMinutes(2));
        } finally {
            second.close();
            runner.start();
        }
        await(() -> doneRuns(account.accountId()), c -> c == n, Duration.ofMinutes(5));
        assertThat(jdbc.queryForObject("select count(*) from automation_runs where account_id = ? and state <> 'done'", Integer.class,
                account.accountId())).isZero();
        List<Map<String, Object>> perDeal = jdbc.queryForList("select entity_id, count(*) c from notes where account_id = ? "
                + "and note_type = 'common' group by entity_id", account.accountId());
        assertThat(perDeal).hasSize(n);
        assertThat(perDeal).allMatch(r -> ((Number) r.get("c")).intValue() == 1);
    }

    private int doneRuns(long accountId) {
        return jdbc.queryForObject("select count(*) from automation_runs where account_id = ? and state = 'done'", Integer.class, accountId);
    }

    @Test
    void aRuleThatWaitsForWorkingHoursActsAtTheStartOfTheNextWindowAndARuleForWorkingHoursOnlySkipsOutsideThem() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        ZoneId zone = ZoneId.of("Europe/Moscow");
        // the team works only tomorrow, 09:00–18:00: now is outside the hours whatever the time
        java.time.DayOfWeek tomorrow = LocalDate.now(zone).plusDays(1).getDayOfWeek();
        accounts.setWorkingHours(account.admin(), new org.voronka.account.WorkingHours(java.util.EnumSet.of(tomorrow), LocalTime.of(9, 0),
                LocalTime.of(18, 0)));
        Instant window = LocalDate.now(zone).plusDays(1).atTime(9, 0).atZone(zone).toInstant();
        Map<String, Object> waiting = new HashMap<>(Map.of("name", "Утром", "pipeline_id", s.pipeline(), "status_id", s.second(),
                "trigger", "entered", "wait_for_working_hours", true,
                "actions", List.of(Map.of("type", "add_note", "text", "Доброе утро"))));
        long waits = rule(api, waiting);
        assertThat(api.get("/api/v4/automations/" + waits).json().get("wait_for_working_hours").asBoolean()).isTrue();
        long onlyWithin = rule(api, Map.of("name", "Только днём", "pipeline_id", s.pipeline(), "status_id", s.second(),
                "trigger", "entered", "conditions", Map.of("match", "all", "items", List.of(Map.of("field", "working_hours", "op", "within"))),
                "actions", List.of(Map.of("type", "add_note", "text", "Днём"))));

        long deal = deal(api, "Ночная заявка", s.pipeline(), s.second(), 0);
        Instant due = await(() -> jdbc.queryForObject("select due_at from automation_runs where account_id = ? and rule_id = ?",
                java.sql.Timestamp.class, account.accountId(), waits), t -> t != null).toInstant();
        assertThat(due).isEqualTo(window);
        await(() -> jdbc.queryForObject("select state from automation_runs where account_id = ? and rule_id = ?", String.class,
                account.accountId(), onlyWithin), "skipped"::equals);

        runner.drain(window.minusSeconds(60));
        assertThat(jdbc.queryForObject("select state from automation_runs where account_id = ? and rule_id = ?", String.class,
                account.accountId(), waits)).isEqualTo("pending");
        runner.drain(window);
        assertThat(jdbc.queryForObject("select state from automation_runs where account_id = ? and rule_id = ?", String.class,
                account.accountId(), waits)).isEqualTo("done");
        assertThat(jdbc.queryForObject("select count(*) from notes where account_id = ? and entity_id = ? and note_type = 'common'",
                Integer.class, account.accountId(), deal)).isEqualTo(1);
    }

    @Test
    void badRulesAreRefusedPreciselyAndOnlyAdministratorsChangeRules() {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        Response bad = api.post("/api/v4/automations", List.of(Map.of("name", "x", "pipeline_id", s.pipeline(), "status_id", 999999,
                "trigger", "sometimes", "actions", List.of(Map.of("type", "fly"), Map.of("type", "create_task")))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("status_id").contains("trigger").contains("actions[0].type").contains("actions[1].text");
        Response stayed = api.post("/api/v4/automations", List.of(Map.of("name", "x", "pipeline_id", s.pipeline(), "status_id", s.first(),
                "trigger", "stayed", "actions", List.of(Map.of("type", "add_note", "text", "t")))));
        assertThat(stayed.text()).contains("trigger_minutes");
        assertThat(api.get("/api/v4/automations").status()).isEqualTo(204);

        var user = tx.execute(x -> accounts.createUser(account.admin(), "Manager", "m-" + account.accountId() + "@test.local",
                "pw-123456", "ru", false, 0));
        ApiClient manager = api.withToken(tokens.issue(account.admin(), user.id(), "m", Duration.ofDays(1)).token());
        Response refused = manager.post("/api/v4/automations", List.of(Map.of("name", "x", "pipeline_id", s.pipeline(),
                "status_id", s.first(), "trigger", "entered", "actions", List.of(Map.of("type", "add_note", "text", "t")))));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(api.send("DELETE", "/api/v4/automations/424242", null, null).status()).isEqualTo(404);
    }

    /** Runs of a rule that only adds tasks and notes are carried out together; one refused among them still fails alone. */
    @Test
    void runsCarriedOutTogetherEachGetTheirTaskAndARefusedOneFailsAlone() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        rule(api, Map.of("name", "Задача и заметка", "pipeline_id", s.pipeline(), "status_id", s.first(), "trigger", "created",
                "actions", List.of(Map.of("type", "create_task", "text", "Связаться: {{lead.name}}", "deadline", Map.of("in_minutes", 30)),
                        Map.of("type", "add_note", "text", "{{lead.name}}".repeat(20)))));
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // a 250-character name makes the note longer than a note may be: that run is refused
            batch.add(Map.of("name", i == 5 ? "Ж".repeat(250) : "Сделка " + i, "pipeline_id", s.pipeline(), "status_id", s.first()));
        }
        List<Long> ids = createAndRun(api, account.accountId(), batch);
        for (int i = 0; i < 8; i++) {
            long deal = ids.get(i);
            Map<String, Object> run = jdbc.queryForMap("select state, result, error from automation_runs where account_id = ? and deal_id = ?",
                    account.accountId(), deal);
            int notes = jdbc.queryForObject("select count(*) from notes where account_id = ? and entity_id = ? and note_type = 'common'",
                    Integer.class, account.accountId(), deal);
            if (i == 5) {
                assertThat(run.get("state")).isEqualTo("failed");
                assertThat((String) run.get("error")).contains("At most 4000 characters");
                assertThat(tasksOf(api, deal)).as("nothing of the refused run stays").isNull();
                assertThat(notes).isZero();
            } else {
                assertThat(run.get("state")).isEqualTo("done");
                JsonNode tasks = tasksOf(api, deal);
                assertThat(tasks).hasSize(1);
                assertThat(tasks.get(0).get("text").asString()).isEqualTo("Связаться: Сделка " + i);
                assertThat(api.get("/api/v4/leads/" + deal).json().get("closest_task_at").asLong()).as("the deal's nearest task")
                        .isEqualTo(tasks.get(0).get("complete_till").asLong());
                assertThat((String) run.get("result")).startsWith("task " + tasks.get(0).get("id").asLong() + " until ").endsWith("; note");
                assertThat(notes).isEqualTo(1);
                JsonNode service = api.get("/api/v4/leads/" + deal + "/notes?filter[note_type]=service_message").json().at("/_embedded/notes");
                assertThat(service.size()).isEqualTo(1);
                assertThat(service.get(0).at("/params/text").asString()).isEqualTo("Задача и заметка: " + run.get("result"));
            }
        }
    }

    private static long field(ApiClient api, Map<String, Object> definition) {
        Response r = api.post("/api/v4/leads/custom_fields", List.of(definition));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().at("/_embedded/custom_fields/0/id").asLong();
    }

    private static void setField(ApiClient api, long deal, long field, Object value) {
        Response r = api.patch("/api/v4/leads/" + deal, Map.of("custom_fields_values", List.of(Map.of("field_id", field, "values",
                value == null ? List.of() : List.of(Map.of("value", value))))));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private Map<Long, List<String>> runsByDeal(ApiClient api, long rule) {
        Map<Long, List<String>> runs = new HashMap<>();
        Response r = api.get("/api/v4/automations/" + rule + "/runs?limit=250");
        if (r.status() == 200) {
            r.json().at("/_embedded/runs").forEach(x -> runs.computeIfAbsent(x.get("lead_id").asLong(), k -> new ArrayList<>())
                    .add(0, x.get("state").asString() + (x.get("result").isNull() ? "" : ":" + x.get("result").asString())));
        }
        return runs;
    }

    @Test
    void aFieldChangeFiresOnlyForItsFieldItsValueAndItsStage() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        long source = field(api, Map.of("name", "Источник", "type", "select", "enums", List.of(Map.of("value", "Сайт"), Map.of("value", "Звонок"))));
        long toCall = rule(api, Map.of("name", "Пришёл звонок", "pipeline_id", s.pipeline(), "status_id", s.second(), "trigger", "field_changed",
                "trigger_field", source, "trigger_value", "звонок", "actions", List.of(Map.of("type", "add_tags", "tags", List.of("Звонок")))));
        long budget = rule(api, Map.of("name", "Бюджет изменился", "pipeline_id", s.pipeline(), "status_id", s.second(),
                "trigger", "field_changed", "trigger_field", "price", "actions", List.of(Map.of("type", "add_note", "text", "Бюджет: {{lead.price}}"))));
        long renamed = rule(api, Map.of("name", "Переименована", "pipeline_id", s.pipeline(), "status_id", s.second(),
                "trigger", "field_changed", "trigger_field", "name", "trigger_value", "Кухня", "actions",
                List.of(Map.of("type", "add_tags", "tags", List.of("Кухня")))));
        JsonNode saved = api.get("/api/v4/automations/" + toCall).json();
        assertThat(saved.get("trigger_field").asLong()).isEqualTo(source);
        assertThat(saved.get("trigger_value").asString()).isEqualTo("звонок");
        assertThat(api.get("/api/v4/automations/" + budget).json().get("trigger_field").asString()).isEqualTo("price");

        long deal = deal(api, "Окна", s.pipeline(), s.second(), 1000);
        long elsewhere = deal(api, "Двери", s.pipeline(), s.first(), 1000);
        setField(api, deal, source, "Сайт");
        setField(api, elsewhere, source, "Звонок");
        api.patch("/api/v4/leads/" + elsewhere, Map.of("price", 5000));
        api.patch("/api/v4/leads/" + deal, Map.of("name", "Шкаф"));
        setField(api, deal, source, "Звонок");
        await(() -> tags(api, deal), t -> t.contains("Звонок"));
        assertThat(api.patch("/api/v4/leads/" + deal, Map.of("price", 2500, "name", "Кухня")).status()).isEqualTo(200);
        await(() -> tags(api, deal), t -> t.contains("Кухня"));
        JsonNode notes = await(() -> api.get("/api/v4/leads/" + deal + "/notes?filter[note_type]=common"),
                r -> r.status() == 200).json().at("/_embedded/notes");
        assertThat(notes.size()).isEqualTo(1);
        assertThat(notes.get(0).at("/params/text").asString()).isEqualTo("Бюджет: 2500");

        assertThat(runsByDeal(api, toCall)).containsOnlyKeys(deal);
        assertThat(runsByDeal(api, toCall).get(deal)).hasSize(1);
        assertThat(runsByDeal(api, budget)).containsOnlyKeys(deal);
        assertThat(runsByDeal(api, renamed).get(deal)).as("«Шкаф» is not the value the rule waits for").hasSize(1);
        assertThat(tags(api, elsewhere)).as("the rule's stage only").isEmpty();

        Response bad = api.post("/api/v4/automations", List.of(
                Map.of("name", "x", "pipeline_id", s.pipeline(), "status_id", s.first(), "trigger", "field_changed", "trigger_field", 424242,
                        "actions", List.of(Map.of("type", "add_note", "text", "t"))),
                Map.of("name", "y", "pipeline_id", s.pipeline(), "status_id", s.first(), "trigger", "field_changed", "trigger_field", "price",
                        "trigger_value", "много", "actions", List.of(Map.of("type", "add_note", "text", "t"))),
                Map.of("name", "z", "pipeline_id", s.pipeline(), "status_id", s.first(), "trigger", "date_field", "trigger_field", source,
                        "trigger_minutes", -60, "actions", List.of(Map.of("type", "add_note", "text", "t")))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("trigger_field").contains("trigger_value").contains("date or date_time");
    }

    @Test
    void aDateFieldRuleFiresOnceBeforeTheDateAndFollowsTheDateTheStageAndTheTrash() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        long meeting = field(api, Map.of("name", "Встреча", "type", "date_time"));
        long dayBefore = rule(api, Map.of("name", "Накануне встречи", "pipeline_id", s.pipeline(), "status_id", s.second(),
                "trigger", "date_field", "trigger_field", meeting, "trigger_minutes", -24 * 60,
                "actions", List.of(Map.of("type", "create_task", "text", "Напомнить о встрече: {{lead.name}}", "deadline", Map.of("in_minutes", 60)))));
        long after = rule(api, Map.of("name", "После встречи", "pipeline_id", s.pipeline(), "status_id", s.second(),
                "trigger", "date_field", "trigger_field", meeting, "trigger_minutes", 120,
                "actions", List.of(Map.of("type", "add_tags", "tags", List.of("Была встреча")))));
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long deal = deal(api, "Окна", s.pipeline(), s.first(), 0);
        setField(api, deal, meeting, now.plus(Duration.ofDays(3)).getEpochSecond());
        assertThat(runsByDeal(api, dayBefore)).as("not in the rule's stage yet").isEmpty();
        api.patch("/api/v4/leads/" + deal, Map.of("status_id", s.second()));
        assertThat(runsByDeal(api, dayBefore).get(deal)).containsExactly("pending");

        setField(api, deal, meeting, now.plus(Duration.ofDays(5)).getEpochSecond());
        assertThat(runsByDeal(api, dayBefore).get(deal)).containsExactly("skipped:the date changed", "pending");
        runner.drain(now.plus(Duration.ofDays(3)));
        assertThat(tasksOf(api, deal)).as("the old date no longer counts").isNull();
        runner.drain(now.plus(Duration.ofDays(4)).plusSeconds(1));
        JsonNode tasks = tasksOf(api, deal);
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).get("text").asString()).isEqualTo("Напомнить о встрече: Окна");
        assertThat(tags(api, deal)).isEmpty();
        runner.drain(now.plus(Duration.ofDays(5)).plus(Duration.ofMinutes(121)));
        assertThat(tags(api, deal)).containsExactly("Была встреча");
        runner.drain(now.plus(Duration.ofDays(30)));
        assertThat(tasksOf(api, deal)).as("fires once").hasSize(1);
        List<String> log = runsByDeal(api, dayBefore).get(deal);
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).isEqualTo("skipped:the date changed");
        assertThat(log.get(1)).startsWith("done:task ");

        // cleared, moved on, deleted: the pending runs are dropped at once, saying why
        long cleared = deal(api, "Очищена", s.pipeline(), s.second(), 0);
        long moved = deal(api, "Ушла", s.pipeline(), s.second(), 0);
        long deleted = deal(api, "Удалена", s.pipeline(), s.second(), 0);
        long past = deal(api, "Прошла", s.pipeline(), s.second(), 0);
        for (long d : List.of(cleared, moved, deleted)) {
            setField(api, d, meeting, now.plus(Duration.ofDays(2)).getEpochSecond());
        }
        setField(api, past, meeting, now.minus(Duration.ofDays(2)).getEpochSecond());
        setField(api, cleared, meeting, null);
        api.patch("/api/v4/leads/" + moved, Map.of("status_id", s.third()));
        assertThat(api.send("DELETE", "/api/v4/leads/" + deleted, null, null).status()).isIn(200, 204);
        Map<Long, List<String>> runs = runsByDeal(api, dayBefore);
        assertThat(runs.get(cleared)).containsExactly("skipped:the date was cleared");
        assertThat(runs.get(moved)).containsExactly("skipped:the deal left the stage");
        assertThat(runs.get(deleted)).containsExactly("skipped:the deal was deleted");
        assertThat(runs.get(past)).as("a moment already past is not scheduled").isNull();
        runner.drain(now.plus(Duration.ofDays(60)));
        for (long d : List.of(cleared, moved, deleted, past)) {
            assertThat(tasksOf(api, d)).isNull();
        }
        assertThat(runsByDeal(api, after).get(moved)).containsExactly("skipped:the deal left the stage");
    }

    @Test
    void aDateRuleCreatedChangedOrResumedIsScheduledOnceForTheDealsAlreadyInItsStage() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        long meeting = field(api, Map.of("name", "Встреча", "type", "date_time"));
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Map<Long, Instant> dates = new HashMap<>();
        long soon = deal(api, "Скоро", s.pipeline(), s.second(), 0);
        long later = deal(api, "Позже", s.pipeline(), s.second(), 0);
        long past = deal(api, "Прошла", s.pipeline(), s.second(), 0);
        long undated = deal(api, "Без даты", s.pipeline(), s.second(), 0);
        long elsewhere = deal(api, "Другой этап", s.pipeline(), s.first(), 0);
        long deleted = deal(api, "Удалена", s.pipeline(), s.second(), 0);
        dates.put(soon, now.plus(Duration.ofDays(3)));
        dates.put(later, now.plus(Duration.ofDays(10)));
        dates.put(past, now.minus(Duration.ofDays(2)));
        dates.put(elsewhere, now.plus(Duration.ofDays(3)));
        dates.put(deleted, now.plus(Duration.ofDays(3)));
        dates.forEach((deal, date) -> setField(api, deal, meeting, date.getEpochSecond()));
        assertThat(api.send("DELETE", "/api/v4/leads/" + deleted, null, null).status()).isIn(200, 204);

        long rule = rule(api, Map.of("name", "Накануне встречи", "pipeline_id", s.pipeline(), "status_id", s.second(),
                "trigger", "date_field", "trigger_field", meeting, "trigger_minutes", -24 * 60,
                "actions", List.of(Map.of("type", "create_task", "text", "Напомнить: {{lead.name}}", "deadline", Map.of("in_minutes", 60)))));
        Map<Long, List<String>> runs = runsByDeal(api, rule);
        assertThat(runs).as("the deals of the stage whose moment is still ahead").containsOnlyKeys(soon, later);
        assertThat(runs.get(soon)).containsExactly("pending");
        assertThat(pendingDue(api, rule, soon)).isEqualTo(dates.get(soon).minus(Duration.ofDays(1)));
        assertThat(pendingDue(api, rule, later)).isEqualTo(dates.get(later).minus(Duration.ofDays(1)));

        // the date changes later: rescheduled, not doubled
        setField(api, later, meeting, now.plus(Duration.ofDays(12)).getEpochSecond());
        assertThat(runsByDeal(api, rule).get(later)).containsExactly("skipped:the date changed", "pending");
        assertThat(pendingDue(api, rule, later)).isEqualTo(now.plus(Duration.ofDays(11)));

        // another offset: the pending runs are replaced by runs at the new moments
        assertThat(api.patch("/api/v4/automations/" + rule, Map.of("trigger_minutes", -48 * 60)).status()).isEqualTo(200);
        assertThat(runsByDeal(api, rule).get(soon)).containsExactly("skipped:the rule changed", "pending");
        assertThat(pendingDue(api, rule, soon)).isEqualTo(dates.get(soon).minus(Duration.ofDays(2)));
        // a new name moves nothing; paused and resumed, it is scheduled again, once
        assertThat(api.patch("/api/v4/automations/" + rule, Map.of("name", "За два дня")).status()).isEqualTo(200);
        assertThat(runsByDeal(api, rule).get(soon)).hasSize(2);
        assertThat(api.patch("/api/v4/automations/" + rule, Map.of("is_paused", true)).status()).isEqualTo(200);
        assertThat(api.patch("/api/v4/automations/" + rule, Map.of("is_paused", false)).status()).isEqualTo(200);
        assertThat(runsByDeal(api, rule).get(soon)).containsExactly("skipped:the rule changed", "skipped:the rule changed", "pending");
        assertThat(runsByDeal(api, rule).get(later)).containsExactly("skipped:the date changed", "skipped:the rule changed",
                "skipped:the rule changed", "pending");
        // a copy to another stage is scheduled for the deals there
        long copy = api.post("/api/v4/automations/" + rule + "/copy", Map.of("pipeline_id", s.pipeline(), "status_id", s.first()))
                .json().get("id").asLong();
        assertThat(runsByDeal(api, copy)).containsOnlyKeys(elsewhere);

        runner.drain(now.plus(Duration.ofDays(60)));
        for (long d : List.of(soon, later, elsewhere)) {
            JsonNode tasks = tasksOf(api, d);
            assertThat(tasks).as("deal " + d).hasSize(1);
        }
        for (long d : List.of(past, undated)) {
            assertThat(tasksOf(api, d)).isNull();
        }
        assertThat(runsByDeal(api, rule).get(soon).get(2)).startsWith("done:task ");
    }

    @Test
    void aDateRuleThatWaitsForWorkingHoursSchedulesTheDealsAlreadyInItsStageAtTheNextWindow() {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        ZoneId zone = ZoneId.of("Europe/Moscow");
        LocalDate workday = LocalDate.now(zone).plusDays(3);
        accounts.setWorkingHours(account.admin(), new org.voronka.account.WorkingHours(java.util.EnumSet.of(workday.getDayOfWeek()),
                LocalTime.of(9, 0), LocalTime.of(18, 0)));
        long meeting = field(api, Map.of("name", "Встреча", "type", "date_time"));
        long dayOff = deal(api, "В выходной", s.pipeline(), s.second(), 0);
        long workingDay = deal(api, "В рабочий день", s.pipeline(), s.second(), 0);
        setField(api, dayOff, meeting, workday.minusDays(1).atTime(12, 0).atZone(zone).toEpochSecond());
        setField(api, workingDay, meeting, workday.atTime(12, 0).atZone(zone).toEpochSecond());
        long rule = rule(api, Map.of("name", "В день встречи", "pipeline_id", s.pipeline(), "status_id", s.second(),
                "trigger", "date_field", "trigger_field", meeting, "trigger_minutes", 0, "wait_for_working_hours", true,
                "actions", List.of(Map.of("type", "add_note", "text", "Встреча сегодня"))));
        assertThat(pendingDue(api, rule, dayOff)).as("the day off waits for the working day's morning")
                .isEqualTo(workday.atTime(9, 0).atZone(zone).toInstant());
        assertThat(pendingDue(api, rule, workingDay)).isEqualTo(workday.atTime(12, 0).atZone(zone).toInstant());
    }

    /** When the deal's pending run of the rule comes due. */
    private static Instant pendingDue(ApiClient api, long rule, long deal) {
        JsonNode runs = api.get("/api/v4/automations/" + rule + "/runs?limit=250&filter[state]=pending").json().at("/_embedded/runs");
        return runs.valueStream().filter(r -> r.get("lead_id").asLong() == deal).map(r -> Instant.ofEpochSecond(r.get("due_at").asLong()))
                .findFirst().orElseThrow();
    }

    @Test
    void conditionsOnCustomAndUserFieldsDecideWhetherTheRuleActs() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        long area = field(api, Map.of("name", "Площадь", "type", "numeric"));
        long measurer = field(api, Map.of("name", "Замерщик", "type", "user"));
        long comment = field(api, Map.of("name", "Комментарий", "type", "text"));
        rule(api, Map.of("name", "Большой замер", "pipeline_id", s.pipeline(), "status_id", s.second(), "trigger", "entered",
                "conditions", Map.of("match", "all", "items", List.of(
                        Map.of("field", "custom_field", "field_id", area, "op", "gte", "value", 50),
                        Map.of("field", "custom_field", "field_id", measurer, "op", "in", "value", List.of(account.adminId())),
                        Map.of("field", "custom_field", "field_id", comment, "op", "not_empty"))),
                "actions", List.of(Map.of("type", "add_tags", "tags", List.of("Большой")))));
        rule(api, Map.of("name", "Срочно", "pipeline_id", s.pipeline(), "status_id", s.second(), "trigger", "entered",
                "conditions", Map.of("match", "any", "items", List.of(
                        Map.of("field", "custom_field", "field_id", comment, "op", "contains", "value", "срочно"),
                        Map.of("field", "custom_field", "field_id", area, "op", "eq", "value", 7))),
                "actions", List.of(Map.of("type", "add_tags", "tags", List.of("Срочно")))));
        long big = deal(api, "Большая", s.pipeline(), s.first(), 0);
        long small = deal(api, "Маленькая", s.pipeline(), s.first(), 0);
        long nobody = deal(api, "Без замерщика", s.pipeline(), s.first(), 0);
        for (long d : List.of(big, small, nobody)) {
            setField(api, d, comment, d == small ? "Очень СРОЧНО" : "есть");
            setField(api, d, area, d == small ? 7 : 80);
        }
        setField(api, big, measurer, account.adminId());
        setField(api, small, measurer, account.adminId());
        api.patch("/api/v4/leads", List.of(Map.of("id", big, "status_id", s.second()), Map.of("id", small, "status_id", s.second()),
                Map.of("id", nobody, "status_id", s.second())));
        await(() -> jdbc.queryForObject("select count(*) from automation_runs where account_id = ? and state <> 'pending'", Integer.class,
                account.accountId()), c -> c == 6);
        assertThat(tags(api, big)).containsExactly("Большой");
        assertThat(tags(api, small)).containsExactly("Срочно");
        assertThat(tags(api, nobody)).isEmpty();

        Response bad = api.post("/api/v4/automations", List.of(Map.of("name", "x", "pipeline_id", s.pipeline(), "status_id", s.first(),
                "trigger", "entered", "conditions", Map.of("items", List.of(Map.of("field", "custom_field", "field_id", comment, "op", "gte",
                        "value", 1), Map.of("field", "custom_field", "field_id", 424242, "op", "empty"))),
                "actions", List.of(Map.of("type", "add_note", "text", "t")))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("conditions.items[0].op").contains("conditions.items[1].field_id");
    }

    @Test
    void aRuleIsCopiedToAStageOfAnotherPipelineAndRulesOfAStageAreReordered() {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        long[] lawyers = lawyers(api, "Проверка");
        long other = lawyers[0];
        long otherStage = lawyers[1];
        long a = rule(api, Map.of("name", "Первое", "pipeline_id", s.pipeline(), "status_id", s.first(), "trigger", "entered",
                "actions", List.of(Map.of("type", "move", "status_id", s.second()), Map.of("type", "add_note", "text", "t"))));
        long b = rule(api, Map.of("name", "Второе", "pipeline_id", s.pipeline(), "status_id", s.first(), "trigger", "entered",
                "actions", List.of(Map.of("type", "add_note", "text", "t"))));
        Rule copy = automation.copy(account.admin(), a, other, otherStage);
        assertThat(copy.pipelineId()).isEqualTo(other);
        assertThat(copy.statusId()).isEqualTo(otherStage);
        assertThat(copy.actions()).hasSize(2);
        assertThat(((Number) copy.actions().get(0).get("pipeline_id")).longValue()).as("the move still means the original pipeline")
                .isEqualTo(s.pipeline());
        assertThat(((Number) copy.actions().get(0).get("status_id")).longValue()).isEqualTo(s.second());

        automation.reorder(account.admin(), b, true);
        assertThat(automation.rules(account.accountId(), s.pipeline()).stream().map(Rule::id).toList()).containsExactly(b, a);
        automation.reorder(account.admin(), b, true);
        assertThat(automation.rules(account.accountId(), s.pipeline()).stream().map(Rule::id).toList()).containsExactly(b, a);
        automation.reorder(account.admin(), b, false);
        assertThat(automation.rules(account.accountId(), s.pipeline()).stream().map(Rule::id).toList()).containsExactly(a, b);
    }

    @Test
    void theApiCopiesARuleToAStageOfAnotherPipelineAndReordersTheRulesOfAStageBySort() {
        var account = newAccount();
        ApiClient api = account.api();
        Stages s = stages(api);
        long[] lawyers = lawyers(api, "Проверка");
        long a = rule(api, Map.of("name", "Первое", "pipeline_id", s.pipeline(), "status_id", s.first(), "trigger", "entered",
                "delay_minutes", 30, "actions", List.of(Map.of("type", "move", "status_id", s.second()), Map.of("type", "add_note", "text", "t"))));
        long b = rule(api, Map.of("name", "Второе", "pipeline_id", s.pipeline(), "status_id", s.first(), "trigger", "entered",
                "actions", List.of(Map.of("type", "add_note", "text", "t"))));

        Response copied = api.post("/api/v4/automations/" + a + "/copy", Map.of("pipeline_id", lawyers[0], "status_id", lawyers[1]));
        assertThat(copied.status()).as(copied.text()).isEqualTo(200);
        JsonNode copy = copied.json();
        assertThat(copy.get("id").asLong()).isNotIn(a, b);
        assertThat(copy.get("name").asString()).isEqualTo("Первое");
        assertThat(copy.get("pipeline_id").asLong()).isEqualTo(lawyers[0]);
        assertThat(copy.get("status_id").asLong()).isEqualTo(lawyers[1]);
        assertThat(copy.get("trigger").asString()).isEqualTo("entered");
        assertThat(copy.get("delay_minutes").asInt()).isEqualTo(30);
        assertThat(copy.at("/actions/0/pipeline_id").asLong()).as("the move still means the original pipeline").isEqualTo(s.pipeline());
        assertThat(copy.at("/actions/0/status_id").asLong()).isEqualTo(s.second());
        assertThat(copy.get("sort").asInt()).isZero();
        Response again = api.post("/api/v4/automations/" + b + "/copy", Map.of("pipeline_id", lawyers[0], "status_id", lawyers[1]));
        assertThat(again.json().get("sort").asInt()).as("placed last in its stage").isEqualTo(1);
        assertThat(api.get("/api/v4/automations/" + a).json().get("status_id").asLong()).as("the original stays").isEqualTo(s.first());

        // bad input changes nothing
        Response strange = api.post("/api/v4/automations/" + a + "/copy", Map.of("pipeline_id", lawyers[0], "status_id", s.second()));
        assertThat(strange.status()).isEqualTo(400);
        assertThat(strange.json().at("/validation-errors/0/errors/0/path").asString()).isEqualTo("status_id");
        assertThat(strange.json().at("/validation-errors/0/errors/0/code").asString()).isEqualTo("NotFound");
        Response nowhere = api.post("/api/v4/automations/" + a + "/copy", Map.of("pipeline_id", 987654321, "status_id", s.second()));
        assertThat(nowhere.status()).isEqualTo(400);
        assertThat(nowhere.json().at("/validation-errors/0/errors/0/path").asString()).isEqualTo("pipeline_id");
        Response empty = api.post("/api/v4/automations/" + a + "/copy", Map.of());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.text()).contains("\"pipeline_id\"").contains("\"status_id\"").contains("NotBlank");
        Response text = api.post("/api/v4/automations/" + a + "/copy", Map.of("pipeline_id", "Юристы", "status_id", lawyers[1]));
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.json().at("/validation-errors/0/errors/0/code").asString()).isEqualTo("InvalidType");
        assertThat(api.post("/api/v4/automations/424242/copy", Map.of("pipeline_id", lawyers[0], "status_id", lawyers[1])).status())
                .isEqualTo(404);
        var other = newAccount();
        long[] theirStage = lawyers(other.api(), "Проверка");
        Response foreign = other.api().post("/api/v4/automations/" + a + "/copy", Map.of("pipeline_id", theirStage[0], "status_id", theirStage[1]));
        assertThat(foreign.status()).as("another account's rule").isEqualTo(404);
        assertThat(other.api().get("/api/v4/automations").status()).isEqualTo(204);
        var user = tx.execute(x -> accounts.createUser(account.admin(), "Manager", "m-" + account.accountId() + "@test.local",
                "pw-123456", "ru", false, 0));
        ApiClient manager = api.withToken(tokens.issue(account.admin(), user.id(), "m", Duration.ofDays(1)).token());
        assertThat(manager.post("/api/v4/automations/" + a + "/copy", Map.of("pipeline_id", lawyers[0], "status_id", lawyers[1])).status())
                .isEqualTo(403);
        assertThat(api.get("/api/v4/automations?filter[pipeline_id]=" + lawyers[0]).json().at("/_embedded/automations").size())
                .as("only the two good copies").isEqualTo(2);

        // reordering: each rule's new place as its sort, in one batch
        Response reordered = api.patch("/api/v4/automations", List.of(Map.of("id", b, "sort", 0), Map.of("id", a, "sort", 1)));
        assertThat(reordered.status()).as(reordered.text()).isEqualTo(200);
        assertThat(ruleIds(api, s.pipeline())).containsExactly(b, a);
        Response negative = api.patch("/api/v4/automations", List.of(Map.of("id", b, "sort", -1), Map.of("id", a, "sort", 0)));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.text()).contains("sort");
        assertThat(ruleIds(api, s.pipeline())).as("unchanged").containsExactly(b, a);
    }

    private static List<Long> ruleIds(ApiClient api, long pipeline) {
        return api.get("/api/v4/automations?filter[pipeline_id]=" + pipeline).json().at("/_embedded/automations").valueStream()
                .map(r -> r.get("id").asLong()).toList();
    }

    /** Creates the deals in one request (their runs due together, taken in one batch) and waits until every run has ended. */
    private List<Long> createAndRun(ApiClient api, long accountId, List<Map<String, Object>> batch) throws InterruptedException {
        Response created = api.post("/api/v4/leads", batch);
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        created.json().at("/_embedded/leads").forEach(d -> ids.add(d.get("id").asLong()));
        runner.drain(Instant.now());
        await(() -> jdbc.queryForObject("select count(*) from automation_runs where account_id = ? and state in ('done', 'failed')",
                Integer.class, accountId), c -> c == batch.size());
        return ids;
    }

    private static List<String> tags(ApiClient api, long deal) {
        List<String> names = new ArrayList<>();
        api.get("/api/v4/leads/" + deal).json().at("/_embedded/tags").forEach(t -> names.add(t.get("name").asString()));
        return names;
    }

    private static long status(ApiClient api, long deal) {
        return api.get("/api/v4/leads/" + deal).json().get("status_id").asLong();
    }
}
