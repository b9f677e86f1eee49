package org.voronka.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.deal.DealManagement;
import org.voronka.deal.NewDeal;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Source;
import org.voronka.support.ApiTest;

/** Columns show their first cards and load the rest page by page; the list view pages by keyset in any order. */
class BoardPagingTests extends ApiTest {

    private static final Pattern CARD = Pattern.compile("<article class=\"card\" role=\"listitem\" id=\"deal-(\\d+)\"");
    private static final Pattern MORE = Pattern.compile("class=\"more\"[^>]*hx-get=\"([^\"]+)\"");
    private static final Pattern ROW = Pattern.compile("<tr id=\"row-(\\d+)\">");

    @Autowired
    DealManagement deals;

    @Autowired
    PipelineManagement pipelines;

    WebClient signedIn(TestAccount account) {
        String email = "p-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        tx.execute(s -> accounts.createUser(account.admin(), "Пейджер", email, "pw-secret", "ru", true, 0));
        WebClient web = new WebClient("http://localhost:" + port);
        web.login(email, "pw-secret", false);
        return web;
    }

    @Test
    void aColumnLoadsTwentyCardsAtATimeWithItsTotalsFromOneQuery() {
        var account = newAccount();
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Stage stage = main.firstWorkingStage();
        List<NewDeal> batch = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            batch.add(new NewDeal(Integer.toString(i), "Сделка " + i, new BigDecimal(1000), main.id(), stage.id(), null, null, null,
                    null, null, null, null, null, null));
        }
        tx.execute(s -> deals.create(account.admin(), batch, Source.API));
        WebClient web = signedIn(account);
        String board = web.get("/leads/pipeline/" + main.id()).body();
        String column = board.substring(board.indexOf("id=\"cards-" + main.id() + "-" + stage.id() + "\""));
        column = column.substring(0, column.indexOf("class=\"column\"") > 0 ? column.indexOf("class=\"column\"") : column.length());
        List<Long> seen = new ArrayList<>(ids(CARD, column));
        assertThat(seen).hasSize(20);
        assertThat(board).contains("Сделок: 45").contains("45 000 ₽");
        String next = more(column);
        for (int page = 0; next != null; page++) {
            String fragment = web.get(next.replace("&amp;", "&"), "HX-Request", "true").body();
            seen.addAll(ids(CARD, fragment));
            next = more(fragment);
            assertThat(page).isLessThan(3);
        }
        assertThat(seen).hasSize(45).doesNotHaveDuplicates();
        assertThat(seen).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void theListPagesByKeysetInEveryOrder() {
        var account = newAccount();
        Pipeline main = pipelines.mainPipeline(account.accountId());
        List<NewDeal> batch = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            batch.add(new NewDeal(Integer.toString(i), "Сделка " + (char) ('А' + i % 30) + i, new BigDecimal(i % 7 * 100), main.id(),
                    null, null, null, null, null, null, null, null, null, null));
        }
        tx.execute(s -> deals.create(account.admin(), batch, Source.API));
        WebClient web = signedIn(account);
        for (String sort : List.of("name", "price", "stage", "pipeline", "responsible", "created", "closed")) {
            for (String dir : List.of("asc", "desc")) {
                String first = web.get("/leads/list?sort=" + sort + "&dir=" + dir).body();
                List<Long> rows = new ArrayList<>(ids(ROW, first));
                assertThat(rows).as(sort + " " + dir).hasSize(50);
                Matcher more = Pattern.compile("hx-get=\"(/leads/list\\?[^\"]+)\"").matcher(first);
                assertThat(more.find()).isTrue();
                String second = web.get(more.group(1).replace("&amp;", "&"), "HX-Request", "true", "HX-Target", "list-more").body();
                rows.addAll(ids(ROW, second));
                assertThat(rows).as(sort + " " + dir).hasSize(60).doesNotHaveDuplicates();
                assertThat(second).doesNotContain("id=\"list-more\"");
            }
        }
    }

    private static List<Long> ids(Pattern pattern, String html) {
        List<Long> ids = new ArrayList<>();
        Matcher m = pattern.matcher(html);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    private static String more(String html) {
        Matcher m = MORE.matcher(html);
        return m.find() ? m.group(1) : null;
    }
}
