package org.voronka.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.deal.Deal;
import org.voronka.deal.DealMerge;
import org.voronka.deal.MergeRequest;
import org.voronka.deal.MergeResult;
import org.voronka.shared.Actor;
import org.voronka.shared.Source;
import org.voronka.shared.ValidationException;

/**
 * Merging deals chosen in the list: a comparison of the deals side by side where each field's
 * surviving value is picked, then the merge; the survivor's card offers Undo while it can be undone.
 */
@Controller
class MergeController {

    static final int MAX_DEALS = 10;

    private final DealMerge merges;
    private final Cards cards;
    private final DealCard card;

    MergeController(DealMerge merges, Cards cards, DealCard card) {
        this.merges = merges;
        this.cards = cards;
        this.card = card;
    }

    @GetMapping("/leads/merge")
    String compare(Actor actor, @RequestParam(required = false) List<Long> ids, Model model) {
        // oldest first: by default the original deal survives
        List<Deal> chosen = chosen(actor, ids).stream().sorted(java.util.Comparator.comparingLong(Deal::id)).toList();
        model.addAttribute("deals", cards.of(actor.accountId(), chosen));
        model.addAttribute("survivor", chosen.get(0).id());
        model.addAttribute("section", "leads");
        return "merge/merge";
    }

    /** Each field names the deal whose value survives; tags and contacts of all deals are united. */
    @PostMapping("/leads/merge")
    String merge(Actor actor, @RequestParam(required = false) List<Long> ids, @RequestParam long survivor,
                 @RequestParam long name, @RequestParam long price, @RequestParam long stage, @RequestParam long responsible,
                 jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
        Map<Long, Deal> byId = chosen(actor, ids).stream().collect(Collectors.toMap(Deal::id, Function.identity()));
        for (long choice : List.of(survivor, name, price, stage, responsible)) {
            if (!byId.containsKey(choice)) {
                throw ValidationException.of("0", "ids", "NotSupportedChoice", "Deal " + choice + " is not among the merged deals");
            }
        }
        Deal stageOf = byId.get(stage);
        MergeResult result = merges.merge(actor, new MergeRequest(survivor, List.copyOf(byId.keySet()), byId.get(name).name(),
                byId.get(price).price(), stageOf.pipelineId(), stageOf.statusId(), byId.get(responsible).responsibleUserId(), null),
                Source.UI);
        if (Htmx.isHtmx(request)) {
            response.setHeader("HX-Redirect", request.getContextPath() + "/leads/" + result.survivorId());
            return "fragments :: empty";
        }
        return "redirect:/leads/" + result.survivorId();
    }

    @PostMapping("/leads/{id:\\d+}/merges/{mergeId:\\d+}/undo")
    String undo(Actor actor, @PathVariable long id, @PathVariable long mergeId, Model model, Locale locale,
                jakarta.servlet.http.HttpServletResponse response) {
        card.require(actor, id);
        MergeResult result = merges.undo(actor, mergeId, Source.UI);
        if (result.survivorId() != id) {
            throw new org.voronka.shared.NotFoundException("merge " + mergeId);
        }
        DealTimelineController.changed(response, id);
        card.fill(actor, card.require(actor, id), model, locale);
        return "deal/card :: card";
    }

    /** Two to ten live deals of the account, in the order they were chosen. */
    private List<Deal> chosen(Actor actor, List<Long> ids) {
        List<Long> unique = ids == null ? List.of() : ids.stream().filter(Objects::nonNull).distinct().toList();
        if (unique.size() < 2 || unique.size() > MAX_DEALS) {
            throw ValidationException.of("0", "ids", "MergeCount", "Choose 2 to " + MAX_DEALS + " deals");
        }
        Map<Long, Deal> found = cards.live(actor.accountId(), unique).stream().collect(Collectors.toMap(Deal::id, Function.identity()));
        if (found.size() != unique.size()) {
            throw new org.voronka.shared.NotFoundException("deal");
        }
        return unique.stream().map(found::get).toList();
    }
}
