package org.voronka.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;

/** The list's mass bar: a merge shows its deals with the survivor to choose, refuses a single deal, and an export downloads. */
class MassMergeWebTests extends ApiTest {

    @Test
    void aMergePreviewListsTheDealsAndTheChosenSurvivorStays() throws InterruptedException {
        var account = newAccount("ru");
        ApiClient api = account.api();
        Response created = api.post("/api/v4/leads", List.of(Map.of("name", "Старая", "created_at", 1700000000),
                Map.of("name", "Средняя", "created_at", 1700000100), Map.of("name", "Новая", "created_at", 1700000200)));
        List<String> ids = new ArrayList<>();
        created.json().at("/_embedded/leads").forEach(l -> ids.add(l.get("id").asString()));
        WebClient web = signIn(account);

        HttpResponse<String> preview = web.postPairs("/leads/mass/preview", "action", "merge", "scope", "page", "ids", ids.get(2),
                "ids", ids.get(0), "ids", ids.get(1));
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("Старая", "Средняя", "Новая", "Сделки будут объединены в одну");
        assertThat(preview.body().indexOf("Старая")).isLessThan(preview.body().indexOf("Новая"));
        assertThat(preview.body()).containsPattern("name=\"survivor\" value=\"" + ids.get(0) + "\" checked");

        HttpResponse<String> started = web.postPairs("/leads/mass/start", "action", "merge", "scope", "page", "survivor", ids.get(2),
                "ids", ids.get(0), "ids", ids.get(1), "ids", ids.get(2));
        assertThat(started.statusCode()).isEqualTo(200);
        long until = System.currentTimeMillis() + 60_000;
        while (api.get("/api/v4/leads/" + ids.get(0)).status() == 200 && System.currentTimeMillis() < until) {
            Thread.sleep(100);
        }
        assertThat(api.get("/api/v4/leads/" + ids.get(2)).status()).isEqualTo(200);
        assertThat(api.get("/api/v4/leads/" + ids.get(0)).status()).isEqualTo(204);
        assertThat(api.get("/api/v4/leads/" + ids.get(1)).status()).isEqualTo(204);

        HttpResponse<String> single = web.postPairs("/leads/mass/preview", "action", "merge", "scope", "page", "ids", ids.get(2));
        assertThat(single.statusCode()).isEqualTo(422);
        assertThat(single.body()).contains("Объединить можно от 2 до 50 сделок.");
    }

    @Test
    void theCheckedRowsDownloadAsCsvWithTheChosenColumns() {
        var account = newAccount("ru");
        ApiClient api = account.api();
        Response created = api.post("/api/v4/leads", List.of(Map.of("name", "Окна", "price", 1500), Map.of("name", "Двери")));
        String first = created.json().at("/_embedded/leads/0/id").asString();
        WebClient web = signIn(account);

        HttpResponse<String> csv = web.get("/leads/mass/export?scope=page&format=csv&columns=name&columns=price&ids=" + first);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-disposition").orElse("")).contains("leads.csv");
        assertThat(csv.body().replace("\uFEFF", "").split("\r\n")).containsExactly("Название,Бюджет", "Окна,1500");

        HttpResponse<String> none = web.get("/leads/mass/export?scope=page&format=csv&ids=" + first);
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(none.body()).contains("Выберите колонки для экспорта.");
    }

    private WebClient signIn(TestAccount account) {
        String email = "u-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        String password = "pw-" + UUID.randomUUID();
        tx.execute(s -> accounts.createUser(account.admin(), "Руководитель", email, password, "ru", false, 0));
        WebClient web = new WebClient("http://localhost:" + port);
        web.login(email, password, false);
        web.get("/leads/list");
        return web;
    }
}
