package org.voronka.deal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.Source;
import org.voronka.shared.ValidationException;
import org.voronka.support.ApiTest;

/**
 * Property-style: after any sequence of moves, deletes, restores, merges and undos, every deal's
 * current stage is where its last transition went, each transition starts where the previous one
 * ended, and there is exactly one status event per recorded move.
 */
class HistoryInvariantTests extends ApiTest {

    @Autowired
    DealManagement deals;

    @Autowired
    DealTrash trash;

    @Autowired
    DealMerge merge;

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    JdbcClient jdbc;

    @Test
    void historyStaysConsistentUnderRandomOperations() {
        for (long seed : new long[] {1, 2, 3}) {
            run(seed);
        }
    }

    private void run(long seed) {
        var account = newAccount();
        Actor actor = account.admin();
        Random random = new Random(seed);
        List<Stage> stages = new ArrayList<>();
        pipelines.pipelines(account.accountId()).forEach(p -> stages.addAll(p.stages()));
        Pipeline main = pipelines.mainPipeline(account.accountId());
        List<Long> ids = new ArrayList<>();
        List<Long> mergeIds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(deals.create(actor, List.of(new NewDeal("0", "D" + i, null, main.id(), null, null, null, null, null, null, null,
                    null, null, null)), Source.API).get(0).id());
        }
        for (int step = 0; step < 60; step++) {
            long id = ids.get(random.nextInt(ids.size()));
            int op = random.nextInt(10);
            try {
                if (op < 5) {
                    Stage to = stages.get(random.nextInt(stages.size()));
                    deals.update(actor, DealUpdate.move(id, to.pipelineId(), to.id(), null), Source.API);
                } else if (op == 5) {
                    trash.delete(actor, List.of(id), Source.API);
                } else if (op == 6) {
                    trash.restore(actor, List.of(id), Source.API);
                } else if (op == 7 || op == 8) {
                    long other = ids.get(random.nextInt(ids.size()));
                    mergeIds.add(merge.merge(actor, new MergeRequest(id, List.of(other), null, null, null, null, null, null),
                            Source.API).mergeId());
                } else if (!mergeIds.isEmpty()) {
                    merge.undo(actor, mergeIds.remove(mergeIds.size() - 1), Source.API);
                }
            } catch (ValidationException | RuleViolationException | NotFoundException refused) {
                // refused operations (on a deleted deal, an undo that is not the latest) change nothing
            }
        }
        for (long id : ids) {
            long[] current = jdbc.sql("select pipeline_id, status_id from deals where account_id = ? and id = ?")
                    .params(account.accountId(), id).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
            List<StageTransition> h = deals.history(account.accountId(), id);
            assertThat(h).as("deal %d has a history", id).isNotEmpty();
            assertThat(h.get(0).fromStatusId()).isNull();
            for (int i = 1; i < h.size(); i++) {
                assertThat(h.get(i).fromPipelineId()).as("seed %d deal %d transition %d", seed, id, i).isEqualTo(h.get(i - 1).toPipelineId());
                assertThat(h.get(i).fromStatusId()).as("seed %d deal %d transition %d", seed, id, i).isEqualTo(h.get(i - 1).toStatusId());
            }
            StageTransition last = h.get(h.size() - 1);
            assertThat(new long[] {last.toPipelineId(), last.toStatusId()}).as("seed %d deal %d ends where it is", seed, id)
                    .isEqualTo(current);
            assertThat(h.stream().map(StageTransition::id).distinct().count()).isEqualTo(h.size());
            long events = jdbc.sql("select count(*) from events where account_id = ? and entity_type = 'lead' and entity_id = ? "
                    + "and type = 'lead_status_changed'").params(account.accountId(), id).query(Long.class).single();
            assertThat(events).as("one status event per move of deal %d", id).isEqualTo(h.size() - 1);
        }
    }
}
