package org.voronka.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealTrash;
import org.voronka.deal.NewDeal;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.shared.Source;
import org.voronka.support.ApiTest;
import org.voronka.tag.TagManagement;
import org.voronka.tag.TagRef;
import org.voronka.task.NewTask;
import org.voronka.task.Task;
import org.voronka.task.TaskManagement;
import org.voronka.task.TaskQuery;
import org.voronka.timeline.NoteManagement;
import org.voronka.timeline.NoteQuery;
import tools.jackson.databind.JsonNode;

/** The pages for tasks, notes, tags, the trash and merging over plain HTTP: escaping, account isolation, validation. */
class DealWorkPagesTests extends ApiTest {

    static final String EVIL = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";
    static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";

    @Autowired
    DealManagement deals;

    @Autowired
    DealTrash trash;

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    TaskManagement tasks;

    @Autowired
    NoteManagement notes;

    @Autowired
    TagManagement tags;

    record Login(long userId, WebClient web) {}

    Login signIn(TestAccount account, boolean admin) {
        String email = "u-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        String password = "pw-" + UUID.randomUUID();
        var u = tx.execute(s -> accounts.createUser(account.admin(), "Менеджер", email, password, "ru", admin, 0));
        WebClient web = new WebClient("http://localhost:" + port);
        web.login(email, password, false);
        web.get("/leads/list");
        return new Login(u.id(), web);
    }

    Deal deal(TestAccount account, String name, List<TagRef> tagRefs) {
        return tx.execute(s -> deals.create(account.admin(), List.of(new NewDeal("0", name, new BigDecimal("1000"), null, null, null,
                null, null, null, null, null, tagRefs, null, null)), Source.API).get(0));
    }

    Task task(TestAccount account, long dealId, String text, Instant due, long responsible) {
        return tx.execute(s -> tasks.create(account.admin(), List.of(new NewTask("0", DealManagement.ENTITY, dealId, null, text, due,
                null, responsible, null))).get(0));
    }

    List<Task> openTasks(TestAccount account, long dealId) {
        return tasks.list(account.accountId(), new TaskQuery(List.of(), List.of(), false, List.of(), DealManagement.ENTITY,
                List.of(dealId), List.of(), null, null, new TaskQuery.Order(TaskQuery.Field.ID, false), 0, 50));
    }

