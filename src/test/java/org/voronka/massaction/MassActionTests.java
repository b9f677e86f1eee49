package org.voronka.massaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealQuery;
import org.voronka.deal.DealTrash;
import org.voronka.deal.StageTransition;
import org.voronka.pipeline.Stage;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.Source;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import org.voronka.tag.TagRef;
import org.voronka.task.TaskManagement;
import org.voronka.timeline.Timeline;
import tools.jackson.databind.JsonNode;

/** Mass actions as durable jobs: every action, the frozen selection, resume after a death, two workers, cancel, undo. */
class MassActionTests extends ApiTest {

    @Autowired
    MassActions massActions;

    @Autowired
    MassActionRunner runner;

    @Autowired
    DealManagement deals;

    @Autowired
    DealTrash trash;

    @Autowired
    TaskManagement tasks;

    @Autowired
    Timeline timeline;

    @Test
    void movesEveryDealMatchingTheFilterToAStageOfAnotherPipelineWithHistory() {
        var account = newAccount();
        ApiClient api = account.api();
        long[] other = otherPipeline(api);
        List<Long> tagged = create(api, 5, "batch");
        List<Long> untouched = create(api, 2, null);
        long tag = tagged(account.accountId(), tagged.get(0));

        MassAction run = massActions.start(account.admin(), Target.filter(byTag(tag), "tag"), ActionSpec.stage(other[0], other[1]));
        assertThat(run.total()).isEqualTo(5);
        MassAction over = await(account, run.id());

        assertThat(over.state()).isEqualTo(MassAction.State.FINISHED);
        assertThat(over.done()).isEqualTo(5);
        assertThat(over.failed()).isZero();
        for (long id : tagged) {
            Deal d = deal(account.accountId(), id);
            assertThat(d.pipelineId()).isEqualTo(other[0]);
            assertThat(d.statusId()).isEqualTo(other[1]);
            StageTransition last = last(account.accountId(), id);
            assertThat(last.source()).isEqualTo(Source.MASS_ACTION.code());
            assertThat(last.toPipelineId()).isEqualTo(other[0]);
            assertThat(timeline.ofEntity(account.accountId(), "lead", id, 100)).anyMatch(e -> e.type().equals("lead_status_changed"));
        }
        for (long id : untouched) {
            assertThat(deal(account.accountId(), id).pipelineId()).isNotEqualTo(other[0]);
        }
    }

    @Test
    void theCheckedDealsOnlyOrAllMatchingTheFilter() {
        var account = newAccount();
        ApiClient api = account.api();
        List<Long> tagged = create(api, 4, "pick");
        long tag = tagged(account.accountId(), tagged.get(0));
        long user = tx.execute(s -> accounts.createUser(account.admin(), "Второй", "second-" + account.accountId() + "@test.local",
                "pw-secret-2", "ru", false, 0)).id();

        MassAction page = massActions.start(account.admin(), Target.ids(tagged.subList(0, 2)), ActionSpec.responsible(user));
        await(account, page.id());
        assertThat(tagged.stream().filter(id -> deal(account.accountId(), id).responsibleUserId() == user).toList())
                .containsExactlyElementsOf(tagged.subList(0, 2));

        assertThat(massActions.preview(account.admin(), Target.filter(byTag(tag), "tag"), ActionSpec.responsible(user))).isEqualTo(4);
        MassAction all = massActions.start(account.admin(), Target.filter(byTag(tag), "tag"), ActionSpec.responsible(user));
        assertThat(await(account, all.id()).done()).isEqualTo(4);
        assertThat(tagged).allMatch(id -> deal(account.accountId(), id).responsibleUserId() == user);
    }

