package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/** GET /api/v4/leads: filters, ordering, page and cursor paging, tags, with=. */
class DealListTests extends ApiTest {

    @Test
    void filtersByStagePriceResponsibleAndQuery() {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode p = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long pipeline = p.get("id").asLong();
        long s2 = p.at("/_embedded/statuses/2/id").asLong();
        api.post("/api/v4/leads", List.of(
                Map.of("name", "Окна ПВХ", "price", 100),
                Map.of("name", "Двери", "price", 5000, "status_id", s2),
                Map.of("name", "Окна деревянные", "price", 9000, "status_id", s2)));

        assertThat(names(api.get("/api/v4/leads?filter[statuses][0][pipeline_id]=" + pipeline + "&filter[statuses][0][status_id]=" + s2)))
                .containsExactly("Двери", "Окна деревянные");
        assertThat(names(api.get("/api/v4/leads?filter[price][from]=1000&filter[price][to]=6000"))).containsExactly("Двери");
        assertThat(names(api.get("/api/v4/leads?query=окна"))).containsExactlyInAnyOrder("Окна ПВХ", "Окна деревянные");
        assertThat(names(api.get("/api/v4/leads?filter[responsible_user_id]=" + account.adminId()))).hasSize(3);
        assertThat(api.get("/api/v4/leads?filter[responsible_user_id]=" + (account.adminId() + 100000)).status()).isEqualTo(204);
        assertThat(names(api.get("/api/v4/leads?filter[name]=Двери"))).containsExactly("Двери");
        assertThat(names(api.get("/api/v4/leads?order[id]=desc"))).containsExactly("Окна деревянные", "Двери", "Окна ПВХ");
    }

    @Test
    void filtersComeAsScalarsArraysAndIndexedArrays() {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode ids = api.post("/api/v4/leads", List.of(Map.of("name", "a"), Map.of("name", "b"), Map.of("name", "c"))).json()
                .at("/_embedded/leads");
        long a = ids.get(0).get("id").asLong();
        long b = ids.get(1).get("id").asLong();
        assertThat(names(api.get("/api/v4/leads?filter[id]=" + a))).containsExactly("a");
        assertThat(names(api.get("/api/v4/leads?filter[id][]=" + a + "&filter[id][]=" + b))).containsExactly("a", "b");
        assertThat(names(api.get("/api/v4/leads?filter[id][0]=" + a + "&filter[id][1]=" + b))).containsExactly("a", "b");
        assertThat(names(api.get("/api/v4/leads?filter[id]=" + a + "&filter[id]=" + a))).containsExactly("a");
        // encoded brackets, as most HTTP clients send them
        assertThat(names(api.get("/api/v4/leads?filter%5Bid%5D%5B%5D=" + b))).containsExactly("b");
    }

    @Test
    void pagesByPageNumberAndByCursorGiveTheSameRows() {
        var account = newAccount();
        ApiClient api = account.api();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            batch.add(Map.of("name", "Deal " + i));
        }
        api.post("/api/v4/leads", batch);

        List<Long> byPage = new ArrayList<>();
        for (int page = 1; ; page++) {
            Response r = api.get("/api/v4/leads?limit=5&page=" + page);
            if (r.status() == 204) {
                break;
            }
            assertThat(r.json().get("_page").asInt()).isEqualTo(page);
            r.json().at("/_embedded/leads").forEach(l -> byPage.add(l.get("id").asLong()));
        }
        List<Long> byNext = new ArrayList<>();
        String next = "/api/v4/leads?limit=5";
        int pages = 0;
        while (next != null) {
            Response r = api.get(next);
            r.json().at("/_embedded/leads").forEach(l -> byNext.add(l.get("id").asLong()));
            JsonNode link = r.json().at("/_links/next/href");
            next = link.isMissingNode() ? null : link.asString().replace("http://localhost:" + port, "");
            pages++;
        }
        assertThat(byPage).hasSize(23).isSorted();
        assertThat(byNext).isEqualTo(byPage);
        assertThat(pages).isEqualTo(5);
        Set<Long> unique = new HashSet<>(byNext);
        assertThat(unique).hasSize(23);
    }

    @Test
    void cursorPagingWorksForTimeOrdersToo() {
        var account = newAccount();
        ApiClient api = account.api();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            batch.add(Map.of("name", "T" + i, "created_at", 1700000000 + (i % 3) * 60));
        }
        api.post("/api/v4/leads", batch);
        List<String> seen = new ArrayList<>();
        String next = "/api/v4/leads?limit=2&order[created_at]=desc";
        while (next != null) {
            Response r = api.get(next);
            r.json().at("/_embedded/leads").forEach(l -> seen.add(l.get("name").asString()));
            JsonNode link = r.json().at("/_links/next/href");
            next = link.isMissingNode() ? null : link.asString().replace("http://localhost:" + port, "");
        }
        assertThat(seen).containsExactly("T5", "T2", "T4", "T1", "T6", "T3", "T0");
    }

    @Test
    void tagsAreAddedReplacedAndRemovedWithAmoSemantics() {
        var account = newAccount();
        ApiClient api = account.api();
        long id = api.post("/api/v4/leads", List.of(Map.of("name", "t", "_embedded", Map.of("tags", List.of(Map.of("name", "vip"))))))
                .json().at("/_embedded/leads/0/id").asLong();
        assertThat(tags(api, id)).containsExactly("vip");
        api.patch("/api/v4/leads/" + id, Map.of("tags_to_add", List.of(Map.of("name", "опт"), Map.of("name", "VIP"))));
        assertThat(tags(api, id)).containsExactlyInAnyOrder("vip", "опт");
        api.patch("/api/v4/leads/" + id, Map.of("tags_to_delete", List.of(Map.of("name", "vip"))));
        assertThat(tags(api, id)).containsExactly("опт");
        api.patch("/api/v4/leads/" + id, Map.of("_embedded", Map.of("tags", List.of(Map.of("name", "new")))));
        assertThat(tags(api, id)).containsExactly("new");
        api.patch("/api/v4/leads/" + id, "{\"_embedded\":{\"tags\":null}}");
        assertThat(tags(api, id)).isEmpty();
        Response unknown = api.patch("/api/v4/leads/" + id, Map.of("tags_to_add", List.of(Map.of("id", 999999999))));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/validation-errors/0/errors/0/path").asString()).isEqualTo("tags_to_add.0.id");
    }

    @Test
    void pricesAcceptDecimalsAndEmitMinorUnits() {
        var account = newAccount();
        ApiClient api = account.api();
        long id = api.post("/api/v4/leads", List.of(Map.of("price", 1234.56))).json().at("/_embedded/leads/0/id").asLong();
        JsonNode lead = api.get("/api/v4/leads/" + id).json();
        assertThat(lead.get("price").asLong()).isEqualTo(1234);
        assertThat(lead.get("price_with_minor_units").asDouble()).isEqualTo(1234.56);
    }

    private static List<String> names(Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        r.json().at("/_embedded/leads").forEach(l -> names.add(l.get("name").asString()));
        return names;
    }

    private static List<String> tags(ApiClient api, long id) {
        List<String> names = new ArrayList<>();
        api.get("/api/v4/leads/" + id).json().at("/_embedded/tags").forEach(t -> names.add(t.get("name").asString()));
        return names;
    }
}
