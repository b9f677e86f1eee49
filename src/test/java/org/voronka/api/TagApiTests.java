package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;

class TagApiTests extends ApiTest {

    @Test
    void tagDictionariesArePerEntityTypeAndNamesAreReused() {
        var account = newAccount();
        ApiClient api = account.api();
        Response created = api.post("/api/v4/leads/tags", List.of(Map.of("name", "vip", "color", "FF8F92", "request_id", "a"),
                Map.of("name", "опт")));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.json().get("_total_items").asInt()).isEqualTo(2);
        long vip = created.json().at("/_embedded/tags/0/id").asLong();
        assertThat(created.json().at("/_embedded/tags/0/color").asString()).isEqualTo("FF8F92");
        assertThat(created.json().at("/_embedded/tags/0/request_id").asString()).isEqualTo("a");

        Response again = api.post("/api/v4/leads/tags", List.of(Map.of("name", "VIP")));
        assertThat(again.json().at("/_embedded/tags/0/id").asLong()).isEqualTo(vip);
        assertThat(api.get("/api/v4/leads/tags?filter[name]=vip").json().at("/_embedded/tags/0/id").asLong()).isEqualTo(vip);
        assertThat(api.get("/api/v4/leads/tags?query=оп").json().at("/_embedded/tags").size()).isEqualTo(1);
        assertThat(api.get("/api/v4/contacts/tags").status()).isEqualTo(204);
        assertThat(api.post("/api/v4/contacts/tags", List.of(Map.of("name", "vip", "color", "FF8F92"))).status()).isEqualTo(400);
        assertThat(api.post("/api/v4/leads/tags", List.of(Map.of("name", "x", "color", "123456"))).status()).isEqualTo(400);
        assertThat(api.post("/api/v4/leads/tags", List.of(Map.of("name", " "))).status()).isEqualTo(400);
        assertThat(newAccount().api().get("/api/v4/leads/tags").status()).isEqualTo(204);
    }
}
