package org.voronka.analytics.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.voronka.deal.DealHistoryImported;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealsChanged;
import org.voronka.deal.StageTransition;
import org.voronka.pipeline.StagesReordered;
import org.voronka.shared.EntitiesMerged;

/**
 * Updates the analytics projection in the transaction of every change the reports depend on: a
 * deal's move, creation, delete, restore, merge (and its undo), budget or responsible change, an
 * import, and a new stage order. One batch of statements per event, whatever its size.
 */
@Component
class ProjectionUpdates {

    private final Projection projection;

    ProjectionUpdates(Projection projection) {
        this.projection = projection;
    }

    /**
     * A move within a pipeline and a new budget, responsible user or loss reason are applied to the rows as they
     * are (the common case, and all of a mass change); anything else, or a deal moved more than
     * once in one change, is written again from its history.
     */
    @EventListener
    void on(DealsChanged event) {
        Set<Long> refreshed = new HashSet<>();
        Map<Long, Integer> moves = new HashMap<>();
        Set<Long> valued = new HashSet<>();
        for (DealsChanged.Change c : event.changes()) {
            // names, links and fields are not in the projection; merges come as EntitiesMerged
            if (c instanceof DealsChanged.StageChanged m) {
                moves.merge(m.dealId(), 1, Integer::sum);
                if (m.fromPipelineId() != m.toPipelineId()) {
                    refreshed.add(m.dealId());
                }
            } else if (c instanceof DealsChanged.ResponsibleChanged || c instanceof DealsChanged.PriceChanged
                    || c instanceof DealsChanged.LossReasonChanged) {
                valued.add(c.dealId());
            } else if (c instanceof DealsChanged.Created || c instanceof DealsChanged.Deleted
                    || c instanceof DealsChanged.Restored) {
                refreshed.add(c.dealId());
            }
        }
        moves.forEach((deal, count) -> {
            if (count > 1) {
                refreshed.add(deal);
            }
        });
        List<Long> moved = moves.keySet().stream().filter(id -> !refreshed.contains(id)).toList();
        valued.removeAll(refreshed);
        if (!moved.isEmpty() || !valued.isEmpty()) {
            refreshed.addAll(projection.apply(event.accountId(), moved, valued));
        }
        if (!refreshed.isEmpty()) {
            projection.refresh(event.accountId(), refreshed);
        }
    }

    @EventListener
    void on(DealHistoryImported event) {
        projection.refresh(event.accountId(), event.transitions().stream().map(StageTransition::dealId).toList());
    }

    /** A merge or its undo: the survivor gets its own values back and the merged deals their history. */
    @EventListener
    void on(EntitiesMerged event) {
        if (!DealManagement.ENTITY.equals(event.entityType())) {
            return;
        }
        List<Long> ids = new ArrayList<>(event.mergedIds());
        ids.add(event.survivorId());
        projection.refresh(event.accountId(), ids);
    }

    @EventListener
    void on(StagesReordered event) {
        projection.reordered(event.accountId(), event.pipelineId());
    }
}
