package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealQuery;
import org.voronka.deal.DealQuery.Field;
import org.voronka.analytics.SalesAnalytics;
import org.voronka.shared.Actor;

/** The list view of deals: sortable columns, keyset paging ("show more"), row selection. */
@Controller
class DealListController {

    static final int PAGE = 50;
    static final Map<String, Field> SORTS = Map.of("name", Field.NAME, "price", Field.PRICE, "stage", Field.STATUS,
            "pipeline", Field.PIPELINE, "responsible", Field.RESPONSIBLE, "created", Field.CREATED_AT, "closed", Field.CLOSED_AT);
    /** Where open deals sort among closing times (the SQL orders a missing closed_at as this instant). */
    static final long NEVER_CLOSED = Instant.parse("9999-12-31T00:00:00Z").toEpochMilli();

    private final DealManagement deals;
    private final Cards cards;
    private final SalesAnalytics analytics;

    DealListController(DealManagement deals, Cards cards, SalesAnalytics analytics) {
        this.deals = deals;
        this.cards = cards;
        this.analytics = analytics;
    }

    @GetMapping("/leads/list")
    String list(Actor actor, @RequestParam(defaultValue = "created") String sort, @RequestParam(defaultValue = "desc") String dir,
                @RequestParam(required = false) Long av, @RequestParam(required = false) String at,
                @RequestParam(required = false) Long ai, @RequestParam(required = false) String q,
                HttpServletRequest request, Model model) {
        ReportScope scope = ReportScope.of(request);
        if (scope != null) {
            return fromReport(actor, scope, ai, request, model);
        }
        String key = SORTS.containsKey(sort) ? sort : "created";
        boolean desc = !"asc".equals(dir);
        Field field = SORTS.get(key);
        DealQuery all = DealQuery.all(PAGE);
        if (at != null && at.isEmpty() && field != Field.NAME) {
            at = null; // the link leaves the text of a numeric key empty
        }
        DealQuery.Cursor after = ai == null || !validCursorText(field, at) ? null : new DealQuery.Cursor(av == null ? 0 : av, ai, at);
        DealQuery query = new DealQuery(all.ids(), all.names(), null, null, all.stages(), all.pipelineIds(), all.createdBy(),
                all.updatedBy(), all.responsibleUserIds(), null, null, null, null, q, false, new DealQuery.Order(field, desc),
                0, PAGE, after);
        List<Deal> found = deals.list(actor.accountId(), query);
        boolean more = found.size() > PAGE;
        List<Deal> shown = more ? found.subList(0, PAGE) : found;
        model.addAttribute("rows", cards.of(actor.accountId(), shown));
        model.addAttribute("sort", key);
        model.addAttribute("dir", desc ? "desc" : "asc");
        model.addAttribute("q", q);
        model.addAttribute("next", more ? cursor(shown.get(shown.size() - 1), field) : null);
        model.addAttribute("section", "leads");
        return Htmx.targets(request, "list-more") ? "list/list :: rows" : "list/list";
    }

    /** The deals of an analytics drill-down, by id, a page at a time. */
    private String fromReport(Actor actor, ReportScope scope, Long after, HttpServletRequest request, Model model) {
        List<Long> ids = scope.ids(analytics, actor.accountId(), after == null ? 0 : after, PAGE + 1);
        boolean more = ids.size() > PAGE;
        List<Long> page = more ? ids.subList(0, PAGE) : ids;
        DealQuery all = DealQuery.all(PAGE);
        List<Deal> shown = page.isEmpty() ? List.of() : deals.list(actor.accountId(), new DealQuery(page, all.names(), null, null,
                all.stages(), all.pipelineIds(), all.createdBy(), all.updatedBy(), all.responsibleUserIds(), null, null, null, null, null,
                false, new DealQuery.Order(Field.ID, false), 0, PAGE, null));
        model.addAttribute("rows", cards.of(actor.accountId(), shown));
        model.addAttribute("sort", "created");
        model.addAttribute("dir", "desc");
        model.addAttribute("scopeQuery", scope.query());
        model.addAttribute("next", more ? new Next(0, null, page.get(page.size() - 1)) : null);
        model.addAttribute("section", "leads");
        return Htmx.targets(request, "list-more") ? "list/list :: rows" : "list/list";
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
