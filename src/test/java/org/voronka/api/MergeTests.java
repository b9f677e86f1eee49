package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.voronka.deal.DealManagement;
import org.voronka.deal.StageTransition;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

class MergeTests extends ApiTest {

    @Autowired
    DealManagement deals;

    @Autowired
    JdbcClient jdbc;

    @Test
    void mergeUnitesDealsAndUndoBringsEveryDealBackAsItWas() {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode p = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long pipeline = p.get("id").asLong();
        long s2 = p.at("/_embedded/statuses/2/id").asLong();
        long s3 = p.at("/_embedded/statuses/3/id").asLong();
        long a = api.post("/api/v4/leads", List.of(Map.of("name", "Окна — Иванов", "price", 100, "tags_to_add", List.of(Map.of("name", "a")))))
                .json().at("/_embedded/leads/0/id").asLong();
        long b = api.post("/api/v4/leads", List.of(Map.of("name", "Окна Иванов дубль", "price", 900, "status_id", s2,
                "tags_to_add", List.of(Map.of("name", "b"))))).json().at("/_embedded/leads/0/id").asLong();
        api.patch("/api/v4/leads/" + b, Map.of("status_id", s3));
        api.post("/api/v4/tasks", List.of(Map.of("text", "call", "complete_till", 1900000000, "entity_type", "leads", "entity_id", b)));
        api.post("/api/v4/leads/" + b + "/notes", List.of(Map.of("note_type", "common", "params", Map.of("text", "from b"))));
        JsonNode aBefore = api.get("/api/v4/leads/" + a).json();
        List<StageTransition> aHistory = deals.history(account.accountId(), a);
        List<StageTransition> bHistory = deals.history(account.accountId(), b);

        Response merged = api.post("/api/v4/leads/merge", Map.of("id", a, "merge_ids", List.of(b), "price", 900, "pipeline_id", pipeline,
                "status_id", s3));
        assertThat(merged.status()).as(merged.text()).isEqualTo(200);
        long mergeId = merged.json().get("id").asLong();
        JsonNode survivor = api.get("/api/v4/leads/" + a).json();
        assertThat(survivor.get("name").asString()).isEqualTo("Окна — Иванов");
        assertThat(survivor.get("price").asLong()).isEqualTo(900);
        assertThat(survivor.get("status_id").asLong()).isEqualTo(s3);
        assertThat(tagNames(survivor)).containsExactlyInAnyOrder("a", "b");
        assertThat(survivor.get("closest_task_at").asLong()).isEqualTo(1900000000L);
        assertThat(api.get("/api/v4/leads/" + a + "/notes").json().at("/_embedded/notes/0/params/text").asString()).isEqualTo("from b");
        assertThat(api.get("/api/v4/leads/" + b).status()).isEqualTo(204);
        assertThat(jdbc.sql("select merged_into from deals where account_id = ? and id = ?").params(account.accountId(), b)
                .query(Long.class).single()).isEqualTo(a);
        // b's history stays b's, marked as merged into a, so it is never counted twice
        assertThat(deals.history(account.accountId(), b)).hasSize(bHistory.size());
        assertThat(jdbc.sql("select count(*) from stage_transitions where account_id = ? and deal_id = ? and merged_into = ?")
                .params(account.accountId(), b, a).query(Long.class).single()).isEqualTo(bHistory.size());
        assertHistoryMatches(api, account.accountId(), a);
        assertThat(api.get("/api/v4/events?filter[entity]=lead&filter[entity_id]=" + a + "&filter[type]=entity_merged").status()).isEqualTo(200);

        Response undone = api.post("/api/v4/leads/merge/" + mergeId + "/undo", null);
        assertThat(undone.status()).as(undone.text()).isEqualTo(200);
        JsonNode aAfter = api.get("/api/v4/leads/" + a).json();
        assertThat(aAfter.get("price").asLong()).isEqualTo(aBefore.get("price").asLong());
        assertThat(aAfter.get("status_id").asLong()).isEqualTo(aBefore.get("status_id").asLong());
        assertThat(tagNames(aAfter)).containsExactly("a");
        assertThat(aAfter.get("closest_task_at").isNull()).isTrue();
        JsonNode bAfter = api.get("/api/v4/leads/" + b).json();
        assertThat(bAfter.get("status_id").asLong()).isEqualTo(s3);
        assertThat(bAfter.get("closest_task_at").asLong()).isEqualTo(1900000000L);
        assertThat(api.get("/api/v4/leads/" + b + "/notes").json().at("/_embedded/notes").size()).isEqualTo(1);
        assertThat(api.get("/api/v4/leads/" + a + "/notes").status()).isEqualTo(204);
        assertThat(deals.history(account.accountId(), b)).isEqualTo(bHistory);
        assertThat(deals.history(account.accountId(), a).subList(0, aHistory.size())).isEqualTo(aHistory);
        assertHistoryMatches(api, account.accountId(), a);
        assertHistoryMatches(api, account.accountId(), b);
        assertThat(api.post("/api/v4/leads/merge/" + mergeId + "/undo", null).status()).isEqualTo(422);
    }

