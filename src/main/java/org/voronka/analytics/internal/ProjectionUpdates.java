package org.voronka.analytics.internal;

import java.util.ArrayList;
import java.util.List;
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

    @EventListener
    void on(DealsChanged event) {
        List<Long> ids = new ArrayList<>();
        for (DealsChanged.Change c : event.changes()) {
            // names, links and fields are not in the projection; merges come as EntitiesMerged
            if (c instanceof DealsChanged.Created || c instanceof DealsChanged.StageChanged
                    || c instanceof DealsChanged.ResponsibleChanged || c instanceof DealsChanged.PriceChanged
                    || c instanceof DealsChanged.Deleted || c instanceof DealsChanged.Restored || c instanceof DealsChanged.LossReasonChanged) {
                ids.add(c.dealId());
            }
        }
        if (!ids.isEmpty()) {
            projection.refresh(event.accountId(), ids);
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
