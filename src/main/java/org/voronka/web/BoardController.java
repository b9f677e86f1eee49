package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.account.AccountManagement;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealQuery;
import org.voronka.deal.DealUpdate;
import org.voronka.deal.MoveResult;
import org.voronka.deal.NewDeal;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.Source;
import org.voronka.shared.ValidationException;

/**
 * The deals board (Сделки → Воронка): columns, more cards on scroll, drag and drop of one card or
 * of a selection, quick add, live sync. The board is narrowed by the list view's filter
 * ({@link ListFilter}, the same URL parameters), so a filtered board is an address too; column
 * counts and sums, further pages, syncs and the totals after a move all follow it.
 */
@Controller
class BoardController {

    /** Cards moved by one drop at most. */
    static final int MAX_MOVED = 500;

    private final PipelineManagement pipelines;
    private final DealManagement deals;
    private final AccountManagement accounts;
    private final Board board;
    private final Cards cards;
    private final CardFields fields;
    private final FilterPanel filterPanel;
    private final MessageSource messages;

    BoardController(PipelineManagement pipelines, DealManagement deals, AccountManagement accounts, Board board, Cards cards,
                    CardFields fields, FilterPanel filterPanel, MessageSource messages) {
        this.pipelines = pipelines;
        this.deals = deals;
        this.accounts = accounts;
        this.board = board;
        this.cards = cards;
        this.fields = fields;
        this.filterPanel = filterPanel;
        this.messages = messages;
    }

    @GetMapping("/leads")
    String leads(Actor actor) {
        return "redirect:/leads/pipeline/" + pipelines.mainPipeline(actor.accountId()).id();
    }

