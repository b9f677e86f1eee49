package org.voronka.massaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import org.voronka.timeline.Timeline;
import org.voronka.timeline.TimelineEvent;
import tools.jackson.databind.JsonNode;

/**
 * Setting and clearing a custom field on many deals, and merging selected deals, through
 * {@code POST /api/v4/leads/mass_actions}: values of every kind, timeline events, undo for the deals
 * nobody changed since, precise errors that change nothing, and other accounts' ids.
 */
class MassFieldAndMergeTests extends ApiTest {

    static final String PATH = "/api/v4/leads/mass_actions";

    @Autowired
    Timeline timeline;

    @Test
    void setsAndClearsFieldsOfEveryKindOnEachDealWithItsTimelineEvent() {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode fields = fields(api);
        long select = id(fields, 0);
        long multi = id(fields, 1);
        long user = id(fields, 2);
        long date = id(fields, 3);
        long number = id(fields, 4);
        long text = id(fields, 5);
        long wholesale = fields.at("/0/enums/1/id").asLong();
        List<Long> ids = create(api, 3);

        run(api, ids, Map.of("type", "set_field", "field_id", select, "values", List.of(Map.of("enum_id", wholesale))));
        run(api, ids, Map.of("type", "set_field", "field_id", multi, "values", List.of(Map.of("enum_code", "A"), Map.of("value", "Бета"))));
        run(api, ids, Map.of("type", "set_field", "field_id", user, "values", List.of(Map.of("value", account.adminId()))));
        run(api, ids, Map.of("type", "set_field", "field_id", date, "values", List.of(Map.of("value", 1767225600))));
        run(api, ids, Map.of("type", "set_field", "field_id", number, "values", List.of(Map.of("value", "12.5"))));
        JsonNode textRun = run(api, ids, Map.of("type", "set_field", "field_id", text, "values", List.of(Map.of("value", "VIP"))));
        assertThat(textRun.get("done").asInt()).isEqualTo(3);
        assertThat(textRun.at("/action/type").asString()).isEqualTo("set_field");
        assertThat(textRun.at("/action/values/0/value").asString()).isEqualTo("VIP");

        for (long id : ids) {
            Map<Long, JsonNode> values = values(api, id);
            assertThat(values.get(select).at("/values/0/enum_id").asLong()).isEqualTo(wholesale);
            assertThat(values.get(select).at("/values/0/value").asString()).isEqualTo("Опт");
            assertThat(values.get(multi).at("/values/0/value").asString()).isEqualTo("Альфа");
            assertThat(values.get(multi).at("/values/1/value").asString()).isEqualTo("Бета");
            assertThat(values.get(user).at("/values/0/value").asLong()).isEqualTo(account.adminId());
            assertThat(values.get(date).at("/values/0/value").asLong()).isEqualTo(1767225600L);
            assertThat(values.get(number).at("/values/0/value").asString()).isEqualTo("12.5");
            assertThat(values.get(text).at("/values/0/value").asString()).isEqualTo("VIP");
            List<TimelineEvent> changes = timeline.ofEntity(account.accountId(), "lead", id, 100).stream()
                    .filter(e -> e.type().equals("custom_field_value_changed")).toList();
            assertThat(changes).hasSize(6);
            assertThat(changes.get(0).valueBefore()).isEqualTo("[]");
            assertThat(changes.get(0).valueAfter()).contains("\"field_id\":" + select).contains("\"enum_id\":" + wholesale)
                    .contains("\"text\":\"Опт\"");
        }

        run(api, ids, Map.of("type", "clear_field", "field_id", number));
        for (long id : ids) {
            assertThat(values(api, id)).doesNotContainKey(number).containsKey(text);
            TimelineEvent cleared = timeline.ofEntity(account.accountId(), "lead", id, 100).stream()
                    .filter(e -> e.type().equals("custom_field_value_changed")).reduce((a, b) -> b).orElseThrow();
            assertThat(cleared.valueBefore()).contains("\"text\":\"12.5\"");
            assertThat(cleared.valueAfter()).isEqualTo("[]");
        }
    }