    @Test
    void theTasksPageGroupsMyOpenTasksAndEscapesTheirText() {
        var account = newAccount();
        Login me = signIn(account, true);
        Deal deal = deal(account, EVIL, null);
        Instant now = Instant.now();
        task(account, deal.id(), "Просрочено " + EVIL, now.minus(Duration.ofHours(30)), me.userId());
        task(account, deal.id(), "Через месяц", now.plus(Duration.ofDays(30)), me.userId());
        task(account, deal.id(), "Чужая задача", now.plus(Duration.ofDays(2)), account.adminId());
        HttpResponse<String> page = me.web().get("/tasks");
        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body).doesNotContain("<script>alert(1)").doesNotContain("<img src=x").contains("Просрочено " + ESCAPED)
                .contains("Сделка: " + ESCAPED).contains("Через месяц").doesNotContain("Чужая задача");
        assertThat(body.indexOf("Просрочено")).isBetween(body.indexOf("group-overdue"), body.indexOf("group-today"));
        assertThat(body.indexOf("Через месяц")).isGreaterThan(body.indexOf("group-later"));
        assertThat(me.web().get("/tasks?user=all").body()).contains("Чужая задача");
        assertThat(me.web().get("/tasks?user=" + account.adminId()).body()).contains("Чужая задача").doesNotContain("Через месяц");
        // a user id of another account is not a filter: the page shows my tasks
        assertThat(me.web().get("/tasks?user=999999999").body()).contains("Через месяц");
    }

    @Test
    void taskActionsValidateTheirInputAndStayInTheirAccount() {
        var account = newAccount();
        var other = newAccount();
        Login me = signIn(account, true);
        Deal deal = deal(account, "Окна", null);
        Deal foreign = deal(other, "Чужие окна", null);
        Task mine = task(account, deal.id(), "Позвонить", Instant.now().plus(Duration.ofDays(1)), me.userId());
        Task theirs = task(other, foreign.id(), "Не трогать", Instant.now().plus(Duration.ofDays(1)), other.adminId());
        me.web().get("/tasks");
        Instant due = tasks.task(account.accountId(), mine.id()).orElseThrow().completeTill();

        HttpResponse<String> bad = me.web().post("/tasks/" + mine.id() + "/reschedule", Map.of("preset", "exact", "due", "завтра"), true);
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("Выберите срок");
        assertThat(tasks.task(account.accountId(), mine.id()).orElseThrow().completeTill()).isEqualTo(due);
        HttpResponse<String> blank = me.web().post("/tasks/" + mine.id() + "/text", Map.of("text", "  "), true);
        assertThat(blank.statusCode()).isEqualTo(422);
        assertThat(me.web().post("/tasks/" + theirs.id() + "/complete", Map.of("result", "x"), true).statusCode()).isEqualTo(404);
        assertThat(tasks.task(other.accountId(), theirs.id()).orElseThrow().completed()).isFalse();

        HttpResponse<String> moved = me.web().post("/tasks/" + mine.id() + "/reschedule",
                Map.of("preset", "exact", "due", "2031-05-04T10:30", "view", "card"), true);
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(moved.headers().firstValue("HX-Trigger").orElseThrow()).contains("deals-changed");
        assertThat(moved.body()).contains("id=\"deal-timeline\"").contains("04.05.2031 10:30");
        assertThat(tasks.task(account.accountId(), mine.id()).orElseThrow().completeTill()).isEqualTo(Instant.parse("2031-05-04T07:30:00Z"));
        assertThat(deals.deal(account.accountId(), deal.id()).orElseThrow().closestTaskAt()).isEqualTo(Instant.parse("2031-05-04T07:30:00Z"));

        HttpResponse<String> done = me.web().post("/tasks/" + mine.id() + "/complete", Map.of("result", EVIL), true);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(tasks.task(account.accountId(), mine.id()).orElseThrow().result()).isEqualTo(EVIL);
        assertThat(deals.deal(account.accountId(), deal.id()).orElseThrow().closestTaskAt()).isNull();
        assertThat(me.web().post("/tasks/" + mine.id() + "/complete", Map.of(), true).statusCode()).isEqualTo(422);
        String card = me.web().get("/leads/" + deal.id()).body();
        assertThat(card).contains("Результат: " + ESCAPED).doesNotContain("<img src=x");
    }

    @Test
    void theComposerRejectsBadInputInlineAndCreatesNothing() {
        var account = newAccount();
        Login me = signIn(account, true);
        Deal deal = deal(account, "Кухня", null);
        me.web().get("/leads/" + deal.id());
        String base = "/leads/" + deal.id();

        String noText = me.web().post(base + "/tasks", Map.of("text", " ", "preset", "today", "typeId", "1"), true).body();
        assertThat(noText).contains("Напишите текст.").contains("id=\"deal-timeline\"");
        String noDeadline = me.web().post(base + "/tasks", Map.of("text", "Позвонить", "preset", "exact", "due", "",
                "typeId", "1"), true).body();
        assertThat(noDeadline).contains("Выберите срок").contains("Позвонить");
        String badType = me.web().post(base + "/tasks", Map.of("text", "Позвонить", "preset", "today", "typeId", "987654"), true).body();
        assertThat(badType).contains("Недопустимое значение.");
        String badUser = me.web().post(base + "/tasks", Map.of("text", "Позвонить", "preset", "today", "typeId", "1",
                "responsible", "987654321"), true).body();
        assertThat(badUser).contains("Недопустимое значение.");
        assertThat(openTasks(account, deal.id())).isEmpty();

        String badCall = me.web().post(base + "/notes", Map.of("kind", "call", "phone", "", "minutes", "x"), true).body();
        assertThat(badCall).contains("Укажите номер телефона.").contains("Длительность");
        String longNote = me.web().post(base + "/notes", Map.of("kind", "note", "text", "я".repeat(4001)), true).body();
        assertThat(longNote).contains("Текст длиннее 4000 символов.");
        assertThat(notes.list(account.accountId(), new NoteQuery(DealManagement.ENTITY, List.of(), List.of(deal.id()), List.of(), null,
                null, false, false, 0, 10))).isEmpty();

        HttpResponse<String> ok = me.web().post(base + "/tasks", Map.of("text", "Встретиться", "preset", "week", "typeId", "2"), true);
        assertThat(ok.headers().firstValue("HX-Trigger").orElseThrow()).contains("deals-changed");
        List<Task> created = openTasks(account, deal.id());
        assertThat(created).hasSize(1);
        assertThat(created.get(0).taskTypeId()).isEqualTo(2);
        assertThat(created.get(0).responsibleUserId()).isEqualTo(me.userId());
        assertThat(created.get(0).completeTill()).isAfter(Instant.now().plus(Duration.ofDays(6)));
        String call = me.web().post(base + "/notes", Map.of("kind", "call", "direction", "in", "phone", "+7 900 1", "minutes", "2",
                "seconds", "5", "result", EVIL), true).body();
        assertThat(call).contains("Входящий звонок: +7 900 1, 2 мин 5 с").contains(ESCAPED).doesNotContain("<img src=x");
    }

    @Test
    void notesOfAnotherDealOrAccountCannotBePinned() {
        var account = newAccount();
        var other = newAccount();
        Login me = signIn(account, true);
        Deal deal = deal(account, "Окна", null);
        Deal second = deal(account, "Двери", null);
        Deal foreign = deal(other, "Чужая", null);
        me.web().post("/leads/" + deal.id() + "/notes", Map.of("kind", "note", "text", "Моя заметка"), true);
        long noteId = notes.list(account.accountId(), new NoteQuery(DealManagement.ENTITY, List.of(), List.of(deal.id()), List.of(), null,
                null, false, false, 0, 10)).get(0).id();
        assertThat(me.web().post("/leads/" + second.id() + "/notes/" + noteId + "/pin", Map.of("pinned", "true"), true).statusCode())
                .isEqualTo(404);
        assertThat(me.web().post("/leads/" + foreign.id() + "/notes", Map.of("kind", "note", "text", "x"), true).statusCode())
                .isEqualTo(404);
        String pinned = me.web().post("/leads/" + deal.id() + "/notes/" + noteId + "/pin", Map.of("pinned", "true"), true).body();
        assertThat(pinned).contains("class=\"pinned\"").contains("Моя заметка");
        assertThat(notes.note(account.accountId(), DealManagement.ENTITY, noteId).orElseThrow().pinned()).isTrue();
    }

    @Test
    void theBoardsTaskFiltersCountOnlyWhatTheyShow() {
        var account = newAccount();
        Login me = signIn(account, true);
        Pipeline main = pipelines.mainPipeline(account.accountId());
        Deal none = deal(account, "Без задачи", null);
        Deal late = deal(account, "Просроченная", null);
        Deal soon = deal(account, "С задачей", null);
        task(account, late.id(), "Давно", Instant.now().minus(Duration.ofDays(3)), me.userId());
        task(account, soon.id(), "Скоро", Instant.now().plus(Duration.ofDays(3)), me.userId());
        String stage = main.id() + "-" + none.statusId();
        String all = me.web().get("/leads/pipeline/" + main.id()).body();
        assertThat(all).contains("Без задачи").contains("Просроченная").contains("С задачей");
        assertThat(totalOf(all, stage)).contains("Сделок: 3");
        String overdue = me.web().get("/leads/pipeline/" + main.id() + "?tasks=overdue").body();
        assertThat(overdue).contains("Просроченная").doesNotContain("Без задачи").doesNotContain(">С задачей<");
        assertThat(totalOf(overdue, stage)).contains("Сделок: 1");
        String noTasks = me.web().get("/leads/pipeline/" + main.id() + "?tasks=none").body();
        assertThat(noTasks).contains("Без задачи").doesNotContain("Просроченная").doesNotContain(">С задачей<");
        assertThat(totalOf(noTasks, stage)).contains("Сделок: 1");
        assertThat(me.web().get("/leads/pipeline/" + main.id() + "?tasks=nonsense").body()).contains("Просроченная").contains("Без задачи");
        String more = me.web().get("/leads/pipeline/" + main.id() + "/stages/" + none.statusId() + "/cards?tasks=overdue").body();
        assertThat(more).contains("Просроченная").doesNotContain("Без задачи");
    }

    private static String totalOf(String page, String stage) {
        int at = page.indexOf("id=\"total-" + stage + "\"");
        return page.substring(at, page.indexOf("</div>", at));
    }

    @Test
    void tagSuggestionsAndSettingsAreTheAccountsOwn() {
        var account = newAccount();
        var other = newAccount();
        deal(other, "Чужая", List.of(new TagRef(null, "секретный тег", "0")));
        Deal withTags = deal(account, "С тегами", List.of(new TagRef(null, EVIL, "0"), new TagRef(null, "опт", "1")));
        Deal deal = deal(account, "Без тегов", List.of(new TagRef(null, "опт", "0")));
        Login me = signIn(account, true);
        String suggest = me.web().get("/leads/" + deal.id() + "/tags/suggest?name=").body();
        assertThat(suggest).contains(ESCAPED).doesNotContain("<img src=x").doesNotContain("секретный").doesNotContain(">опт<");
        String create = me.web().get("/leads/" + deal.id() + "/tags/suggest?name=" + java.net.URLEncoder.encode("нов", java.nio.charset.StandardCharsets.UTF_8)).body();
        assertThat(create).contains("Создать тег «нов»");
        String comma = me.web().post("/leads/" + deal.id() + "/tags/add", Map.of("name", "a,b"), true).body();
        assertThat(comma).contains("В названии тега не может быть запятой.");

        String settings = me.web().get("/settings/tags").body();
        assertThat(settings).contains(ESCAPED).doesNotContain("<img src=x").doesNotContain("секретный");
        long opt = tags.list(account.accountId(), DealManagement.ENTITY, List.of(), "опт", null, 0, 1).get(0).id();
        long evil = tags.list(account.accountId(), DealManagement.ENTITY, List.of(), EVIL, null, 0, 1).get(0).id();
        assertThat(settings).containsPattern("id=\"tag-" + opt + "\"(?s).*?class=\"num tag-uses\">2<");
        String taken = me.web().post("/settings/tags/" + evil + "/rename", Map.of("name", "ОПТ"), true).body();
        assertThat(taken).contains("Такое значение уже есть.");
        me.web().post("/settings/tags/" + evil + "/rename", Map.of("name", "Важно"), true);
        String badColor = me.web().post("/settings/tags/" + opt + "/color", Map.of("color", "123456"), true).body();
        assertThat(badColor).contains("Такого варианта нет.");
        me.web().post("/settings/tags/" + opt + "/color", Map.of("color", "ffce5a"), true);
        assertThat(tags.list(account.accountId(), DealManagement.ENTITY, List.of(opt), null, null, 0, 1).get(0).color()).isEqualTo("FFCE5A");
        long secret = tags.list(other.accountId(), DealManagement.ENTITY, List.of(), "секретный тег", null, 0, 1).get(0).id();
        assertThat(me.web().post("/settings/tags/" + secret + "/delete", Map.of(), true).statusCode()).isEqualTo(404);
        me.web().post("/settings/tags/" + opt + "/delete", Map.of(), true);
        var left = tags.tagsOf(account.accountId(), DealManagement.ENTITY, List.of(withTags.id(), deal.id()));
        assertThat(left.get(withTags.id())).extracting(t -> t.name()).containsExactly("Важно");
        assertThat(left.get(deal.id())).isNull();

        Login manager = signIn(account, false);
        String refused = manager.web().post("/settings/tags/" + evil + "/delete", Map.of(), true).body();
        assertThat(refused).contains("Это может сделать только администратор.");
        assertThat(tags.list(account.accountId(), DealManagement.ENTITY, List.of(evil), null, null, 0, 1)).hasSize(1);
    }

    @Test
    void theTrashShowsOnlyTheAccountsDeletedDealsAndRestoresThem() {
        var account = newAccount();
        var other = newAccount();
        Login me = signIn(account, true);
        Deal mine = deal(account, EVIL, null);
        Deal kept = deal(account, "Живая", null);
        Deal foreign = deal(other, "Чужая удалённая", null);
        tx.execute(s -> {
            trash.delete(other.admin(), List.of(foreign.id()), Source.API);
            return null;
        });
        assertThat(me.web().post("/leads/" + foreign.id() + "/delete", Map.of(), true).statusCode()).isEqualTo(404);
        HttpResponse<String> deleted = me.web().post("/leads/" + mine.id() + "/delete", Map.of(), true);
        assertThat(deleted.body()).contains("Сделка удалена");
        assertThat(me.web().get("/leads/" + mine.id()).statusCode()).isEqualTo(404);
        String page = me.web().get("/leads/trash").body();
        assertThat(page).contains(ESCAPED).doesNotContain("<img src=x").doesNotContain("Чужая удалённая").contains("Менеджер");
        HttpResponse<String> restoreLive = me.web().post("/leads/trash/restore", Map.of("ids", Long.toString(kept.id())), true);
        assertThat(restoreLive.statusCode()).isEqualTo(422);
        assertThat(me.web().post("/leads/trash/restore", Map.of("ids", Long.toString(foreign.id())), true).statusCode()).isEqualTo(422);
        assertThat(deals.deal(other.accountId(), foreign.id())).isEmpty();
        assertThat(me.web().post("/leads/trash/restore", Map.of(), true).statusCode()).isEqualTo(422);
        HttpResponse<String> restored = me.web().post("/leads/trash/restore", Map.of("ids", Long.toString(mine.id())), true);
        assertThat(restored.body()).contains("Восстановлено сделок: 1");
        assertThat(deals.deal(account.accountId(), mine.id())).isPresent();
    }

    @Test
    void theTimelineTellsALossReasonChange() {
        var account = newAccount();
        var api = account.api();
        JsonNode reasons = api.get("/api/v4/leads/loss_reasons").json().at("/_embedded/loss_reasons");
        long pipeline = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/id").asLong();
        long deal = api.post("/api/v4/leads", List.of(Map.of("name", "Отказ", "pipeline_id", pipeline, "status_id", 143,
                "loss_reason_id", reasons.at("/0/id").asLong()))).json().at("/_embedded/leads/0/id").asLong();
        assertThat(api.patch("/api/v4/leads/" + deal, Map.of("loss_reason_id", reasons.at("/1/id").asLong())).status()).isEqualTo(200);
        Login me = signIn(account, false);
        assertThat(me.web().get("/leads/" + deal).body()).contains("Причина отказа изменена: " + reasons.at("/0/name").asString()
                + " → " + reasons.at("/1/name").asString());
    }

    @Test
    void mergingNeedsTwoOrMoreOfTheAccountsDeals() {
        var account = newAccount();
        var other = newAccount();
        Login me = signIn(account, true);
        Deal a = deal(account, "Первая", null);
        Deal b = deal(account, EVIL, null);
        Deal foreign = deal(other, "Чужая", null);
        assertThat(me.web().get("/leads/merge?ids=" + a.id()).statusCode()).isEqualTo(422);
        assertThat(me.web().get("/leads/merge?ids=" + a.id() + "&ids=" + foreign.id()).statusCode()).isEqualTo(404);
        String page = me.web().get("/leads/merge?ids=" + b.id() + "&ids=" + a.id()).body();
        assertThat(page).contains(ESCAPED).doesNotContain("<img src=x");
        assertThat(page.indexOf("id=\"survivor-" + a.id() + "\" checked")).isPositive();
        String sa = Long.toString(a.id());
        String sb = Long.toString(b.id());
        HttpResponse<String> outsider = me.web().post("/leads/merge", Map.of("ids", sa, "survivor", sa, "name", sa, "price", sa,
                "stage", sa, "responsible", Long.toString(foreign.id())), true);
        assertThat(outsider.statusCode()).isEqualTo(422);
        // a custom field's choice must name one of the merged deals too
        HttpResponse<String> foreignField = me.web().post("/leads/merge?ids=" + sa + "&ids=" + sb, Map.of("survivor", sa, "name", sa,
                "price", sa, "stage", sa, "responsible", sa, "cf-1", Long.toString(foreign.id())), true);
        assertThat(foreignField.statusCode()).isEqualTo(422);
        assertThat(deals.deal(account.accountId(), b.id())).isPresent();
        HttpResponse<String> merged = me.web().post("/leads/merge?ids=" + sa + "&ids=" + sb, Map.of("survivor", sa, "name", sb,
                "price", sa, "stage", sa, "responsible", sa), true);
        assertThat(merged.statusCode()).isEqualTo(302);
        assertThat(merged.headers().firstValue("Location").orElseThrow()).endsWith("/leads/" + a.id());
        assertThat(deals.deal(account.accountId(), a.id()).orElseThrow().name()).isEqualTo(EVIL);
        assertThat(deals.deal(account.accountId(), b.id())).isEmpty();
        assertThat(me.web().get("/leads/" + a.id()).body()).contains("id=\"undo-merge\"");
    }

    @Test
    void aDealOfAClientWithAnotherOpenDealHintsAtAPossibleDuplicateWithAMergeLink() {
        var account = newAccount();
        var api = account.api();
        Login me = signIn(account, false);
        long first = contact(api, "Ольга", "+7 912 300-40-50", "WORK");
        // the same client entered again, her phone written another way
        long again = contact(api, "Ольга Н.", "8 (912) 3004050", "MOB");
        long stranger = api.post("/api/v4/contacts", List.of(Map.of("name", "Пётр"))).json().at("/_embedded/contacts/0/id").asLong();
        long open = lead(api, "Кухня — Ольга", first);
        long repeat = lead(api, "Кухня (повтор)", again);
        long unrelated = lead(api, "Шкаф", stranger);

        String card = me.web().get("/leads/" + repeat).body();
        assertThat(card).contains("id=\"deal-duplicates\"").contains("Возможный дубль:").contains("Кухня — Ольга")
                .contains("/leads/merge?ids=" + repeat + "&amp;ids=" + open);
        assertThat(me.web().get("/leads/" + open).body()).contains("/leads/merge?ids=" + open + "&amp;ids=" + repeat);
        assertThat(me.web().get("/leads/" + unrelated).body()).doesNotContain("id=\"deal-duplicates\"");
        // a closed deal is no duplicate of an open one
        JsonNode p = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        assertThat(api.patch("/api/v4/leads/" + open, Map.of("status_id", 142, "pipeline_id", p.get("id").asLong())).status()).isEqualTo(200);
        assertThat(me.web().get("/leads/" + repeat).body()).doesNotContain("id=\"deal-duplicates\"");
    }

    @Test
    void theCardFindsAnyOtherDealToMergeWithByNameOrPhone() {
        var account = newAccount();
        var api = account.api();
        Login me = signIn(account, false);
        long client = contact(api, "Вера", "+7 913 555-66-77", "WORK");
        long mine = deal(account, "Ремонт офиса", null).id();
        long other = deal(account, "Ремонт офиса, второй этаж", null).id();
        long byPhone = lead(api, "Заказ Веры", client);
        assertThat(me.web().get("/leads/" + mine).body()).contains("id=\"deal-merge-find\"").contains("Объединить с другой сделкой");

        String found = me.web().get("/leads/" + mine + "/merge-candidates?q=" + java.net.URLEncoder.encode("Ремонт офиса",
                java.nio.charset.StandardCharsets.UTF_8), "HX-Request", "true").body();
        assertThat(found).contains("Ремонт офиса, второй этаж").contains("/leads/merge?ids=" + mine + "&amp;ids=" + other)
                .doesNotContain("ids=" + mine + "&amp;ids=" + mine);
        assertThat(me.web().get("/leads/" + mine + "/merge-candidates?q=89135556677", "HX-Request", "true").body())
                .contains("Заказ Веры").contains("ids=" + byPhone);
        assertThat(me.web().get("/leads/" + mine + "/merge-candidates?q=" + java.net.URLEncoder.encode("Нет такой",
                java.nio.charset.StandardCharsets.UTF_8), "HX-Request", "true").body()).contains("Сделок не найдено");
        // the link opens the comparison of the two deals
        assertThat(me.web().get("/leads/merge?ids=" + mine + "&ids=" + other).body()).contains("Ремонт офиса, второй этаж");
    }

    private static long contact(org.voronka.support.ApiClient api, String name, String phone, String type) {
        return api.post("/api/v4/contacts", List.of(Map.of("name", name, "custom_fields_values", List.of(Map.of("field_code", "PHONE",
                "values", List.of(Map.of("value", phone, "enum_code", type))))))).json().at("/_embedded/contacts/0/id").asLong();
    }

    private static long lead(org.voronka.support.ApiClient api, String name, long contact) {
        return api.post("/api/v4/leads", List.of(Map.of("name", name, "_embedded", Map.of("contacts", List.of(Map.of("id", contact))))))
                .json().at("/_embedded/leads/0/id").asLong();
    }
}
