package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealQuery;
import org.voronka.deal.DealQuery.Field;
import org.voronka.deal.SavedFilters;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.analytics.SalesAnalytics;
import org.voronka.shared.Actor;

/** The list view of deals: filters (URL parameters, presets, saved filters), the matching count, sortable columns, keyset paging ("show more"), row selection and mass actions. */
@Controller
class DealListController {

    static final int PAGE = 50;
    static final Map<String, Field> SORTS = Map.of("name", Field.NAME, "price", Field.PRICE, "stage", Field.STATUS,
            "pipeline", Field.PIPELINE, "responsible", Field.RESPONSIBLE, "created", Field.CREATED_AT, "closed", Field.CLOSED_AT);
    /** Where open deals sort among closing times (the SQL orders a missing closed_at as this instant). */
    static final long NEVER_CLOSED = Instant.parse("9999-12-31T00:00:00Z").toEpochMilli();

    private final DealManagement deals;
    private final Cards cards;
    private final PipelineManagement pipelines;
    private final SavedFilters savedFilters;
    private final SalesAnalytics analytics;
    private final FilterPanel filterPanel;

    DealListController(DealManagement deals, Cards cards, PipelineManagement pipelines, SavedFilters savedFilters,
                       SalesAnalytics analytics, FilterPanel filterPanel) {
        this.filterPanel = filterPanel;
        this.deals = deals;
        this.cards = cards;
        this.pipelines = pipelines;
        this.savedFilters = savedFilters;
        this.analytics = analytics;
    }

    @GetMapping("/leads/list")
    String list(Actor actor, @RequestParam(defaultValue = "created") String sort, @RequestParam(defaultValue = "desc") String dir,
                @RequestParam(required = false) Long av, @RequestParam(required = false) String at,
                @RequestParam(required = false) Long ai, HttpServletRequest request, Model model) {
        ReportScope scope = ReportScope.of(request, filterPanel.zone(actor));
        if (scope != null) {
            return fromReport(actor, scope, ai, request, model);
        }
        String key = SORTS.containsKey(sort) ? sort : "created";
        boolean desc = !"asc".equals(dir);
        Field field = SORTS.get(key);
        if (at != null && at.isEmpty() && field != Field.NAME) {
            at = null; // the link leaves the text of a numeric key empty
        }
        boolean byStage = field == Field.STATUS || field == Field.PIPELINE;
        DealQuery.Cursor after = byStage || ai == null || !validCursorText(field, at) ? null
                : new DealQuery.Cursor(av == null ? 0 : av, ai, at);
        ListFilter filter = ListFilter.of(request.getParameterMap());
        List<Pipeline> all = pipelines.pipelines(actor.accountId());
        DealQuery query = filterPanel.query(actor, filter, all, new DealQuery.Order(field, desc), PAGE, after);
        List<Deal> found = byStage ? byStageOrder(actor, desc, av, at, ai, query) : deals.list(actor.accountId(), query);
        boolean more = found.size() > PAGE;
        List<Deal> shown = more ? found.subList(0, PAGE) : found;
        String filterQuery = filter.queryString();
        Deal last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
        model.addAttribute("rows", cards.of(actor.accountId(), shown));
        model.addAttribute("sort", key);
        model.addAttribute("dir", desc ? "desc" : "asc");
        model.addAttribute("filter", filter);
        model.addAttribute("filterQuery", filterQuery);
        model.addAttribute("listBase", filterQuery.isEmpty() ? "/leads/list" : "/leads/list?" + filterQuery);
        model.addAttribute("next", !more ? null : byStage ? new Next(last.statusId(), Long.toString(last.pipelineId()), last.id())
                : cursor(last, field));
        model.addAttribute("section", "leads");
        if (Htmx.targets(request, "list-more")) {
            return "list/list :: rows";
        }
        model.addAttribute("count", deals.count(actor.accountId(), query));
        panels(actor, all, model);
        return "list/list";
    }

    private void panels(Actor actor, List<Pipeline> all, Model model) {
        filterPanel.fill(actor, all, "/leads/list", model);
    }

    /** Saves the current filter under a name, for the user or (shared) for everyone in the account. */
    @PostMapping("/leads/list/filters")
    String saveFilter(Actor actor, @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String query,
                      @RequestParam(defaultValue = "false") boolean shared, @RequestParam(required = false) String view) {
        String normalised = ListFilter.of(ListFilter.parameters(query)).queryString();
        savedFilters.save(actor, name, normalised, shared);
        return "redirect:" + view(view) + (normalised.isEmpty() ? "" : "?" + normalised);
    }

    @PostMapping("/leads/list/filters/{id}/delete")
    String deleteFilter(Actor actor, @PathVariable long id, @RequestParam(required = false) String view) {
        savedFilters.delete(actor, id);
        return "redirect:" + view(view);
    }