    @Test
    void customFieldValuesAreChosenFieldByFieldAndUndoBringsTheSurvivorsBack() {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode p = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long pipeline = p.get("id").asLong();
        long s3 = p.at("/_embedded/statuses/3/id").asLong();
        Response created = api.post("/api/v4/leads/custom_fields", """
                [{"name": "Источник", "type": "select", "enums": [{"value": "Сайт"}, {"value": "Звонок"}]},
                 {"name": "Комментарий", "type": "text"},
                 {"name": "Площадь", "type": "numeric"},
                 {"name": "Договор", "type": "text", "required_statuses": [{"status_id": %d, "pipeline_id": %d}]}]
                """.formatted(s3, pipeline));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        JsonNode f = created.json().at("/_embedded/custom_fields");
        long source = f.get(0).get("id").asLong();
        long site = f.get(0).at("/enums/0/id").asLong();
        long call = f.get(0).at("/enums/1/id").asLong();
        long comment = f.get(1).get("id").asLong();
        long area = f.get(2).get("id").asLong();
        long contract = f.get(3).get("id").asLong();
        long a = api.post("/api/v4/leads", List.of(Map.of("name", "a", "custom_fields_values", List.of(
                Map.of("field_id", source, "values", List.of(Map.of("enum_id", site))),
                Map.of("field_id", comment, "values", List.of(Map.of("value", "звонить после 18")))))))
                .json().at("/_embedded/leads/0/id").asLong();
        long b = api.post("/api/v4/leads", List.of(Map.of("name", "b", "custom_fields_values", List.of(
                Map.of("field_id", source, "values", List.of(Map.of("enum_id", call))),
                Map.of("field_id", area, "values", List.of(Map.of("value", "42.5")))))))
                .json().at("/_embedded/leads/0/id").asLong();
        JsonNode aBefore = api.get("/api/v4/leads/" + a).json();
        JsonNode bBefore = api.get("/api/v4/leads/" + b).json();

        // a value the field refuses names its spot; the survivor cannot enter a stage without its required field
        Response bad = api.post("/api/v4/leads/merge", Map.of("id", a, "merge_ids", List.of(b), "custom_fields_values",
                List.of(Map.of("field_id", source, "values", List.of(Map.of("enum_id", 1))))));
        assertThat(bad.status()).as(bad.text()).isEqualTo(400);
        assertThat(bad.json().at("/validation-errors/0/errors/0/path").asString()).isEqualTo("custom_fields_values.0.values.0.enum_id");
        Response unfilled = api.post("/api/v4/leads/merge", Map.of("id", a, "merge_ids", List.of(b), "pipeline_id", pipeline,
                "status_id", s3));
        assertThat(unfilled.status()).as(unfilled.text()).isEqualTo(400);
        assertThat(unfilled.json().at("/validation-errors/0/errors/0/code").asString()).isEqualTo("RequiredFieldEmpty");
        assertThat(unfilled.json().at("/validation-errors/0/errors/0/path").asString()).isEqualTo("custom_fields_values");
        assertThat(api.get("/api/v4/leads/" + a).json().get("custom_fields_values")).isEqualTo(aBefore.get("custom_fields_values"));
        assertThat(api.get("/api/v4/leads/" + b).status()).isEqualTo(200);

        // b's source, a's comment cleared, the area a lacked comes from b, the contract filled in the same request
        Response merged = api.post("/api/v4/leads/merge", Map.of("id", a, "merge_ids", List.of(b), "pipeline_id", pipeline,
                "status_id", s3, "custom_fields_values", List.of(
                        Map.of("field_id", source, "values", List.of(Map.of("enum_id", call))),
                        java.util.Collections.singletonMap("field_id", comment),
                        Map.of("field_id", contract, "values", List.of(Map.of("value", "№ 17"))))));
        assertThat(merged.status()).as(merged.text()).isEqualTo(400);
        assertThat(merged.json().at("/validation-errors/0/errors/0/path").asString()).isEqualTo("custom_fields_values.1.values");
        Map<String, Object> clear = new java.util.HashMap<>();
        clear.put("field_id", comment);
        clear.put("values", null);
        merged = api.post("/api/v4/leads/merge", Map.of("id", a, "merge_ids", List.of(b), "pipeline_id", pipeline,
                "status_id", s3, "custom_fields_values", List.of(
                        Map.of("field_id", source, "values", List.of(Map.of("enum_id", call))), clear,
                        Map.of("field_id", contract, "values", List.of(Map.of("value", "№ 17"))))));
        assertThat(merged.status()).as(merged.text()).isEqualTo(200);
        JsonNode survivor = api.get("/api/v4/leads/" + a).json();
        assertThat(survivor.get("status_id").asLong()).isEqualTo(s3);
        assertThat(LeadCustomFieldTests.value(survivor, source).get("enum_id").asLong()).isEqualTo(call);
        assertThat(LeadCustomFieldTests.find(survivor, comment)).isNull();
        assertThat(LeadCustomFieldTests.value(survivor, area).get("value").asString()).isEqualTo("42.5");
        assertThat(LeadCustomFieldTests.value(survivor, contract).get("value").asString()).isEqualTo("№ 17");
        JsonNode changed = api.get("/api/v4/events?filter[entity]=lead&filter[entity_id]=" + a
                + "&filter[type]=custom_field_value_changed").json().at("/_embedded/events");
        assertThat(changed.size()).isEqualTo(4);

        assertThat(api.post("/api/v4/leads/merge/" + merged.json().get("id").asLong() + "/undo", null).status()).isEqualTo(200);
        assertThat(api.get("/api/v4/leads/" + a).json().get("custom_fields_values")).isEqualTo(aBefore.get("custom_fields_values"));
        assertThat(api.get("/api/v4/leads/" + b).json().get("custom_fields_values")).isEqualTo(bBefore.get("custom_fields_values"));
        assertHistoryMatches(api, account.accountId(), a);
    }

