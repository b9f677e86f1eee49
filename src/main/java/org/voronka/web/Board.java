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
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.Stage;

/**
 * Reads the board: columns with their totals (one aggregate query) and pages of cards (keyset by
 * id), all narrowed by the filter the list view uses ({@link ListFilter}, as a {@link DealQuery}).
 */
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

    List<Column> columns(long accountId, Pipeline pipeline, boolean closed, DealQuery filter) {
        Map<Long, StageTotal> totals = deals.stageTotals(accountId, pipeline.id(), filter, shownStages(pipeline, closed));
        List<Stage> shown = pipeline.stages().stream().filter(s -> closed || !s.isClosed()).toList();
        List<Deals> pages = new ArrayList<>();
        List<Deal> all = new ArrayList<>();
        for (Stage s : shown) {
            // an empty column needs no query for its cards
            Deals page = totals.containsKey(s.id()) ? deals(accountId, pipeline.id(), s.id(), null, filter) : new Deals(List.of(), null);
            pages.add(page);
            all.addAll(page.deals());
        }
        // the cards of every column in one go: their contacts, companies, tags and users in a few queries, not a few per column
        List<CardView> views = cards.of(accountId, all);
        List<Column> columns = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < shown.size(); i++) {
            Stage s = shown.get(i);
            StageTotal t = totals.get(s.id());
            int to = from + pages.get(i).deals().size();
            columns.add(new Column(s, t == null ? 0 : t.count(), t == null ? BigDecimal.ZERO : t.budget(), views.subList(from, to),
                    pages.get(i).nextAfter()));
            from = to;
        }
        return columns;
    }

    /** Totals of the columns the board shows: the open stages, and Won and Lost when it shows closed deals. */
    List<Total> totals(long accountId, Pipeline pipeline, DealQuery filter, boolean closed) {
        Map<Long, StageTotal> totals = deals.stageTotals(accountId, pipeline.id(), filter, shownStages(pipeline, closed));
        return pipeline.stages().stream().filter(s -> closed || !s.isClosed()).map(s -> {
            StageTotal t = totals.get(s.id());
            return new Total(pipeline.id(), s.id(), t == null ? 0 : t.count(), t == null ? BigDecimal.ZERO : t.budget());
        }).toList();
    }

    private static List<Long> shownStages(Pipeline pipeline, boolean closed) {
        return pipeline.stages().stream().filter(s -> closed || !s.isClosed()).map(Stage::id).toList();
    }

    /** Newest deals of a stage matching the filter first; the next page starts after the last id shown. */
    Page page(long accountId, long pipelineId, long statusId, Long after, DealQuery filter) {
        Deals page = deals(accountId, pipelineId, statusId, after, filter);
        return new Page(cards.of(accountId, page.deals()), page.nextAfter());
    }

    /** A page of a column's deals, before they become cards. */
    private record Deals(List<Deal> deals, Long nextAfter) {}

    private Deals deals(long accountId, long pipelineId, long statusId, Long after, DealQuery filter) {
        DealQuery.StageRef stage = new DealQuery.StageRef(pipelineId, statusId);
        if (!filter.stages().isEmpty() && !filter.stages().contains(stage)) {
            return new Deals(List.of(), null); // the filter leaves this stage out
        }
        DealQuery q = filter.withStages(List.of(stage)).page(new DealQuery.Order(DealQuery.Field.ID, true), 0, PAGE,
                after == null ? null : new DealQuery.Cursor(after, after));
        List<Deal> found = deals.list(accountId, q);
        boolean more = found.size() > PAGE;
        List<Deal> shown = more ? found.subList(0, PAGE) : found;
        return new Deals(shown, more ? shown.get(shown.size() - 1).id() : null);
    }

    /** Those of the deals (by id) that this board shows under the filter, in one query. */
    List<Deal> shown(long accountId, Pipeline pipeline, boolean closed, List<Long> ids, DealQuery filter) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return deals.list(accountId, filter.withIds(ids).page(new DealQuery.Order(DealQuery.Field.ID, false), 0, ids.size(), null))
                .stream().limit(ids.size())
                .filter(d -> d.pipelineId() == pipeline.id() && (closed || !pipeline.stage(d.statusId()).map(Stage::isClosed).orElse(true)))
                .toList();
    }
}