    @Test
    void tagsWonLostTaskAndDeleteChangeEachDeal() {
        var account = newAccount();
        ApiClient api = account.api();
        List<Long> ids = create(api, 3, "base");
        var actor = account.admin();
        long reason = api.post("/api/v4/leads/loss_reasons", List.of(Map.of("name", "Дорого"))).json()
                .at("/_embedded/loss_reasons/0/id").asLong();

        await(account, massActions.start(actor, Target.ids(ids), ActionSpec.tags(true, List.of(new TagRef(null, "new", "t")))).id());
        assertThat(ids).allMatch(id -> tagNames(api, id).containsAll(List.of("base", "new")));
        await(account, massActions.start(actor, Target.ids(ids), ActionSpec.tags(false, List.of(new TagRef(null, "base", "t")))).id());
        assertThat(ids).allMatch(id -> tagNames(api, id).equals(List.of("new")));
        assertThatThrownBy(() -> massActions.start(actor, Target.ids(ids), ActionSpec.tags(false, List.of(new TagRef(null, "nope", "t")))))
                .isInstanceOf(org.voronka.shared.ValidationException.class);

        await(account, massActions.start(actor, Target.ids(ids.subList(0, 1)), ActionSpec.won()).id());
        assertThat(deal(account.accountId(), ids.get(0)).statusId()).isEqualTo(Stage.WON);
        assertThat(deal(account.accountId(), ids.get(0)).closedAt()).isNotNull();
        await(account, massActions.start(actor, Target.ids(ids.subList(1, 2)), ActionSpec.lost(reason)).id());
        assertThat(deal(account.accountId(), ids.get(1)).statusId()).isEqualTo(Stage.LOST);
        assertThat(deal(account.accountId(), ids.get(1)).lossReasonId()).isEqualTo(reason);

        Instant deadline = Instant.now().plusSeconds(86400);
        MassAction task = await(account, massActions.start(actor, Target.ids(ids), ActionSpec.task(null, "Позвонить", deadline, null)).id());
        assertThat(task.done()).isEqualTo(3);
        assertThat(task.undoable()).isFalse();
        for (long id : ids) {
            assertThat(api.get("/api/v4/tasks?filter[entity_type]=leads&filter[entity_id]=" + id).json().at("/_embedded/tasks/0/text")
                    .asString()).isEqualTo("Позвонить");
        }

        await(account, massActions.start(actor, Target.ids(ids.subList(2, 3)), ActionSpec.delete()).id());
        assertThat(deals.deal(account.accountId(), ids.get(2))).isEmpty();
    }

    @Test
    void aRunInterruptedMidwayResumesWithoutApplyingAnythingTwice() {
        var account = newAccount();
        ApiClient api = account.api();
        long[] other = otherPipeline(api);
        List<Long> ids = create(api, 7, null);
        MassAction run = massActions.prepare(account.admin(), Target.ids(ids), ActionSpec.stage(other[0], other[1]));

        assertThat(runner.chunk(account.accountId(), run.id(), 3)).isTrue();
        // the worker dies in the middle of the next chunk: its transaction never commits
        tx.execute(s -> {
            runner.chunk(account.accountId(), run.id(), 3);
            s.setRollbackOnly();
            return null;
        });
        MassAction half = massActions.get(account.admin(), run.id());
        assertThat(half.done()).isEqualTo(3);
        assertThat(half.state()).isEqualTo(MassAction.State.RUNNING);
        assertThat(ids.stream().filter(id -> deal(account.accountId(), id).pipelineId() == other[0]).count()).isEqualTo(3);

        runner.run(account.accountId() + "-" + run.id(), () -> false);

        MassAction over = massActions.get(account.admin(), run.id());
        assertThat(over.state()).isEqualTo(MassAction.State.FINISHED);
        assertThat(over.done()).isEqualTo(7);
        for (long id : ids) {
            assertThat(massMoves(account.accountId(), id)).isEqualTo(1);
        }
    }

    @Test
    void twoWorkersOnOneRunChangeEachDealOnce() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        long[] other = otherPipeline(api);
        List<Long> ids = create(api, 12, null);
        MassAction run = massActions.prepare(account.admin(), Target.ids(ids), ActionSpec.stage(other[0], other[1]));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                workers.add(pool.submit(() -> {
                    boolean more = true;
                    while (more) {
                        try {
                            more = runner.chunk(account.accountId(), run.id(), 2);
                        } catch (RuntimeException e) {
                            more = true; // a lock wait timed out: the job would be retried, and so is this worker
                        }
                    }
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(massActions.get(account.admin(), run.id()).done()).isEqualTo(12);
        for (long id : ids) {
            assertThat(massMoves(account.accountId(), id)).isEqualTo(1);
        }
    }

    @Test
    void aDealDeletedMeanwhileFailsWithTheReasonAndTheRestProceeds() {
        var account = newAccount();
        List<Long> ids = create(account.api(), 3, null);
        MassAction run = massActions.prepare(account.admin(), Target.ids(ids), ActionSpec.won());
        trash.delete(account.admin(), List.of(ids.get(1)), Source.API);

        runner.run(account.accountId() + "-" + run.id(), () -> false);

        MassAction over = massActions.get(account.admin(), run.id());
        assertThat(over.done()).isEqualTo(2);
        assertThat(over.failed()).isEqualTo(1);
        List<Failure> failures = massActions.failures(account.admin(), run.id(), 10);
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).dealId()).isEqualTo(ids.get(1));
        assertThat(failures.get(0).reason()).contains("deleted");
        assertThat(deal(account.accountId(), ids.get(0)).statusId()).isEqualTo(Stage.WON);
    }

