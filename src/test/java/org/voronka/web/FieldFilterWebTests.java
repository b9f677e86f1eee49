package org.voronka.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import org.voronka.support.ApiTest;

/**
 * The list's and the board's filter by custom field values: options, yes/no, number and date
 * ranges, in the address like every other condition; a condition the field does not allow (an
 * unknown field, an option of another field, a range on a select) is left out rather than failing.
 */
class FieldFilterWebTests extends ApiTest {

    @Test
    void dealsAreFilteredByAnOptionARangeAndADateAndBadConditionsAreLeftOut() {
        var account = newAccount();
        var api = account.api();
        JsonNode created = api.post("/api/v4/leads/custom_fields", List.of(
                Map.of("name", "Источник", "type", "select", "enums", List.of(Map.of("value", "Сайт"), Map.of("value", "Звонок"))),
                Map.of("name", "Площадь", "type", "numeric"),
                Map.of("name", "Дата замера", "type", "date"))).json().path("_embedded").path("custom_fields");
        long source = created.get(0).path("id").asLong();
        long site = created.get(0).path("enums").get(0).path("id").asLong();
        long call = created.get(0).path("enums").get(1).path("id").asLong();
        long area = created.get(1).path("id").asLong();
        long date = created.get(2).path("id").asLong();
        // 2026-03-10 12:00 UTC and 2026-05-20 12:00 UTC
        lead(api, "Окна с сайта", source, Map.of("enum_id", site), area, 40, date, 1773144000L);
        lead(api, "Двери по звонку", source, Map.of("enum_id", call), area, 120, date, 1779278400L);
        lead(api, "Без полей", null, null, null, 0, null, 0);

        WebClient web = new WebClient("http://localhost:" + port);
        String email = "f-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        tx.execute(s -> accounts.createUser(account.admin(), "Фильтр", email, "pw-secret", "ru", true, 0));
        web.login(email, "pw-secret", false);

        String bySource = web.get("/leads/list?cf" + source + "=" + site).body();
        assertThat(bySource).contains("Окна с сайта").doesNotContain("Двери по звонку").doesNotContain("Без полей");
        // the panel shows the field with its option chosen
        assertThat(bySource).contains("id=\"filter-cf" + source + "\"").containsPattern("value=\"" + site + "\"\\s+selected");

        String byArea = web.get("/leads/list?cf" + area + "From=100").body();
        assertThat(byArea).contains("Двери по звонку").doesNotContain("Окна с сайта");
        String byDate = web.get("/leads/list?cf" + date + "From=2026-03-01&cf" + date + "To=2026-03-31").body();
        assertThat(byDate).contains("Окна с сайта").doesNotContain("Двери по звонку");
        assertThat(byDate).contains("value=\"2026-03-01\"");

        // an unknown field, an option of no field, letters for a number, a range on a select: left out, the page answers
        var bad = web.get("/leads/list?cf999999=1&cf" + source + "=" + area + "&cf" + area + "From=много&cf" + source + "To=5");
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("Окна с сайта").contains("Двери по звонку").contains("Без полей");

        // the board takes the same condition
        long pipeline = api.get("/api/v4/leads/pipelines").json().path("_embedded").path("pipelines").get(0).path("id").asLong();
        String board = web.get("/leads/pipeline/" + pipeline + "?cf" + source + "=" + call).body();
        assertThat(board).contains("Двери по звонку").doesNotContain("Окна с сайта");
    }

    private static void lead(org.voronka.support.ApiClient api, String name, Long select, Map<String, Object> option, Long area, int size,
                             Long date, long when) {
        Map<String, Object> lead = new java.util.HashMap<>(Map.of("name", name));
        if (select != null) {
            lead.put("custom_fields_values", List.of(
                    Map.of("field_id", select, "values", List.of(option)),
                    Map.of("field_id", area, "values", List.of(Map.of("value", size))),
                    Map.of("field_id", date, "values", List.of(Map.of("value", when)))));
        }
        assertThat(api.post("/api/v4/leads", List.of(lead)).status()).isEqualTo(200);
    }
}
