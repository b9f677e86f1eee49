package org.voronka.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealQuery;
import org.voronka.deal.StageTotal;
import org.voronka.deal.TaskCondition;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.Stage;

/** Reads the board: columns with their totals (one aggregate query) and pages of cards (keyset by id). */
@Component
class Board {

    static final int PAGE = 20;

    record Column(Stage stage, long count, BigDecimal budget, List<CardView> cards, Long nextAfter) {}

    record Total(long pipelineId, long statusId, long count, BigDecimal budget) {}

    record Page(List<CardView> cards, Long nextAfter) {}

    private final DealManagement deals;
    private final Cards cards;

    Board(DealManagement deals, Cards cards) {
        this.deals = deals;
        this.cards = cards;
    }

    List<Column> columns(long accountId, Pipeline pipeline, boolean closed, TaskCondition tasks) {
        Map<Long, StageTotal> totals = deals.stageTotals(accountId, pipeline.id(), tasks);
        List<Column> columns = new ArrayList<>();
        for (Stage s : pipeline.stages()) {
            if (s.isClosed() && !closed) {
                continue;
            }
            StageTotal t = totals.get(s.id());
            Page page = page(accountId, pipeline.id(), s.id(), null, tasks);
            columns.add(new Column(s, t == null ? 0 : t.count(), t == null ? BigDecimal.ZERO : t.budget(), page.cards(), page.nextAfter()));
        }
        return columns;
    }

    List<Total> totals(long accountId, Pipeline pipeline, TaskCondition tasks) {
        Map<Long, StageTotal> totals = deals.stageTotals(accountId, pipeline.id(), tasks);
        return pipeline.stages().stream().map(s -> {
            StageTotal t = totals.get(s.id());
            return new Total(pipeline.id(), s.id(), t == null ? 0 : t.count(), t == null ? BigDecimal.ZERO : t.budget());
        }).toList();
    }

    /** Newest deals of a stage first; the next page starts after the last id shown. */
    Page page(long accountId, long pipelineId, long statusId, Long after, TaskCondition tasks) {
        DealQuery all = DealQuery.all(PAGE);
        DealQuery q = new DealQuery(all.ids(), all.names(), null, null, List.of(new DealQuery.StageRef(pipelineId, statusId)),
                all.pipelineIds(), all.createdBy(), all.updatedBy(), all.responsibleUserIds(), null, null, null, null, null,
                List.of(), DealQuery.Tags.NONE, false, false, new DealQuery.Order(DealQuery.Field.ID, true), 0, PAGE, after == null ? null : new DealQuery.Cursor(after, after));
        List<Deal> found = deals.list(accountId, q, tasks);
        boolean more = found.size() > PAGE;
        List<Deal> shown = more ? found.subList(0, PAGE) : found;
        return new Page(cards.of(accountId, shown), more ? shown.get(shown.size() - 1).id() : null);
    }
}