    @Test
    void cancelStopsAfterTheCurrentChunk() {
        var account = newAccount();
        List<Long> ids = create(account.api(), 5, null);
        MassAction run = massActions.prepare(account.admin(), Target.ids(ids), ActionSpec.won());
        runner.chunk(account.accountId(), run.id(), 2);
        assertThat(massActions.cancel(account.admin(), run.id())).isTrue();
        assertThat(runner.chunk(account.accountId(), run.id(), 2)).isFalse();

        MassAction over = massActions.get(account.admin(), run.id());
        assertThat(over.state()).isEqualTo(MassAction.State.CANCELLED);
        assertThat(over.done()).isEqualTo(2);
        assertThat(ids.stream().filter(id -> deal(account.accountId(), id).statusId() == Stage.WON).count()).isEqualTo(2);
        assertThat(massActions.cancel(account.admin(), run.id())).isFalse();
    }

    @Test
    void aChunkTooBigForOneStatementMovesEveryDealWithItsHistoryAndUndoesThem() {
        var account = newAccount();
        ApiClient api = account.api();
        long[] other = otherPipeline(api);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.addAll(create(api, 240, null));
        }
        Deal first = deal(account.accountId(), ids.get(0));
        MassAction run = massActions.prepare(account.admin(), Target.ids(ids), ActionSpec.stage(other[0], other[1]));

        // 2,400 deals in one chunk: more rows than one statement takes, so the chunk's writes are split
        assertThat(runner.chunk(account.accountId(), run.id(), ids.size())).isTrue();
        assertThat(runner.chunk(account.accountId(), run.id(), ids.size())).isFalse();
        assertThat(massActions.get(account.admin(), run.id()).done()).isEqualTo(ids.size());
        assertThat(count("select count(*) from deals where account_id = ? and pipeline_id = ? and status_id = ?", account.accountId(),
                other[0], other[1])).isEqualTo(ids.size());
        assertThat(count("select count(distinct deal_id) from stage_transitions where account_id = ? and source = 'mass_action' "
                + "and to_status_id = ?", account.accountId(), other[1])).isEqualTo(ids.size());
        assertThat(count("select count(distinct entity_id) from events where account_id = ? and type = 'lead_status_changed'",
                account.accountId())).isEqualTo(ids.size());