    @Test
    void undoPutsBackThePreviousValuesExceptOnADealChangedSince() {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode fields = fields(api);
        long number = id(fields, 4);
        long multi = id(fields, 1);
        List<Long> ids = create(api, 3);
        patch(api, ids.get(0), number, List.of(Map.of("value", 1)));
        patch(api, ids.get(1), number, List.of(Map.of("value", 2)));
        patch(api, ids.get(0), multi, List.of(Map.of("enum_code", "A")));

        JsonNode set = run(api, ids, Map.of("type", "set_field", "field_id", number, "values", List.of(Map.of("value", 100))));
        assertThat(set.get("can_undo").asBoolean()).isTrue();
        assertThat(ids).allMatch(id -> values(api, id).get(number).at("/values/0/value").asString().equals("100"));
        Response renamed = api.patch("/api/v4/leads/" + ids.get(1), Map.of("name", "Changed by hand"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

        JsonNode undo = await(api, api.post(PATH + "/" + set.get("id").asLong() + "/undo", Map.of()));
        assertThat(undo.get("done").asInt()).isEqualTo(2);
        assertThat(undo.get("failed").asInt()).isEqualTo(1);
        assertThat(undo.at("/_embedded/failures/0/lead_id").asLong()).isEqualTo(ids.get(1));
        assertThat(undo.at("/_embedded/failures/0/reason").asString()).contains("changed after");
        assertThat(values(api, ids.get(0)).get(number).at("/values/0/value").asString()).isEqualTo("1");
        assertThat(values(api, ids.get(0)).get(multi).at("/values/0/value").asString()).as("other fields untouched").isEqualTo("Альфа");
        assertThat(values(api, ids.get(1)).get(number).at("/values/0/value").asString()).as("changed since: left").isEqualTo("100");
        assertThat(values(api, ids.get(2))).as("had no value: cleared again").doesNotContainKey(number);

        // a clear is undone too, enum values included
        JsonNode clear = run(api, List.of(ids.get(0)), Map.of("type", "clear_field", "field_id", multi));
        assertThat(values(api, ids.get(0))).doesNotContainKey(multi);
        JsonNode back = await(api, api.post(PATH + "/" + clear.get("id").asLong() + "/undo", Map.of()));
        assertThat(back.get("done").asInt()).isEqualTo(1);
        assertThat(values(api, ids.get(0)).get(multi).at("/values/0/enum_code").asString()).isEqualTo("A");
    }

    @Test
    void badFieldActionsAreRefusedWithTheExactPathAndChangeNothing() {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode fields = fields(api);
        long select = id(fields, 0);
        long number = id(fields, 4);
        long user = id(fields, 2);
        List<Long> ids = create(api, 2);
        var other = newAccount();
        long foreignField = id(fields(other.api()), 4);

        error(api, ids, Map.of("type", "set_field", "field_id", select, "values", List.of(Map.of("enum_id", 1))),
                "action.values.0.enum_id", "NotSupportedChoice");
        error(api, ids, Map.of("type", "set_field", "field_id", number, "values", List.of(Map.of("value", "много"))),
                "action.values.0.value", "InvalidType");
        error(api, ids, Map.of("type", "set_field", "field_id", number, "values", List.of(Map.of("value", 1), Map.of("value", 2))),
                "action.values", "TooManyItems");
        error(api, ids, Map.of("type", "set_field", "field_id", user, "values", List.of(Map.of("value", other.adminId()))),
                "action.values.0.value", "NotSupportedChoice");
        error(api, ids, Map.of("type", "set_field", "field_id", foreignField, "values", List.of(Map.of("value", 1))),
                "action.field_id", "NotSupportedChoice");
        error(api, ids, Map.of("type", "set_field", "field_id", number), "action.values", "NotBlank");
        error(api, ids, Map.of("type", "set_field", "field_id", number, "values", List.of()), "action.values", "NotBlank");
        error(api, ids, Map.of("type", "clear_field"), "action.field_id", "NotBlank");
        error(api, ids, Map.of("type", "clear_field", "field_id", "x"), "action.field_id", "InvalidType");

        assertThat(api.get(PATH).status()).as("no run was started").isEqualTo(204);
        assertThat(ids).allMatch(id -> values(api, id).isEmpty());
        assertThat(ids).allMatch(id -> timeline.ofEntity(account.accountId(), "lead", id, 100).stream()
                .noneMatch(e -> e.type().equals("custom_field_value_changed")));
    }

    @Test
    void anotherAccountsDealsAreNeitherChangedNorMerged() {
        var account = newAccount();
        ApiClient api = account.api();
        long number = id(fields(api), 4);
        List<Long> mine = create(api, 2);
        var other = newAccount();
        long foreignNumber = id(fields(other.api()), 4);
        List<Long> theirs = create(other.api(), 2);

        List<Long> mixed = List.of(mine.get(0), theirs.get(0), mine.get(1));
        JsonNode run = run(api, mixed, Map.of("type", "set_field", "field_id", number, "values", List.of(Map.of("value", 7))));
        assertThat(run.get("done").asInt()).isEqualTo(2);
        assertThat(run.get("failed").asInt()).isEqualTo(1);
        assertThat(run.at("/_embedded/failures/0/lead_id").asLong()).isEqualTo(theirs.get(0));
        assertThat(values(other.api(), theirs.get(0))).doesNotContainKey(foreignNumber).doesNotContainKey(number);

        error(api, List.of(mine.get(0), theirs.get(1)), Map.of("type", "merge"), "ids.1", "NotFound");
        error(api, mine, Map.of("type", "merge", "survivor_id", theirs.get(0)), "action.survivor_id", "NotSupportedChoice");
        assertThat(other.api().get("/api/v4/leads/" + theirs.get(1)).status()).isEqualTo(200);
        assertThat(api.get("/api/v4/leads/" + mine.get(0)).status()).isEqualTo(200);
    }

    @Test
    void mergesTheSelectedDealsIntoTheOldestAndUndoesTheMerge() {
        var account = newAccount();
        ApiClient api = account.api();
        List<Long> ids = create(api, 3);
        Response tagged = api.patch("/api/v4/leads/" + ids.get(2), Map.of("tags_to_add", List.of(Map.of("name", "из третьей"))));
        assertThat(tagged.status()).as(tagged.toString()).isEqualTo(200);

        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("ids", List.of(ids.get(2), ids.get(0), ids.get(1)));
        preview.put("action", Map.of("type", "merge"));
        preview.put("dry_run", true);
        Response dry = api.post(PATH, preview);
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        assertThat(dry.json().get("count").asInt()).isEqualTo(3);
        assertThat(dry.json().get("survivor_id").asLong()).isEqualTo(ids.get(0));
        assertThat(dry.json().at("/_embedded/leads/0/id").asLong()).as("oldest first").isEqualTo(ids.get(0));
        assertThat(dry.json().at("/_embedded/leads/0/is_survivor").asBoolean()).isTrue();
        assertThat(dry.json().at("/_embedded/leads/2/name").asString()).isEqualTo("Deal 2");

        JsonNode merged = run(api, ids, Map.of("type", "merge"));
        assertThat(merged.get("done").asInt()).isEqualTo(3);
        assertThat(merged.at("/action/survivor_id").isNull()).isTrue();
        assertThat(api.get("/api/v4/leads/" + ids.get(0)).status()).isEqualTo(200);
        assertThat(api.get("/api/v4/leads/" + ids.get(1)).status()).as("in the trash").isEqualTo(204);
        assertThat(api.get("/api/v4/leads/" + ids.get(2)).status()).as("in the trash").isEqualTo(204);
        assertThat(api.get("/api/v4/leads/" + ids.get(0)).json().at("/_embedded/tags/0/name").asString()).isEqualTo("из третьей");
        assertThat(timeline.ofEntity(account.accountId(), "lead", ids.get(0), 100)).anyMatch(e -> e.type().equals("entity_merged"));

        JsonNode undo = await(api, api.post(PATH + "/" + merged.get("id").asLong() + "/undo", Map.of()));
        assertThat(undo.get("done").asInt()).isEqualTo(3);
        assertThat(ids).allMatch(id -> api.get("/api/v4/leads/" + id).status() == 200);
        assertThat(api.get("/api/v4/leads/" + ids.get(0)).json().at("/_embedded/tags").size()).isZero();
    }

    @Test
    void aChosenSurvivorAndAMergeChangedSinceIsNotUndone() {
        var account = newAccount();
        ApiClient api = account.api();
        List<Long> ids = create(api, 2);
        JsonNode merged = run(api, ids, Map.of("type", "merge", "survivor_id", ids.get(1)));
        assertThat(merged.at("/action/survivor_id").asLong()).isEqualTo(ids.get(1));
        assertThat(api.get("/api/v4/leads/" + ids.get(1)).status()).isEqualTo(200);
        assertThat(api.get("/api/v4/leads/" + ids.get(0)).status()).as("in the trash").isEqualTo(204);
        Response renamed = api.patch("/api/v4/leads/" + ids.get(1), Map.of("name", "Renamed after the merge"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

        JsonNode undo = await(api, api.post(PATH + "/" + merged.get("id").asLong() + "/undo", Map.of()));
        assertThat(undo.get("done").asInt()).isZero();
        assertThat(undo.get("failed").asInt()).isEqualTo(2);
        assertThat(undo.at("/_embedded/failures/0/reason").asString()).contains("changed after the merge");
        assertThat(api.get("/api/v4/leads/" + ids.get(0)).status()).as("in the trash").isEqualTo(204);
    }

    @Test
    void aMergeTakesTwoToFiftyDeals() {
        var account = newAccount();
        ApiClient api = account.api();
        List<Long> ids = create(api, 51);

        error(api, ids, Map.of("type", "merge"), "ids", "MergeLimit");
        error(api, ids.subList(0, 1), Map.of("type", "merge"), "ids", "MergeLimit");
        Response tooMany = api.post(PATH, Map.of("query", "Deal", "action", Map.of("type", "merge")));
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(400);
        assertThat(tooMany.text()).contains("\"path\":\"filter\"").contains("2 to 50 deals; 51 selected");
        assertThat(ids).allMatch(id -> api.get("/api/v4/leads/" + id).status() == 200);
    }

    // ---- helpers ----

    /** Select (Розница, Опт), multiselect (A: Альфа, B: Бета), user, date, numeric, text. */
    private static JsonNode fields(ApiClient api) {
        Response r = api.post("/api/v4/leads/custom_fields", """
                [{"name": "Канал", "type": "select", "enums": [{"value": "Розница", "sort": 1}, {"value": "Опт", "sort": 2}]},
                 {"name": "Продукты", "type": "multiselect", "enums": [{"value": "Альфа", "code": "A", "sort": 1},
                                                                      {"value": "Бета", "code": "B", "sort": 2}]},
                 {"name": "Замерщик", "type": "user"},
                 {"name": "Дата замера", "type": "date"},
                 {"name": "Площадь", "type": "numeric"},
                 {"name": "Пометка", "type": "text"}]""");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().at("/_embedded/custom_fields");
    }

    private static long id(JsonNode fields, int i) {
        return fields.get(i).get("id").asLong();
    }

    private static List<Long> create(ApiClient api, int n) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(Map.of("name", "Deal " + i, "created_at", 1700000000 + i));
        }
        Response r = api.post("/api/v4/leads", items);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        r.json().at("/_embedded/leads").forEach(l -> ids.add(l.get("id").asLong()));
        return ids;
    }

    private static void patch(ApiClient api, long id, long field, List<Map<String, Object>> values) {
        Response r = api.patch("/api/v4/leads/" + id, Map.of("custom_fields_values", List.of(Map.of("field_id", field, "values", values))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private static Map<Long, JsonNode> values(ApiClient api, long id) {
        Map<Long, JsonNode> result = new LinkedHashMap<>();
        Response r = api.get("/api/v4/leads/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode values = r.json().get("custom_fields_values");
        if (values != null && values.isArray()) {
            values.forEach(v -> result.put(v.get("field_id").asLong(), v));
        }
        return result;
    }

    /** Runs the action on the deals and returns the finished run with its failures. */
    private static JsonNode run(ApiClient api, List<Long> ids, Map<String, Object> action) {
        return await(api, api.post(PATH, Map.of("ids", ids, "action", action)));
    }

    private static JsonNode await(ApiClient api, Response started) {
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        long id = started.json().get("id").asLong();
        long until = System.currentTimeMillis() + 120_000;
        while (true) {
            JsonNode run = api.get(PATH + "/" + id).json();
            String state = run.get("state").asString();
            if (state.equals("finished") || state.equals("cancelled")) {
                return run;
            }
            assertThat(System.currentTimeMillis()).as("run " + id + " finishes").isLessThan(until);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void error(ApiClient api, List<Long> ids, Map<String, Object> action, String path, String code) {
        Response r = api.post(PATH, Map.of("ids", ids, "action", action));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.text()).as(r.toString()).contains("\"path\":\"" + path + "\"").contains("\"code\":\"" + code + "\"");
    }
}