    /** Where a filter form came from: the list, or a pipeline's board. */
    private static String view(String view) {
        return view != null && view.matches("/leads/pipeline/\\d{1,18}") ? view : "/leads/list";
    }

    /**
     * Sorting by stage or pipeline follows their order on the board: pipelines in their order, and
     * within each its stages in order, newest deals last (first when descending). The page walks
     * the stages one after another (those the filter allows), each read by the stage index with the
     * filter's other conditions, until the page is full; the cursor names the stage (pipeline and
     * status) and the last deal id shown.
     */
    private List<Deal> byStageOrder(Actor actor, boolean desc, Long av, String at, Long ai, DealQuery filtered) {
        List<DealQuery.StageRef> order = new ArrayList<>();
        for (Pipeline p : cards.pipelinesById(actor.accountId()).values()) {
            p.stages().forEach(s -> order.add(new DealQuery.StageRef(p.id(), s.id())));
        }
        order.removeIf(s -> !filtered.stages().isEmpty() && !filtered.stages().contains(s));
        if (desc) {
            Collections.reverse(order);
        }
        int start = 0;
        Long afterId = null;
        if (ai != null && av != null && at != null && at.matches("\\d{1,18}")) {
            int at0 = order.indexOf(new DealQuery.StageRef(Long.parseLong(at), av));
            if (at0 >= 0) {
                start = at0;
                afterId = ai;
            }
        }
        List<Deal> found = new ArrayList<>();
        for (int i = start; i < order.size() && found.size() <= PAGE; i++) {
            int need = PAGE + 1 - found.size();
            DealQuery.Cursor after = i == start && afterId != null ? new DealQuery.Cursor(afterId, afterId) : null;
            // every condition of the filter (its fields, contacts and company too) with this one stage
            DealQuery stage = filtered.withStages(List.of(order.get(i))).page(new DealQuery.Order(Field.ID, desc), 0, need, after);
            List<Deal> rows = deals.list(actor.accountId(), stage);
            found.addAll(rows.size() > need ? rows.subList(0, need) : rows);
        }
        return found;
    }

    /** The deals of an analytics drill-down, by id, a page at a time. */
    /**
     * The deals behind a number of an analytics report, page by page. Mass actions apply to the
     * checked rows only here: the count is the page, so "all by filter" (which would mean every
     * deal) is never offered.
     */
    private String fromReport(Actor actor, ReportScope scope, Long after, HttpServletRequest request, Model model) {
        List<Long> ids = scope.ids(analytics, actor.accountId(), after == null ? 0 : after, PAGE + 1);
        boolean more = ids.size() > PAGE;
        List<Long> page = more ? ids.subList(0, PAGE) : ids;
        List<Deal> shown = page.isEmpty() ? List.of() : deals.list(actor.accountId(), DealQuery.ofIds(page));
        ListFilter none = ListFilter.of(java.util.Map.of());
        model.addAttribute("rows", cards.of(actor.accountId(), shown));
        model.addAttribute("sort", "created");
        model.addAttribute("dir", "desc");
        model.addAttribute("filter", none);
        model.addAttribute("filterQuery", "");
        model.addAttribute("listBase", "/leads/list");
        model.addAttribute("scopeQuery", scope.query());
        model.addAttribute("next", more ? new Next(0, null, page.get(page.size() - 1)) : null);
        model.addAttribute("section", "leads");
        if (Htmx.targets(request, "list-more")) {
            return "list/list :: rows";
        }
        model.addAttribute("count", (long) shown.size());
        panels(actor, pipelines.pipelines(actor.accountId()), model);
        return "list/list";
    }

    record Next(long av, String at, long ai) {}

    /** A cursor only comes from a page this controller rendered; a tampered one starts from the top. */
    static boolean validCursorText(Field field, String text) {
        if (text == null) {
            return true;
        }
        try {
            switch (field) {
                case CREATED_AT, UPDATED_AT, CLOSED_AT -> Instant.parse(text);
                case PRICE -> new java.math.BigDecimal(text);
                default -> { }
            }
            return text.length() <= 255;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static Next cursor(Deal last, Field field) {
        return switch (field) {
            case NAME -> new Next(0, last.name(), last.id());
            case PRICE -> new Next(0, last.price().toPlainString(), last.id());
            case CLOSED_AT -> last.closedAt() == null ? new Next(NEVER_CLOSED, null, last.id())
                    : new Next(0, last.closedAt().toString(), last.id());
            case CREATED_AT -> new Next(0, last.createdAt().toString(), last.id());
            case UPDATED_AT -> new Next(0, last.updatedAt().toString(), last.id());
            case PIPELINE -> new Next(last.pipelineId(), null, last.id());
            case STATUS -> new Next(last.statusId(), null, last.id());
            case RESPONSIBLE -> new Next(last.responsibleUserId(), null, last.id());
            case ID -> new Next(last.id(), null, last.id());
        };
    }
}
