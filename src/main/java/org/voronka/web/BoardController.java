package org.voronka.web;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.account.AccountManagement;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealUpdate;
import org.voronka.deal.LossReasons;
import org.voronka.deal.NewDeal;
import org.voronka.deal.TaskCondition;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.Source;
import org.voronka.shared.ValidationException;

/** The deals board (Сделки → Воронка): columns, more cards on scroll, drag and drop, quick add, live sync. */
@Controller
class BoardController {

    private final PipelineManagement pipelines;
    private final DealManagement deals;
    private final LossReasons lossReasons;
    private final AccountManagement accounts;
    private final Board board;
    private final Cards cards;
    private final java.time.Clock clock;
    private final CardFields fields;

    BoardController(PipelineManagement pipelines, DealManagement deals, LossReasons lossReasons, AccountManagement accounts,
                    Board board, Cards cards, java.time.Clock clock, CardFields fields) {
        this.pipelines = pipelines;
        this.deals = deals;
        this.lossReasons = lossReasons;
        this.accounts = accounts;
        this.board = board;
        this.cards = cards;
        this.clock = clock;
        this.fields = fields;
    }

    @GetMapping("/leads")
    String leads(Actor actor) {
        return "redirect:/leads/pipeline/" + pipelines.mainPipeline(actor.accountId()).id();
    }

    @GetMapping("/leads/pipeline/{id}")
    String board(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "false") boolean closed,
                 @RequestParam(required = false) String tasks, Model model) {
        Pipeline pipeline = pipeline(actor, id);
        TaskCondition filter = taskFilter(tasks);
        model.addAttribute("tasks", param(filter));
        model.addAttribute("pipelines", pipelines.pipelines(actor.accountId()));
        model.addAttribute("pipeline", pipeline);
        model.addAttribute("columns", board.columns(actor.accountId(), pipeline, closed, filter));
        model.addAttribute("closed", closed);
        model.addAttribute("hiddenTotals", closed ? List.of() : board.totals(actor.accountId(), pipeline, filter).stream()
                .filter(t -> Stage.isSystemId(t.statusId())).toList());
        model.addAttribute("lossReasons", lossReasons.all(actor.accountId()));
        model.addAttribute("askLossReason", accounts.account(actor.accountId()).lossReasonEnabled());
        model.addAttribute("wonName", pipeline.stage(Stage.WON).map(Stage::name).orElse(""));
        model.addAttribute("lostName", pipeline.stage(Stage.LOST).map(Stage::name).orElse(""));
        model.addAttribute("section", "leads");
        return "board/board";
    }

    @GetMapping("/leads/pipeline/{id}/stages/{statusId}/cards")
    String more(Actor actor, @PathVariable long id, @PathVariable long statusId, @RequestParam(required = false) Long after,
                @RequestParam(required = false) String tasks, Model model) {
        pipeline(actor, id);
        Board.Page page = board.page(actor.accountId(), id, statusId, after, taskFilter(tasks));
        model.addAttribute("tasks", param(taskFilter(tasks)));
        model.addAttribute("cards", page.cards());
        model.addAttribute("nextAfter", page.nextAfter());
        model.addAttribute("pipelineId", id);
        model.addAttribute("statusId", statusId);
        return "board/cards :: page";
    }

    @PostMapping("/leads/pipeline/{id}/quick-add")
    String quickAdd(Actor actor, @PathVariable long id, @RequestParam long statusId, @RequestParam(required = false) String name,
                    @RequestParam(required = false) String tasks, Model model, jakarta.servlet.http.HttpServletResponse response) {
        TaskCondition filter = taskFilter(tasks);
        Pipeline pipeline = pipeline(actor, id);
        String trimmed = name == null || name.isBlank() ? null : name.trim();
        if (trimmed != null && trimmed.length() > 255) {
            trimmed = trimmed.substring(0, 255);
        }
        var created = deals.create(actor, List.of(new NewDeal("0", trimmed, null, id, statusId, null, null, null, null, null,
                null, null, null, null)), Source.UI);
        response.setHeader("HX-Trigger", "{\"deals-created\":\"" + created.get(0).id() + "\"}");
        // a new deal has no task: a board filtered by a task deadline does not show it
        model.addAttribute("cards", filter != null && filter != TaskCondition.NONE ? List.of() : cards.of(actor.accountId(), created));
        model.addAttribute("totals", board.totals(actor.accountId(), pipeline, filter));
        return "board/cards :: added";
    }

    /** A card dropped on another column (or on Won/Lost); answers the new column totals. */
    @PostMapping("/leads/{dealId}/move")
    String move(Actor actor, @PathVariable long dealId, @RequestParam long pipelineId, @RequestParam long statusId,
                @RequestParam(required = false) Long lossReasonId, @RequestParam(required = false) String tasks, Model model,
                java.util.Locale locale,
                jakarta.servlet.http.HttpServletResponse response) {
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
        model.addAttribute("totals", board.totals(actor.accountId(), pipeline(actor, from), taskFilter(tasks)));
        return "board/cards :: totals";
    }

    /** Cards changed elsewhere (another user, the API, another node): fresh cards for this board and its totals. */
    @GetMapping("/leads/pipeline/{id}/sync")
    String sync(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "") String ids,
                @RequestParam(defaultValue = "false") boolean closed, @RequestParam(required = false) String tasks, Model model) {
        Pipeline pipeline = pipeline(actor, id);
        TaskCondition filter = taskFilter(tasks);
        java.time.Instant now = clock.instant();
        java.time.ZoneId zone = accounts.account(actor.accountId()).zone();
        List<Long> dealIds = Arrays.stream(ids.split(",")).map(String::trim).filter(s -> s.matches("\\d{1,18}"))
                .map(Long::parseLong).distinct().limit(200).toList();
        var found = dealIds.stream().map(d -> deals.deal(actor.accountId(), d).orElse(null)).filter(Objects::nonNull)
                .filter(d -> d.pipelineId() == id && (closed || !pipeline.stage(d.statusId()).map(s -> s.isClosed()).orElse(true)))
                .filter(d -> filter == null || filter.matches(d.closestTaskAt(), zone, now))
                .toList();
        model.addAttribute("cards", cards.of(actor.accountId(), found));
        model.addAttribute("totals", board.totals(actor.accountId(), pipeline, filter));
        return "board/cards :: sync";
    }

    private Pipeline pipeline(Actor actor, long id) {
        return pipelines.pipeline(actor.accountId(), id).orElseThrow(() -> new NotFoundException("pipeline " + id));
    }

    /** The board's task filter (none, overdue, today); anything else is no filter. */
    private static TaskCondition taskFilter(String tasks) {
        return tasks == null ? null : TaskCondition.of(tasks).orElse(null);
    }

    private static String param(TaskCondition filter) {
        return filter == null ? null : filter.code();
    }
}
