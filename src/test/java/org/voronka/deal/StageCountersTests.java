package org.voronka.deal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.voronka.deal.internal.StageCounters;
import org.voronka.pipeline.NewPipeline;
import org.voronka.pipeline.NewStage;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Actor;
import org.voronka.shared.Source;
import org.voronka.support.ApiTest;

/**
 * The board's stage counters (deals and budget per stage, kept by the database's triggers and
 * folded by a job) always equal a count of the deals themselves: after creates, moves across
 * pipelines, budget changes, deletes, restores, merges, undos and a deleted stage, before and after
 * folding, and while several writers and a folder run at once.
 */
class StageCountersTests extends ApiTest {

    @Autowired
    DealManagement deals;

    @Autowired
    DealTrash trash;

    @Autowired
    DealMerge merge;

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    StageCounters counters;

    @Autowired
    JdbcClient jdbc;

    @Test
    void countersEqualTheDealsAfterEveryKindOfChange() {
        var account = newAccount();
        Actor actor = account.admin();
        Pipeline second = pipelines.createPipelines(actor, List.of(new NewPipeline("0", "Вторая", 100, false, false, List.of(
                new NewStage("0", null, "Первый", 10, null), new NewStage("1", null, "Второй", 20, null),
                new NewStage("2", null, "Третий", 30, null))))).get(0);
        List<Stage> stages = new ArrayList<>();
        pipelines.pipelines(account.accountId()).forEach(p -> stages.addAll(p.stages()));
        Random random = new Random(7);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Stage s = stages.get(random.nextInt(stages.size()));
            ids.add(deals.create(actor, List.of(new NewDeal("0", "D" + i, BigDecimal.valueOf(1000 + i), s.pipelineId(), s.id(), null,
                    null, null, null, null, null, null, null, null)), Source.API).get(0).id());
        }
        List<Long> merges = new ArrayList<>();
        for (int step = 0; step < 80; step++) {
            long id = ids.get(random.nextInt(ids.size()));
            int op = random.nextInt(12);
            try {
                if (op < 5) {
                    Stage to = stages.get(random.nextInt(stages.size()));
                    deals.update(actor, DealUpdate.move(id, to.pipelineId(), to.id(), null), Source.API);
                } else if (op < 7) {
                    deals.update(actor, new DealUpdate("0", id, null, BigDecimal.valueOf(random.nextInt(100_000), 2), null, null, null, null,
                            false, null, null, null, null, null), Source.API);
                } else if (op == 7) {
                    trash.delete(actor, List.of(id), Source.API);
                } else if (op == 8) {
                    trash.restore(actor, List.of(id), Source.API);
                } else if (op == 9) {
                    long other = ids.get(random.nextInt(ids.size()));
                    merges.add(merge.merge(actor, new MergeRequest(id, List.of(other), null, null, null, null, null, null), Source.API).mergeId());
                } else if (op == 10 && !merges.isEmpty()) {
                    merge.undo(actor, merges.remove(merges.size() - 1), Source.API);
                } else if (op == 11) {
                    tx.executeWithoutResult(s -> counters.fold());
                }
            } catch (RuntimeException refused) {
                // deleted, merged away or the same deal: refused as the API would refuse it
            }
            if (step % 20 == 0) {
                assertCountersMatch(account.accountId());
            }
        }
        // a deleted stage moves its deals to the first working stage
        Stage doomed = second.stages().stream().filter(s -> !s.isClosed()).skip(1).findFirst().orElseThrow();
        deals.create(actor, List.of(new NewDeal("0", "В удаляемом этапе", BigDecimal.TEN, second.id(), doomed.id(), null, null, null,
                null, null, null, null, null, null)), Source.API);
        pipelines.deleteStage(actor, second.id(), doomed.id());
        assertCountersMatch(account.accountId());
        tx.executeWithoutResult(s -> counters.fold());
        assertThat(jdbc.sql("select count(*) from deal_stage_deltas where account_id = ?").param(account.accountId()).query(Long.class)
                .single()).isZero();
        assertCountersMatch(account.accountId());
    }

    @Test
    void countersStayExactWhileDealsMoveAndTheDeltasAreFolded() throws Exception {
        var account = newAccount();
        Actor actor = account.admin();
        Pipeline main = pipelines.mainPipeline(account.accountId());
        List<Stage> open = main.stages().stream().filter(s -> !s.isClosed()).toList();
        List<Long> ids = deals.create(actor, java.util.stream.IntStream.range(0, 40).mapToObj(i -> new NewDeal("0", "P" + i,
                BigDecimal.valueOf(i * 10), main.id(), null, null, null, null, null, null, null, null, null, null)).toList(), Source.API)
                .stream().map(Deal::id).toList();
        AtomicBoolean moving = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int seed = w;
                writers.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 60; i++) {
                        Stage to = open.get(random.nextInt(open.size()));
                        deals.update(actor, DealUpdate.move(ids.get(random.nextInt(ids.size())), main.id(), to.id(), null), Source.API);
                    }
                    return null;
                }));
            }
            Future<?> folder = pool.submit(() -> {
                while (moving.get()) {
                    tx.executeWithoutResult(s -> counters.fold());
                }
                return null;
            });
            for (Future<?> f : writers) {
                f.get();
            }
            moving.set(false);
            folder.get();
        } finally {
            pool.shutdownNow();
        }
        assertCountersMatch(account.accountId());
        tx.executeWithoutResult(s -> counters.fold());
        assertCountersMatch(account.accountId());
    }

    private void assertCountersMatch(long accountId) {
        for (Pipeline p : pipelines.pipelines(accountId)) {
            Map<Long, String> counted = new TreeMap<>();
            deals.stageTotals(accountId, p.id(), DealQuery.all(1)).values()
                    .forEach(t -> counted.put(t.statusId(), t.count() + " / " + t.budget().stripTrailingZeros().toPlainString()));
            Map<Long, String> actual = new TreeMap<>();
            jdbc.sql("select status_id, count(*), sum(price) from deals where account_id = ? and pipeline_id = ? and not is_deleted "
                            + "group by status_id").params(accountId, p.id())
                    .query((rs, n) -> actual.put(rs.getLong(1), rs.getLong(2) + " / " + rs.getBigDecimal(3).stripTrailingZeros().toPlainString()))
                    .list();
            assertThat(counted).as("pipeline %s", p.name()).isEqualTo(actual);
        }
    }
}
