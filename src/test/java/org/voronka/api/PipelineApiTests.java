package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

class PipelineApiTests extends ApiTest {

    @Test
    void newAccountHasTheDefaultPipeline() {
        var account = newAccount();
        Response r = account.api().get("/api/v4/leads/pipelines");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/hal+json");
        assertThat(r.json().get("_total_items").asInt()).isEqualTo(1);
        JsonNode p = r.json().at("/_embedded/pipelines/0");
        assertThat(p.get("is_main").asBoolean()).isTrue();
        assertThat(p.get("is_unsorted_on").asBoolean()).isTrue();
        assertThat(names(p)).containsExactly("Неразобранное", "Первичный контакт", "Переговоры", "Принимают решение",
                "Согласование договора", "Успешно реализовано", "Закрыто и не реализовано");
        JsonNode statuses = p.at("/_embedded/statuses");
        assertThat(statuses.get(0).get("type").asInt()).isEqualTo(1);
        assertThat(statuses.get(5).get("id").asLong()).isEqualTo(142);
        assertThat(statuses.get(6).get("id").asLong()).isEqualTo(143);
        assertThat(statuses.get(1).get("is_editable").asBoolean()).isTrue();
        assertThat(statuses.get(5).get("is_editable").asBoolean()).isFalse();
        assertThat(statuses.get(1).get("pipeline_id").asLong()).isEqualTo(p.get("id").asLong());
    }

    @Test
    void englishAccountGetsEnglishNames() {
        var account = newAccount("en");
        JsonNode p = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        assertThat(names(p)).startsWith("Incoming", "Initial contact").endsWith("Closed - won", "Closed - lost");
    }

    @Test
    void createsPipelineWithStagesAndRenamedSystemStages() {
        var account = newAccount();
        Response r = account.api().post("/api/v4/leads/pipelines", List.of(Map.of("name", "Опт", "sort", 20, "is_main", false,
                "is_unsorted_on", false, "request_id", "p1", "_embedded", Map.of("statuses", List.of(
                        Map.of("name", "Заявка", "sort", 10, "color", "#fffeb2"),
                        Map.of("name", "Счёт", "sort", 20),
                        Map.of("id", 142, "name", "Оплачено"),
                        Map.of("id", 143, "name", "Отказ"))))));
        assertThat(r.status()).isEqualTo(200);
        JsonNode p = r.json().at("/_embedded/pipelines/0");
        assertThat(p.get("request_id").asString()).isEqualTo("p1");
        assertThat(names(p)).containsExactly("Заявка", "Счёт", "Оплачено", "Отказ");
        assertThat(p.at("/_embedded/statuses/0/color").asString()).isEqualTo("#fffeb2");
        assertThat(account.api().get("/api/v4/leads/pipelines").json().get("_total_items").asInt()).isEqualTo(2);
    }

