package org.voronka.deal.internal;

import java.util.List;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealUpdate;
import org.voronka.pipeline.StageOccupancy;
import org.voronka.shared.Actor;
import org.voronka.shared.Source;

/** Answers the pipeline module's questions about deals. */
@Component
class DealStageOccupancy implements StageOccupancy {

    private static final int CHUNK = 500;

    private final DealRepository deals;
    private final DealManagement management;

    DealStageOccupancy(DealRepository deals, @Lazy DealManagement management) {
        this.deals = deals;
        this.management = management;
    }

    @Override
    public long countDeals(long accountId, long pipelineId, Long statusId) {
        return deals.count(accountId, pipelineId, statusId);
    }

    /** Moves deals through the normal update path so that each gets its history record and event. */
    @Override
    public int relocate(Actor actor, long pipelineId, long fromStatusId, long toStatusId) {
        List<Long> ids = deals.idsInStage(actor.accountId(), pipelineId, fromStatusId);
        for (int i = 0; i < ids.size(); i += CHUNK) {
            List<DealUpdate> moves = ids.subList(i, Math.min(ids.size(), i + CHUNK)).stream()
                    .map(id -> DealUpdate.move(id, pipelineId, toStatusId, null)).toList();
            management.update(actor, moves, Source.UI);
        }
        return ids.size();
    }
}
