package org.voronka.deal.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.util.Collection;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.voronka.deal.StageTotal;
import org.voronka.shared.DeltaFold;

/**
 * The board's stage counters (ADR 0021): deals and budget per stage read as the folded totals plus
 * the deltas the database's triggers added since, so counting a column costs the same for 100 deals
 * and for 100,000. The deltas are folded in by a background job that runs on one node at a time.
 */
@Component
public class StageCounters {

    private static final DeltaFold FOLD = new DeltaFold("deal_stage_totals", "deal_stage_deltas",
            List.of("account_id", "pipeline_id", "status_id"), List.of("deals", "budget"));

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    StageCounters(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
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

    /**
     * Folds up to a batch of deltas into the totals in one transaction; the number folded. Only the
     * rows read (and locked) are deleted, so a delta committed meanwhile waits for the next fold.
     */
    public int fold() {
        return FOLD.fold(template);
    }

    /** Folds the deltas every few seconds, on one node at a time. */
    @Configuration(proxyBeanMethods = false)
    static class FoldJob {

        @Bean
        RecurringTask<Void> foldStageCounters(StageCounters counters, TransactionTemplate tx,
                                              @Value("${voronka.board.fold-seconds:15}") int seconds) {
            return DeltaFold.job("fold-stage-counters", seconds, tx, counters::fold);
        }
    }
}
