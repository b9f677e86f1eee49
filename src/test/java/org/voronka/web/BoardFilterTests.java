package org.voronka.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.NewDeal;
import org.voronka.deal.StageTransition;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Source;
import org.voronka.support.ApiTest;
import org.voronka.tag.Tag;
import org.voronka.tag.TagManagement;
import org.voronka.tag.TagRef;
import org.voronka.timeline.Timeline;
import org.voronka.timeline.TimelineEvent;

/**
 * The board under the list's filter (counts, sums, cards, further pages, syncs) and the move of
 * several selected cards at once: history and timeline per deal, deals a required field keeps out,
 * and foreign or unknown deals refusing the whole drop.
 */
class BoardFilterTests extends ApiTest {

    private static final Pattern CARD = Pattern.compile("<article class=\"card\" role=\"listitem\" id=\"deal-(\\d+)\"");
    private static final Pattern MORE = Pattern.compile("class=\"more\"[^>]*hx-get=\"([^\"]+)\"");

    @Autowired
    DealManagement deals;

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    TagManagement tags;

    @Autowired
    Timeline timeline;

    WebClient signedIn(TestAccount account) {
        String email = "b-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        tx.execute(s -> accounts.createUser(account.admin(), "Доска", email, "pw-secret", "ru", true, 0));
        WebClient web = new WebClient("http://localhost:" + port);
        web.login(email, "pw-secret", false);
        return web;
    }