    @Test
    void refusesColoursOutsideThePaletteAndMissingRequiredFields() {
        var account = newAccount();
        Response r = account.api().post("/api/v4/leads/pipelines", List.of(Map.of("name", "X", "sort", 1, "is_main", false,
                "is_unsorted_on", false, "_embedded", Map.of("statuses", List.of(Map.of("name", "A", "sort", 10, "color", "#123456"))))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/validation-errors/0/errors/0/path").asString()).isEqualTo("_embedded.statuses.0.color");

        Response missing = account.api().post("/api/v4/leads/pipelines", List.of(Map.of("name", "X")));
        assertThat(missing.status()).isEqualTo(400);
        List<String> paths = new ArrayList<>();
        missing.json().at("/validation-errors/0/errors").forEach(e -> paths.add(e.get("path").asString()));
        assertThat(paths).containsExactlyInAnyOrder("sort", "is_main", "is_unsorted_on");
        assertThat(account.api().get("/api/v4/leads/pipelines").json().get("_total_items").asInt()).isEqualTo(1);
    }

    @Test
    void insertsStageBetweenOthersAndKeepsOrderConsistent() {
        var account = newAccount();
        JsonNode p = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long id = p.get("id").asLong();
        // sort 30 is taken by «Переговоры»: the new stage goes before it
        Response r = account.api().post("/api/v4/leads/pipelines/" + id + "/statuses", List.of(Map.of("name", "Демо", "sort", 30)));
        assertThat(r.status()).isEqualTo(200);
        JsonNode after = account.api().get("/api/v4/leads/pipelines/" + id).json();
        assertThat(names(after)).containsExactly("Неразобранное", "Первичный контакт", "Демо", "Переговоры", "Принимают решение",
                "Согласование договора", "Успешно реализовано", "Закрыто и не реализовано");
        List<Integer> sorts = new ArrayList<>();
        after.at("/_embedded/statuses").forEach(s -> sorts.add(s.get("sort").asInt()));
        assertThat(sorts).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void systemStagesCanBeRenamedButNotMovedOrDeleted() {
        var account = newAccount();
        long id = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/id").asLong();
        Response rename = account.api().patch("/api/v4/leads/pipelines/" + id + "/statuses/142", Map.of("name", "Продано"));
        assertThat(rename.status()).isEqualTo(200);
        assertThat(rename.json().get("name").asString()).isEqualTo("Продано");
        assertThat(account.api().patch("/api/v4/leads/pipelines/" + id + "/statuses/142", Map.of("sort", 5)).status()).isEqualTo(422);
        Response delete = account.api().delete("/api/v4/leads/pipelines/" + id + "/statuses/143");
        assertThat(delete.status()).isEqualTo(422);
        assertThat(delete.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void deletingAStageMovesItsDealsToTheFirstWorkingStageWithHistory() {
        var account = newAccount();
        JsonNode p = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long pipelineId = p.get("id").asLong();
        long first = p.at("/_embedded/statuses/1/id").asLong();
        long third = p.at("/_embedded/statuses/3/id").asLong();
        long deal = account.api().post("/api/v4/leads", List.of(Map.of("name", "D", "status_id", third, "pipeline_id", pipelineId)))
                .json().at("/_embedded/leads/0/id").asLong();
        assertThat(account.api().delete("/api/v4/leads/pipelines/" + pipelineId + "/statuses/" + third).status()).isEqualTo(204);
        assertThat(account.api().get("/api/v4/leads/" + deal).json().get("status_id").asLong()).isEqualTo(first);
        JsonNode events = account.api().get("/api/v4/events?filter[entity]=lead&filter[entity_id]=" + deal
                + "&filter[type]=lead_status_changed").json();
        assertThat(events.at("/_embedded/events/0/value_before/0/lead_status/id").asLong()).isEqualTo(third);
        assertThat(events.at("/_embedded/events/0/value_after/0/lead_status/id").asLong()).isEqualTo(first);
    }

    @Test
    void pipelineWithDealsAndTheLastPipelineCannotBeDeleted() {
        var account = newAccount();
        long main = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/id").asLong();
        Response last = account.api().delete("/api/v4/leads/pipelines/" + main);
        assertThat(last.status()).isEqualTo(422);
        assertThat(last.json().get("detail").asString()).contains("last pipeline");

        long other = account.api().post("/api/v4/leads/pipelines", List.of(Map.of("name", "B", "sort", 2, "is_main", false,
                "is_unsorted_on", false))).json().at("/_embedded/pipelines/0/id").asLong();
        account.api().post("/api/v4/leads", List.of(Map.of("pipeline_id", other)));
        Response withDeals = account.api().delete("/api/v4/leads/pipelines/" + other);
        assertThat(withDeals.status()).isEqualTo(422);
        assertThat(withDeals.json().get("detail").asString()).contains("1 deals");

        long empty = account.api().post("/api/v4/leads/pipelines", List.of(Map.of("name", "C", "sort", 3, "is_main", false,
                "is_unsorted_on", false))).json().at("/_embedded/pipelines/0/id").asLong();
        assertThat(account.api().delete("/api/v4/leads/pipelines/" + empty).status()).isEqualTo(204);
        assertThat(account.api().get("/api/v4/leads/pipelines/" + empty).status()).isEqualTo(204);
    }

    @Test
    void exactlyOneMainPipeline() {
        var account = newAccount();
        long first = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/id").asLong();
        long second = account.api().post("/api/v4/leads/pipelines", List.of(Map.of("name", "B", "sort", 2, "is_main", true,
                "is_unsorted_on", true))).json().at("/_embedded/pipelines/0/id").asLong();
        assertThat(account.api().get("/api/v4/leads/pipelines/" + first).json().get("is_main").asBoolean()).isFalse();
        assertThat(account.api().get("/api/v4/leads/pipelines/" + second).json().get("is_main").asBoolean()).isTrue();
        assertThat(account.api().patch("/api/v4/leads/pipelines/" + second, Map.of("is_main", false)).status()).isEqualTo(422);
        // a deal created without a pipeline goes to the new main pipeline
        long deal = account.api().post("/api/v4/leads", List.of(Map.of("name", "x"))).json().at("/_embedded/leads/0/id").asLong();
        assertThat(account.api().get("/api/v4/leads/" + deal).json().get("pipeline_id").asLong()).isEqualTo(second);
    }

    @Test
    void limitsAreEnforcedWithAClearError() {
        var account = newAccount();
        long id = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/id").asLong();
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 94; i++) {
            many.add(Map.of("name", "S" + i, "sort", 100 + i));
        }
        Response tooMany = account.api().post("/api/v4/leads/pipelines/" + id + "/statuses", many);
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.json().get("detail").asString()).contains("at most 100 stages");
        assertThat(account.api().post("/api/v4/leads/pipelines/" + id + "/statuses", many.subList(0, 93)).status()).isEqualTo(200);
        assertThat(account.api().get("/api/v4/leads/pipelines/" + id + "/statuses").json().get("_total_items").asInt()).isEqualTo(100);
    }

    @Test
    void turningIncomingOffMovesItsDealsAndOnBringsItBack() {
        var account = newAccount();
        JsonNode p = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long id = p.get("id").asLong();
        long unsorted = p.at("/_embedded/statuses/0/id").asLong();
        long deal = account.api().post("/api/v4/leads", List.of(Map.of("status_id", unsorted))).json().at("/_embedded/leads/0/id").asLong();
        Response off = account.api().patch("/api/v4/leads/pipelines/" + id, Map.of("is_unsorted_on", false));
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.json().at("/_embedded/statuses/0/type").asInt()).isEqualTo(0);
        assertThat(account.api().get("/api/v4/leads/" + deal).json().get("status_id").asLong())
                .isEqualTo(off.json().at("/_embedded/statuses/0/id").asLong());
        Response on = account.api().patch("/api/v4/leads/pipelines/" + id, Map.of("is_unsorted_on", true));
        assertThat(on.json().at("/_embedded/statuses/0/type").asInt()).isEqualTo(1);
    }

    @Test
    void onlyAdministratorsChangePipelines() {
        var account = newAccount();
        var user = tx.execute(s -> accounts.createUser(account.admin(), "Manager", "m-" + account.accountId() + "@test.local",
                "pw-123456", "ru", false, 0));
        String token = tokens.issue(account.admin(), user.id(), "m", java.time.Duration.ofDays(2)).token();
        var manager = account.api().withToken(token);
        assertThat(manager.get("/api/v4/leads/pipelines").status()).isEqualTo(200);
        Response r = manager.post("/api/v4/leads/pipelines", List.of(Map.of("name", "X", "sort", 1, "is_main", false, "is_unsorted_on", false)));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
    }

    private static List<String> names(JsonNode pipeline) {
        List<String> names = new ArrayList<>();
        pipeline.at("/_embedded/statuses").forEach(s -> names.add(s.get("name").asString()));
        return names;
    }
}
