package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

class NoteApiTests extends ApiTest {

    @Test
    void notesAndCallsOnADealAppearInItsTimeline() {
        var account = newAccount();
        ApiClient api = account.api();
        long deal = api.post("/api/v4/leads", List.of(Map.of("name", "Noted"))).json().at("/_embedded/leads/0/id").asLong();
        Response created = api.post("/api/v4/leads/" + deal + "/notes", List.of(
                Map.of("note_type", "common", "params", Map.of("text", "Клиент просил перезвонить"), "request_id", "n1"),
                Map.of("note_type", "call_in", "params", Map.of("phone", "+79990000000", "duration", 65, "source", "pbx",
                        "link", "https://pbx.example/rec/1.mp3", "uniq", "abc"))));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.json().at("/_embedded/notes/0/request_id").asString()).isEqualTo("n1");
        long noteId = created.json().at("/_embedded/notes/0/id").asLong();

        JsonNode list = api.get("/api/v4/leads/" + deal + "/notes").json();
        assertThat(list.at("/_embedded/notes").size()).isEqualTo(2);
        assertThat(list.at("/_embedded/notes/1/params/duration").asInt()).isEqualTo(65);
        assertThat(list.at("/_embedded/notes/0/params/text").asString()).isEqualTo("Клиент просил перезвонить");
        assertThat(api.get("/api/v4/leads/notes?filter[note_type]=call_in").json().at("/_embedded/notes").size()).isEqualTo(1);

        JsonNode events = api.get("/api/v4/events?filter[entity]=lead&filter[entity_id]=" + deal
                + "&filter[type][]=common_note_added&filter[type][]=incoming_call").json();
        assertThat(events.at("/_embedded/events").size()).isEqualTo(2);
        assertThat(events.toString()).contains("{\"note\":{\"id\":" + noteId + "}}");

        assertThat(api.post("/api/v4/leads/notes/" + noteId + "/pin", null).json().get("is_pinned").asBoolean()).isTrue();
        Response edited = api.patch("/api/v4/leads/" + deal + "/notes/" + noteId, Map.of("params", Map.of("text", "Перезвонить в среду")));
        assertThat(edited.json().at("/params/text").asString()).isEqualTo("Перезвонить в среду");
        assertThat(api.get("/api/v4/leads/notes/" + noteId).json().get("is_pinned").asBoolean()).isTrue();
    }

    @Test
    void refusesUnknownTypesMissingParamsAndForeignDeals() {
        var account = newAccount();
        ApiClient api = account.api();
        long deal = api.post("/api/v4/leads", List.of(Map.of("name", "x"))).json().at("/_embedded/leads/0/id").asLong();
        Response r = api.post("/api/v4/leads/notes", List.of(Map.of("entity_id", deal, "note_type", "telepathy", "params", Map.of()),
                Map.of("entity_id", deal, "note_type", "sms_out", "params", Map.of("text", "hi"), "request_id", "s")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().toString()).contains("note_type").contains("params.phone");
        var other = newAccount();
        Response foreign = other.api().post("/api/v4/leads/" + deal + "/notes", List.of(Map.of("note_type", "common",
                "params", Map.of("text", "x"))));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().at("/validation-errors/0/errors/0/path").asString()).isEqualTo("entity_id");
        assertThat(api.get("/api/v4/leads/notes").status()).isEqualTo(204);
        Response badDuration = api.post("/api/v4/leads/notes", List.of(Map.of("entity_id", deal, "note_type", "call_out",
                "params", Map.of("phone", "1", "duration", -3))));
        assertThat(badDuration.json().at("/validation-errors/0/errors/0/path").asString()).isEqualTo("params.duration");
    }
}