    private List<Deal> create(TestAccount account, Pipeline p, Stage s, int n, String name, int price, String tag) {
        List<NewDeal> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(new NewDeal(Integer.toString(i), name + " " + i, new BigDecimal(price), p.id(), s.id(), null, null, null, null,
                    null, null, tag == null ? null : List.of(new TagRef(null, tag, "0")), null, null));
        }
        return tx.execute(x -> deals.create(account.admin(), batch, Source.API));
    }

    private long tagId(TestAccount account, String name) {
        return tags.list(account.accountId(), DealManagement.ENTITY, List.of(), name, null, 0, 10).stream().map(Tag::id).findFirst()
                .orElseThrow();
    }

    @Test
    void theBoardShowsCountsSumsAndCardsOfTheFilterOnly() {
        var account = newAccount();
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Stage first = main.firstWorkingStage();
        Stage second = main.stages().get(2);
        create(account, main, first, 25, "Акция", 100, "акция");
        create(account, main, first, 4, "Обычная", 1000, null);
        create(account, main, second, 2, "Вторая акция", 50, "акция");
        create(account, main, second, 3, "Вторая обычная", 7, null);
        long tag = tagId(account, "акция");
        WebClient web = signedIn(account);

        String all = web.get("/leads/pipeline/" + main.id()).body();
        assertThat(totalOf(all, main.id() + "-" + first.id())).contains("Сделок: 29").contains("6 500 ₽");
        assertThat(all).doesNotContain("id=\"filter-on\"");

        String filter = "tag=" + tag + "&tagMode=any";
        String board = web.get("/leads/pipeline/" + main.id() + "?" + filter).body();
        assertThat(totalOf(board, main.id() + "-" + first.id())).contains("Сделок: 25").contains("2 500 ₽");
        assertThat(totalOf(board, main.id() + "-" + second.id())).contains("Сделок: 2").contains("100 ₽");
        assertThat(board).contains("id=\"filter-on\"").contains("Вторая акция").doesNotContain("Обычная").doesNotContain("Вторая обычная");

        // the panel's choices come when it is first opened, with the filter chosen; until then its form keeps the filter
        assertThat(board).doesNotContain("id=\"filter-tag\"").contains("name=\"tag\" value=\"" + tag + "\"")
                .contains("/leads/pipeline/" + main.id() + "/filter-panel?" + filter.replace("&", "&amp;"));
        String panel = web.get("/leads/pipeline/" + main.id() + "/filter-panel?" + filter, "HX-Request", "true").body();
        assertThat(panel).contains("id=\"filter-tag\"").contains("<details class=\"filter-panel\" open")
                .containsPattern("value=\"" + tag + "\"\\s+selected");

        // "more on scroll" keeps the filter: the rest of the column is the other 5 deals with the tag
        String column = board.substring(board.indexOf("id=\"cards-" + main.id() + "-" + first.id() + "\""));
        column = column.substring(0, column.indexOf("class=\"column\""));
        List<Long> seen = new ArrayList<>(ids(column));
        assertThat(seen).hasSize(20);
        Matcher more = MORE.matcher(column);
        assertThat(more.find()).isTrue();
        assertThat(more.group(1)).contains("tag=" + tag);
        String next = web.get(more.group(1).replace("&amp;", "&"), "HX-Request", "true").body();
        seen.addAll(ids(next));
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        assertThat(next).doesNotContain("Обычная").doesNotContain("class=\"more\"");

        // a budget range narrows further, and the live sync answers with the filtered totals and only matching cards
        String cheap = web.get("/leads/pipeline/" + main.id() + "?" + filter + "&priceTo=60").body();
        assertThat(totalOf(cheap, main.id() + "-" + first.id())).contains("Сделок: 0");
        assertThat(totalOf(cheap, main.id() + "-" + second.id())).contains("Сделок: 2");
        List<Long> plain = deals.list(account.accountId(), org.voronka.deal.DealQuery.all(100)).stream()
                .filter(d -> d.name().startsWith("Вторая")).map(Deal::id).toList();
        String sync = web.get("/leads/pipeline/" + main.id() + "/sync?showClosed=false&" + filter + "&ids="
                + plain.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow(), "HX-Request", "true").body();
        assertThat(sync).contains("Вторая акция").doesNotContain("Вторая обычная");
        assertThat(totalOf(sync, main.id() + "-" + first.id())).contains("Сделок: 25");
    }

    @Test
    void selectedCardsMoveTogetherEachWithItsHistoryAndTimeline() {
        var account = newAccount();
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Stage first = main.firstWorkingStage();
        Stage target = main.stages().get(3);
        List<Deal> chosen = create(account, main, first, 3, "Выбранная", 100, null);
        create(account, main, first, 2, "Оставшаяся", 100, null);
        WebClient web = signedIn(account);
        web.get("/leads/pipeline/" + main.id());

        HttpResponse<String> r = web.postPairs("/leads/pipeline/" + main.id() + "/move", "ids", id(chosen, 0), "ids", id(chosen, 1),
                "ids", id(chosen, 2), "statusId", Long.toString(target.id()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(totalOf(r.body(), main.id() + "-" + target.id())).contains("Сделок: 3").contains("300 ₽");
        assertThat(totalOf(r.body(), main.id() + "-" + first.id())).contains("Сделок: 2");
        for (Deal d : chosen) {
            assertThat(deals.deal(account.accountId(), d.id()).orElseThrow().statusId()).isEqualTo(target.id());
            List<StageTransition> history = deals.history(account.accountId(), d.id());
            assertThat(history).hasSize(2);
            assertThat(history.get(1).source()).isEqualTo("ui");
            assertThat(history.get(1).fromStatusId()).isEqualTo(first.id());
            assertThat(history.get(1).toStatusId()).isEqualTo(target.id());
            List<TimelineEvent> events = timeline.ofEntity(account.accountId(), "lead", d.id(), 50);
            assertThat(events).filteredOn(e -> e.type().equals("lead_status_changed")).hasSize(1);
        }

        // Won with the filter of the page, on a board that shows the closed columns: their totals come back filtered
        HttpResponse<String> won = web.postPairs("/leads/pipeline/" + main.id() + "/move?showClosed=true&q="
                + java.net.URLEncoder.encode("Выбранная 1", java.nio.charset.StandardCharsets.UTF_8), "ids", id(chosen, 1),
                "statusId", Long.toString(Stage.WON));
        assertThat(won.statusCode()).isEqualTo(200);
        assertThat(totalOf(won.body(), main.id() + "-" + Stage.WON)).contains("Сделок: 1");
        assertThat(totalOf(won.body(), main.id() + "-" + target.id())).contains("Сделок: 0");
        assertThat(deals.deal(account.accountId(), chosen.get(1).id()).orElseThrow().closedAt()).isNotNull();
    }

    @Test
    void dealsARequiredFieldKeepsOutStayAndTheMessageNamesThem() {
        var account = newAccount();
        var api = account.api();
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Stage first = main.firstWorkingStage();
        Stage target = main.stages().get(2);
        long field = api.post("/api/v4/leads/custom_fields", """
                [{"name": "Замерщик", "type": "text", "required_statuses": [{"status_id": %d, "pipeline_id": %d}]}]"""
                .formatted(target.id(), main.id())).json().at("/_embedded/custom_fields/0/id").asLong();
        List<Deal> chosen = create(account, main, first, 3, "Замер", 10, null);
        api.patch("/api/v4/leads/" + chosen.get(0).id(), Map.of("custom_fields_values",
                List.of(Map.of("field_id", field, "values", List.of(Map.of("value", "Иванов"))))));
        WebClient web = signedIn(account);
        web.get("/leads/pipeline/" + main.id());

        HttpResponse<String> r = web.postPairs("/leads/pipeline/" + main.id() + "/move", "ids", id(chosen, 0), "ids", id(chosen, 1),
                "ids", id(chosen, 2), "statusId", Long.toString(target.id()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Не перенесены на этап «" + target.name() + "»")
                .contains("«Замер 1» («Замерщик»)").contains("«Замер 2» («Замерщик»)").doesNotContain("«Замер 0»");
        assertThat(r.headers().firstValue("HX-Trigger").orElse(""))
                .contains("\"deal-move-refused\":\"" + id(chosen, 1) + "," + id(chosen, 2) + "\"");
        assertThat(totalOf(r.body(), main.id() + "-" + target.id())).contains("Сделок: 1");
        assertThat(deals.deal(account.accountId(), chosen.get(0).id()).orElseThrow().statusId()).isEqualTo(target.id());
        for (int i = 1; i < 3; i++) {
            assertThat(deals.deal(account.accountId(), chosen.get(i).id()).orElseThrow().statusId()).isEqualTo(first.id());
            assertThat(deals.history(account.accountId(), chosen.get(i).id())).hasSize(1);
        }
    }

    @Test
    void aForeignOrUnknownDealRefusesTheWholeDropAndNothingMoves() {
        var account = newAccount();
        var other = newAccount();
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Stage first = main.firstWorkingStage();
        Stage target = main.stages().get(2);
        List<Deal> mine = create(account, main, first, 2, "Моя", 10, null);
        Pipeline theirs = pipelines.mainPipeline(other.accountId());
        List<Deal> foreign = create(other, theirs, theirs.firstWorkingStage(), 1, "Чужая", 10, null);
        WebClient web = signedIn(account);
        web.get("/leads/pipeline/" + main.id());

        HttpResponse<String> r = web.postPairs("/leads/pipeline/" + main.id() + "/move", "ids", id(mine, 0), "ids", id(foreign, 0),
                "ids", id(mine, 1), "ids", "999999999", "statusId", Long.toString(target.id()));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("Ничего не перенесено").contains("#" + id(foreign, 0)).contains("#999999999")
                .doesNotContainPattern("#" + id(mine, 0) + "\\b");
        HttpResponse<String> bad = web.postPairs("/leads/pipeline/" + main.id() + "/move", "ids", id(mine, 0), "ids", "abc",
                "statusId", Long.toString(target.id()));
        assertThat(bad.statusCode()).isEqualTo(422);
        HttpResponse<String> noStage = web.postPairs("/leads/pipeline/" + main.id() + "/move", "ids", id(mine, 0),
                "statusId", Long.toString(theirs.firstWorkingStage().id()));
        assertThat(noStage.statusCode()).isEqualTo(422);
        HttpResponse<String> none = web.postPairs("/leads/pipeline/" + main.id() + "/move", "statusId", Long.toString(target.id()));
        assertThat(none.statusCode()).isEqualTo(422);

        for (Deal d : mine) {
            assertThat(deals.deal(account.accountId(), d.id()).orElseThrow().statusId()).isEqualTo(first.id());
            assertThat(deals.history(account.accountId(), d.id())).hasSize(1);
        }
        assertThat(deals.deal(other.accountId(), foreign.get(0).id()).orElseThrow().statusId()).isEqualTo(theirs.firstWorkingStage().id());
    }

    @Test
    void aWholeColumnOffersItsMassActionForAllItsDealsMatchingTheFilter() {
        var account = newAccount();
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Stage first = main.firstWorkingStage();
        Stage second = main.stages().get(2);
        create(account, main, first, 23, "Акция", 10, "акция");
        create(account, main, first, 5, "Обычная", 10, null);
        create(account, main, second, 4, "Вторая акция", 10, "акция");
        long tag = tagId(account, "акция");
        WebClient web = signedIn(account);
        String board = web.get("/leads/pipeline/" + main.id() + "?tag=" + tag).body();
        Matcher m = Pattern.compile("data-status=\"" + first.id() + "\" data-total=\"(\\d+)\" data-filter=\"([^\"]*)\"").matcher(board);
        assertThat(m.find()).as("the column's select-all button").isTrue();
        assertThat(m.group(1)).isEqualTo("23");
        String stageFilter = m.group(2).replace("&amp;", "&");
        assertThat(stageFilter).contains("stage=" + main.id() + "-" + first.id()).contains("tag=" + tag);
        HttpResponse<String> preview = web.postPairs("/leads/mass/preview", "scope", "filter", "filter", stageFilter,
                "action", "stage", "stage", main.id() + "-" + second.id());
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("Сделок: 23.");
    }

    private static String id(List<Deal> list, int i) {
        return Long.toString(list.get(i).id());
    }

    private static String totalOf(String page, String stage) {
        int at = page.indexOf("id=\"total-" + stage + "\"");
        assertThat(at).as("total of " + stage).isGreaterThanOrEqualTo(0);
        return page.substring(at, page.indexOf("</div>", at));
    }

    private static List<Long> ids(String html) {
        List<Long> ids = new ArrayList<>();
        Matcher m = CARD.matcher(html);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }
}