    @GetMapping("/leads/pipeline/{id}")
    String board(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "false") boolean showClosed,
                 HttpServletRequest request, Model model) {
        Pipeline pipeline = pipeline(actor, id);
        List<Pipeline> all = pipelines.pipelines(actor.accountId());
        ListFilter filter = ListFilter.of(request.getParameterMap());
        DealQuery query = query(actor, filter, all);
        String base = "/leads/pipeline/" + id;
        String filterQuery = filter.queryString();
        filterPanel.fillBar(actor, all, base, model);
        model.addAttribute("filter", filter);
        model.addAttribute("filterQuery", filterQuery);
        model.addAttribute("filterPairs", filter.pairs().stream().filter(p -> !"q".equals(p.getKey())).toList());
        model.addAttribute("panelUrl", url(base + "/filter-panel", filterQuery, showClosed));
        model.addAttribute("tasks", filter.tasks());
        model.addAttribute("panelClosed", true); // the "filter is on" line says it; the board keeps its height
        model.addAttribute("taskLinks", taskLinks(base, filter, showClosed));
        model.addAttribute("boardUrl", url(base, filterQuery, showClosed));
        model.addAttribute("pipeline", pipeline);
        List<Board.Column> columns = board.columns(actor.accountId(), pipeline, showClosed, query);
        model.addAttribute("columns", columns);
        model.addAttribute("stageFilters", columns.stream().collect(Collectors.toMap(c -> c.stage().id(),
                c -> filter.inStage(id, c.stage().id()).queryString())));
        model.addAttribute("closed", showClosed);
        model.addAttribute("askLossReason", accounts.account(actor.accountId()).lossReasonEnabled());
        model.addAttribute("wonName", pipeline.stage(Stage.WON).map(Stage::name).orElse(""));
        model.addAttribute("lostName", pipeline.stage(Stage.LOST).map(Stage::name).orElse(""));
        model.addAttribute("section", "leads");
        return "board/board";
    }

    /** The board's filter panel with its choices, when it is first opened. */
    @GetMapping("/leads/pipeline/{id}/filter-panel")
    String filterPanel(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "false") boolean showClosed,
                       HttpServletRequest request, Model model) {
        pipeline(actor, id);
        ListFilter filter = ListFilter.of(request.getParameterMap());
        filterPanel.fill(actor, pipelines.pipelines(actor.accountId()), "/leads/pipeline/" + id, model);
        model.addAttribute("filter", filter);
        model.addAttribute("filterQuery", filter.queryString());
        model.addAttribute("closed", showClosed);
        model.addAttribute("panelOpen", true);
        return "filter :: panel";
    }

    @GetMapping("/leads/pipeline/{id}/stages/{statusId}/cards")
    String more(Actor actor, @PathVariable long id, @PathVariable long statusId, @RequestParam(required = false) Long after,
                HttpServletRequest request, Model model) {
        pipeline(actor, id);
        ListFilter filter = ListFilter.of(request.getParameterMap());
        Board.Page page = board.page(actor.accountId(), id, statusId, after, query(actor, filter, pipelines.pipelines(actor.accountId())));
        model.addAttribute("filterQuery", filter.queryString());
        model.addAttribute("cards", page.cards());
        model.addAttribute("nextAfter", page.nextAfter());
        model.addAttribute("pipelineId", id);
        model.addAttribute("statusId", statusId);
        return "board/cards :: page";
    }

    @PostMapping("/leads/pipeline/{id}/quick-add")
    String quickAdd(Actor actor, @PathVariable long id, @RequestParam long statusId, @RequestParam(required = false) String name,
                    HttpServletRequest request, Model model, HttpServletResponse response) {
        Pipeline pipeline = pipeline(actor, id);
        DealQuery query = query(actor, ListFilter.of(request.getParameterMap()), pipelines.pipelines(actor.accountId()));
        String trimmed = name == null || name.isBlank() ? null : name.trim();
        if (trimmed != null && trimmed.length() > 255) {
            trimmed = trimmed.substring(0, 255);
        }
        var created = deals.create(actor, List.of(new NewDeal("0", trimmed, null, id, statusId, null, null, null, null, null,
                null, null, null, null)), Source.UI);
        response.setHeader("HX-Trigger", "{\"deals-created\":\"" + created.get(0).id() + "\"}");
        // a board filtered to, say, overdue tasks does not show the new deal
        model.addAttribute("cards", cards.of(actor.accountId(),
                board.shown(actor.accountId(), pipeline, true, List.of(created.get(0).id()), query)));
        model.addAttribute("totals", board.totals(actor.accountId(), pipeline, query, showClosed(request)));
        return "board/cards :: added";
    }

    /** A card dropped on another column (or on Won/Lost); answers the new column totals. */
    @PostMapping("/leads/{dealId}/move")
    String move(Actor actor, @PathVariable long dealId, @RequestParam long pipelineId, @RequestParam long statusId,
                @RequestParam(required = false) Long lossReasonId, HttpServletRequest request, Model model, Locale locale,
                HttpServletResponse response) {
        long from = deals.deal(actor.accountId(), dealId).orElseThrow(() -> new NotFoundException("deal " + dealId)).pipelineId();
        try {
            deals.update(actor, DealUpdate.move(dealId, pipelineId, statusId, lossReasonId), Source.UI);
        } catch (ValidationException e) {
            // the card goes back to its column (the page asks for it again) and the reason shows in the flash area
            response.setHeader("HX-Trigger", "{\"deal-move-refused\":\"" + dealId + "\"}");
            String refusal = fields.refusal(actor, e, dealId, pipeline(actor, pipelineId), statusId, locale);
            if (refusal == null) {
                throw e;
            }
            response.setStatus(422);
            response.setHeader("HX-Retarget", "#flash");
            response.setHeader("HX-Reswap", "innerHTML");
            model.addAttribute("message", refusal);
            return "fragments :: flash";
        }
        model.addAttribute("totals", board.totals(actor.accountId(), pipeline(actor, from),
                query(actor, ListFilter.of(request.getParameterMap()), pipelines.pipelines(actor.accountId())), showClosed(request)));
        return "board/cards :: totals";
    }

    /**
     * Several selected cards dropped together on a column of this board (or on Won/Lost, with one
     * loss reason for all): one request, one transaction. Deals a field required in the stage
     * keeps out stay where they are and the message names them and the fields; they go back on the
     * page. An unknown, foreign or deleted deal refuses the whole drop and nothing moves.
     */
    @PostMapping("/leads/pipeline/{id}/move")
    String moveSelected(Actor actor, @PathVariable long id, @RequestParam(required = false) List<String> ids,
                        @RequestParam(required = false) String statusId, @RequestParam(required = false) String lossReasonId,
                        HttpServletRequest request, Model model, Locale locale, HttpServletResponse response) {
        Pipeline pipeline = pipeline(actor, id);
        List<Long> dealIds = ids(ids);
        long status = number(statusId, "statusId");
        Long reason = lossReasonId == null || lossReasonId.isBlank() ? null : number(lossReasonId, "lossReasonId");
        if (pipeline.stage(status).isEmpty()) {
            throw ValidationException.of("0", "statusId", "NotSupportedChoice", "Pipeline " + id + " has no stage " + status);
        }
        MoveResult result;
        try {
            result = deals.moveAll(actor, dealIds, id, status, reason, Source.UI);
        } catch (ValidationException e) {
            List<String> missing = e.problems().stream().filter(p -> "NotFound".equals(p.code()) && p.path().startsWith("ids."))
                    .map(p -> "#" + dealIds.get(Integer.parseInt(p.path().substring(4)))).toList();
            if (missing.isEmpty()) {
                throw e;
            }
            return flash(response, model, 422, messages.getMessage("board.move.notFound", new Object[] {String.join(", ", missing)}, locale));
        }
        if (!result.refused().isEmpty()) { // the page puts these cards back where they are
            List<String> refused = result.refused().keySet().stream().map(String::valueOf).toList();
            response.setHeader("HX-Trigger", "{\"deal-move-refused\":\"" + String.join(",", refused) + "\"}");
        }
        model.addAttribute("totals", board.totals(actor.accountId(), pipeline,
                query(actor, ListFilter.of(request.getParameterMap()), pipelines.pipelines(actor.accountId())), showClosed(request)));
        model.addAttribute("message", result.refused().isEmpty() ? null
                : fields.refusals(actor, names(actor, result.refused().keySet()), pipeline, status, locale));
        return "board/cards :: moved";
    }

    /** Cards changed elsewhere (another user, the API, another node): fresh cards for this board and its totals. */
    @GetMapping("/leads/pipeline/{id}/sync")
    String sync(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "") String ids,
                @RequestParam(defaultValue = "false") boolean showClosed, HttpServletRequest request, Model model) {
        Pipeline pipeline = pipeline(actor, id);
        DealQuery query = query(actor, ListFilter.of(request.getParameterMap()), pipelines.pipelines(actor.accountId()));
        List<Long> dealIds = Arrays.stream(ids.split(",")).map(String::trim).filter(s -> s.matches("\\d{1,18}"))
                .map(Long::parseLong).distinct().limit(200).toList();
        List<Deal> found = board.shown(actor.accountId(), pipeline, showClosed, dealIds, query);
        model.addAttribute("cards", cards.of(actor.accountId(), found));
        model.addAttribute("totals", board.totals(actor.accountId(), pipeline, query, showClosed(request)));
        return "board/cards :: sync";
    }

    /** Whether the page asking shows the Won and Lost columns (their totals are then part of the answer). */
    private static boolean showClosed(HttpServletRequest request) {
        return "true".equals(request.getParameter("showClosed"));
    }

    /** The names of deals by id, in one query. */
    private Map<Long, String> names(Actor actor, java.util.Collection<Long> ids) {
        Map<Long, String> names = new java.util.LinkedHashMap<>();
        cards.live(actor.accountId(), ids).forEach(d -> names.put(d.id(), d.name()));
        return names;
    }

    private DealQuery query(Actor actor, ListFilter filter, List<Pipeline> all) {
        return filterPanel.query(actor, filter, all, new DealQuery.Order(DealQuery.Field.ID, true), Board.PAGE, null);
    }

    /** The board's task filter links (all, without tasks, overdue), each keeping the rest of the filter. */
    private static Map<String, String> taskLinks(String base, ListFilter filter, boolean showClosed) {
        Map<String, String> links = new java.util.LinkedHashMap<>();
        for (String code : List.of("", "none", "overdue")) {
            links.put(code, url(base, filter.withTasks(code.isEmpty() ? null : code).queryString(), showClosed));
        }
        return links;
    }

    private static String url(String base, String filterQuery, boolean showClosed) {
        String query = (showClosed ? "showClosed=true" : "") + (showClosed && !filterQuery.isEmpty() ? "&" : "") + filterQuery;
        return query.isEmpty() ? base : base + "?" + query;
    }

    private String flash(HttpServletResponse response, Model model, int status, String message) {
        response.setStatus(status);
        response.setHeader("HX-Retarget", "#flash");
        response.setHeader("HX-Reswap", "innerHTML");
        model.addAttribute("message", message);
        return "fragments :: flash";
    }

    private static List<Long> ids(List<String> ids) {
        List<String> given = ids == null ? List.of() : ids;
        if (given.isEmpty() || given.size() > MAX_MOVED) {
            throw ValidationException.of("0", "ids", "NothingSelected", "Select 1 to " + MAX_MOVED + " deals");
        }
        List<Long> result = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String s = given.get(i) == null ? "" : given.get(i).trim();
            if (!s.matches("\\d{1,18}")) {
                throw ValidationException.of("0", "ids." + i, "InvalidValue", "Not a deal id: " + s);
            }
            result.add(Long.parseLong(s));
        }
        return result;
    }

    private static long number(String s, String field) {
        if (s == null || !s.trim().matches("\\d{1,18}")) {
            throw ValidationException.of("0", field, "NotSupportedChoice", "Choose a value");
        }
        return Long.parseLong(s.trim());
    }

    private Pipeline pipeline(Actor actor, long id) {
        return pipelines.pipeline(actor.accountId(), id).orElseThrow(() -> new NotFoundException("pipeline " + id));
    }
}