    @Test
    void refusesBadMerges() {
        var account = newAccount();
        ApiClient api = account.api();
        long a = api.post("/api/v4/leads", List.of(Map.of("name", "a"))).json().at("/_embedded/leads/0/id").asLong();
        assertThat(api.post("/api/v4/leads/merge", Map.of("id", a, "merge_ids", List.of(a))).status()).isEqualTo(400);
        assertThat(api.post("/api/v4/leads/merge", Map.of("id", a, "merge_ids", List.of(987654321))).status()).isEqualTo(400);
        assertThat(api.post("/api/v4/leads/merge", Map.of("id", a)).status()).isEqualTo(400);
        assertThat(api.post("/api/v4/leads/merge", Map.of("id", a, "merge_ids", List.of("x"))).status()).isEqualTo(400);
        var other = newAccount();
        long foreign = other.api().post("/api/v4/leads", List.of(Map.of("name", "theirs"))).json().at("/_embedded/leads/0/id").asLong();
        assertThat(api.post("/api/v4/leads/merge", Map.of("id", a, "merge_ids", List.of(foreign))).status()).isEqualTo(400);
        assertThat(other.api().get("/api/v4/leads/" + foreign).status()).isEqualTo(200);
        assertThat(api.post("/api/v4/leads/merge/999999/undo", null).status()).isEqualTo(404);
    }

    private void assertHistoryMatches(ApiClient api, long accountId, long id) {
        List<StageTransition> h = deals.history(accountId, id);
        JsonNode lead = api.get("/api/v4/leads/" + id).json();
        assertThat(h.get(h.size() - 1).toStatusId()).isEqualTo(lead.get("status_id").asLong());
        for (int i = 1; i < h.size(); i++) {
            assertThat(h.get(i).fromStatusId()).isEqualTo(h.get(i - 1).toStatusId());
        }
    }

    private static List<String> tagNames(JsonNode lead) {
        List<String> names = new ArrayList<>();
        lead.at("/_embedded/tags").forEach(t -> names.add(t.get("name").asString()));
        return names;
    }
}
