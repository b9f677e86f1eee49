package org.voronka.deal.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.voronka.deal.StageTotal;

/**
 * The board's stage counters (ADR 0021): deals and budget per stage read as the folded totals plus
 * the deltas the database's triggers added since, so counting a column costs the same for 100 deals
 * and for 100,000. The deltas are folded in by a background job that runs on one node at a time.
 */
@Component
public class StageCounters {

    private static final int FOLD_BATCH = 5_000;

    private final JdbcClient jdbc;

    StageCounters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Deals and budget of the pipeline's stages among {@code statusIds} (all when empty); stages without deals are left out. */
    public List<StageTotal> totals(long accountId, long pipelineId, Collection<Long> statusIds) {
        String stages = statusIds.isEmpty() ? "" : " and status_id in (:s)";
        var spec = jdbc.sql("select status_id, sum(deals), sum(budget) from ("
                        + "select status_id, deals, budget from deal_stage_totals where account_id = :a and pipeline_id = :p" + stages
                        + " union all select status_id, deals, budget from deal_stage_deltas where account_id = :a and pipeline_id = :p" + stages
                        + ") t group by status_id having sum(deals) > 0")
                .param("a", accountId).param("p", pipelineId);
        if (!statusIds.isEmpty()) {
            spec = spec.param("s", statusIds);
        }
        return spec.query((rs, n) -> new StageTotal(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3))).list();
    }

    private record Delta(long id, long accountId, long pipelineId, long statusId, long deals, BigDecimal budget) {}

    private record Key(long accountId, long pipelineId, long statusId) {}

    /**
     * Folds up to a batch of deltas into the totals in one transaction; the number folded. Only the
     * rows read (and locked) are deleted, so a delta committed meanwhile waits for the next fold.
     */
    public int fold() {
        List<Delta> deltas = jdbc.sql("select id, account_id, pipeline_id, status_id, deals, budget from deal_stage_deltas "
                        + "order by id fetch first " + FOLD_BATCH + " rows only for update")
                .query((rs, n) -> new Delta(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getBigDecimal(6))).list();
        if (deltas.isEmpty()) {
            return 0;
        }
        Map<Key, Delta> sums = new LinkedHashMap<>();
        for (Delta d : deltas) {
            sums.merge(new Key(d.accountId(), d.pipelineId(), d.statusId()), d, (a, b) -> new Delta(0, a.accountId(), a.pipelineId(),
                    a.statusId(), a.deals() + b.deals(), a.budget().add(b.budget())));
        }
        for (Delta s : sums.values()) {
            jdbc.sql("merge into deal_stage_totals t using (select cast(:a as bigint) a, cast(:p as bigint) p, cast(:s as bigint) s, "
                            + "cast(:d as bigint) d, cast(:b as numeric(24, 2)) b) x on t.account_id = x.a and t.pipeline_id = x.p and t.status_id = x.s "
                            + "when matched then update set deals = t.deals + x.d, budget = t.budget + x.b "
                            + "when not matched then insert (account_id, pipeline_id, status_id, deals, budget) values (x.a, x.p, x.s, x.d, x.b)")
                    .param("a", s.accountId()).param("p", s.pipelineId()).param("s", s.statusId()).param("d", s.deals())
                    .param("b", s.budget()).update();
        }
        List<Long> ids = new ArrayList<>(deltas.stream().map(Delta::id).toList());
        for (int i = 0; i < ids.size(); i += 1_000) {
            jdbc.sql("delete from deal_stage_deltas where id in (:ids)").param("ids", ids.subList(i, Math.min(ids.size(), i + 1_000))).update();
        }
        return deltas.size();
    }

    /** Folds the deltas every few seconds, on one node at a time. */
    @Configuration(proxyBeanMethods = false)
    static class FoldJob {

        @Bean
        RecurringTask<Void> foldStageCounters(StageCounters counters, TransactionTemplate tx,
                                              @Value("${voronka.board.fold-seconds:15}") int seconds) {
            return Tasks.recurring("fold-stage-counters", FixedDelay.of(Duration.ofSeconds(seconds)))
                    .execute((instance, context) -> {
                        Integer folded;
                        do {
                            folded = tx.execute(s -> counters.fold());
                        } while (folded != null && folded == FOLD_BATCH);
                    });
        }
    }
}