        // the undo runs as the background job does, in chunks of the configured size
        MassAction undo = await(account, massActions.undo(account.admin(), run.id()).id());
        assertThat(undo.done()).isEqualTo(ids.size());
        assertThat(count("select count(*) from deals where account_id = ? and pipeline_id = ? and status_id = ?", account.accountId(),
                first.pipelineId(), first.statusId())).isEqualTo(ids.size());
        assertThat(count("select count(*) from mass_action_items where account_id = ? and action_id = ? and state = 1 "
                + "and changed_at is not null", account.accountId(), run.id())).isEqualTo(ids.size());
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    @Test
    void undoRevertsTheDealsNobodyChangedAndListsTheOthers() {
        var account = newAccount();
        ApiClient api = account.api();
        long[] other = otherPipeline(api);
        List<Long> ids = create(api, 4, "keep");
        List<Deal> before = ids.stream().map(id -> deal(account.accountId(), id)).toList();
        MassAction run = await(account, massActions.start(account.admin(), Target.ids(ids), ActionSpec.stage(other[0], other[1])).id());
        assertThat(run.undoable()).isTrue();
        Response renamed = api.patch("/api/v4/leads/" + ids.get(1), Map.of("name", "Changed by hand"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

        MassAction undo = await(account, massActions.undo(account.admin(), run.id()).id());

        assertThat(undo.undoOf()).isEqualTo(run.id());
        assertThat(undo.done()).isEqualTo(3);
        assertThat(undo.failed()).isEqualTo(1);
        assertThat(massActions.failures(account.admin(), undo.id(), 10)).extracting(Failure::dealId).containsExactly(ids.get(1));
        for (int i = 0; i < ids.size(); i++) {
            Deal now = deal(account.accountId(), ids.get(i));
            if (i == 1) {
                assertThat(now.pipelineId()).isEqualTo(other[0]);
            } else {
                assertThat(now.pipelineId()).isEqualTo(before.get(i).pipelineId());
                assertThat(now.statusId()).isEqualTo(before.get(i).statusId());
                assertThat(last(account.accountId(), ids.get(i)).source()).isEqualTo(Source.MASS_ACTION.code());
            }
        }
        assertThat(massActions.get(account.admin(), run.id()).undoneBy()).isEqualTo(undo.id());
        assertThatThrownBy(() -> massActions.undo(account.admin(), run.id())).isInstanceOf(RuleViolationException.class);
        assertThatThrownBy(() -> massActions.undo(account.admin(), undo.id())).isInstanceOf(RuleViolationException.class);
    }

    @Test
    void undoPutsBackTagsResponsibleUsersAndDeletedDeals() {
        var account = newAccount();
        ApiClient api = account.api();
        List<Long> ids = create(api, 2, "old");
        var actor = account.admin();
        long user = tx.execute(s -> accounts.createUser(actor, "Третий", "third-" + account.accountId() + "@test.local",
                "pw-secret-3", "ru", false, 0)).id();

        MassAction added = await(account, massActions.start(actor, Target.ids(ids), ActionSpec.tags(true,
                List.of(new TagRef(null, "old", "t"), new TagRef(null, "extra", "t")))).id());
        await(account, massActions.undo(actor, added.id()).id());
        assertThat(ids).allMatch(id -> tagNames(api, id).equals(List.of("old")));

        MassAction reassigned = await(account, massActions.start(actor, Target.ids(ids), ActionSpec.responsible(user)).id());
        await(account, massActions.undo(actor, reassigned.id()).id());
        assertThat(ids).allMatch(id -> deal(account.accountId(), id).responsibleUserId() == account.adminId());

        MassAction deleted = await(account, massActions.start(actor, Target.ids(ids), ActionSpec.delete()).id());
        assertThat(deals.deal(account.accountId(), ids.get(0))).isEmpty();
        MassAction undo = await(account, massActions.undo(actor, deleted.id()).id());
        assertThat(undo.done()).isEqualTo(2);
        assertThat(ids).allMatch(id -> deals.deal(account.accountId(), id).isPresent());
    }

    // ---- helpers ----

    private MassAction await(TestAccount account, long id) {
        long until = System.currentTimeMillis() + 120_000;
        while (true) {
            MassAction run = massActions.get(account.admin(), id);
            if (run.over()) {
                return run;
            }
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("mass action " + id + " did not finish: " + run);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static List<Long> create(ApiClient api, int n, String tag) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(tag == null ? Map.of("name", "Deal " + i) : Map.of("name", "Deal " + i, "tags_to_add", List.of(Map.of("name", tag))));
        }
        Response r = api.post("/api/v4/leads", items);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        r.json().at("/_embedded/leads").forEach(l -> ids.add(l.get("id").asLong()));
        return ids;
    }

    /** A second pipeline and its first stage. */
    private static long[] otherPipeline(ApiClient api) {
        Response r = api.post("/api/v4/leads/pipelines", List.of(Map.of("name", "Опт", "sort", 20, "is_main", false,
                "is_unsorted_on", false, "_embedded", Map.of("statuses", List.of(Map.of("name", "Заявка", "sort", 10))))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode p = r.json().at("/_embedded/pipelines/0");
        return new long[] {p.get("id").asLong(), p.at("/_embedded/statuses/0/id").asLong()};
    }

    @Autowired
    org.voronka.tag.TagManagement tags;

    private long tagged(long accountId, long dealId) {
        return tags.tagsOf(accountId, DealManagement.ENTITY, List.of(dealId)).get(dealId).get(0).id();
    }

    private static DealQuery byTag(long tagId) {
        DealQuery a = DealQuery.all(1);
        return new DealQuery(List.of(), List.of(), null, null, List.of(), List.of(), List.of(), List.of(), List.of(), null, null, null, null,
                null, List.of(), new DealQuery.Tags(List.of(tagId), List.of(), List.of()), false, false, a.order(), 0, 1, null);
    }

    private Deal deal(long accountId, long id) {
        return deals.deal(accountId, id).orElseThrow();
    }

    private StageTransition last(long accountId, long id) {
        List<StageTransition> h = deals.history(accountId, id);
        return h.get(h.size() - 1);
    }

    private long massMoves(long accountId, long id) {
        return deals.history(accountId, id).stream().filter(t -> t.source().equals(Source.MASS_ACTION.code())).count();
    }

    private static List<String> tagNames(ApiClient api, long id) {
        List<String> names = new ArrayList<>();
        api.get("/api/v4/leads/" + id).json().at("/_embedded/tags").forEach(t -> names.add(t.get("name").asString()));
        return names.stream().sorted().toList();
    }
}
