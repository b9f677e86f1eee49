package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.contact.PartyTrash;
import org.voronka.contact.TrashedParty;
import org.voronka.deal.DealTrash;
import org.voronka.deal.TrashedDeal;
import org.voronka.shared.Actor;
import org.voronka.shared.Source;

/**
 * Deleting deals (card, board drop zone, list selection) and the trash: «Удалённые сделки», and deleted contacts and
 * companies: who deleted what and when, restore.
 */
@Controller
class TrashController {

    static final int PAGE = 50;
    static final int MAX_SELECTED = 500;

    /** A deleted deal (with its card) or contact or company ({@code deal} null). */
    record Row(long id, String name, CardView deal, String deletedBy, java.time.Instant deletedAt) {}

    private final DealTrash trash;
    private final DealCard card;
    private final Cards cards;
    private final PartyTrash partyTrash;

    private final int retentionDays;

    TrashController(DealTrash trash, DealCard card, Cards cards, PartyTrash partyTrash,
                    @org.springframework.beans.factory.annotation.Value("${voronka.trash.retention-days:90}") int retentionDays) {
        this.retentionDays = retentionDays;
        this.partyTrash = partyTrash;
        this.trash = trash;
        this.card = card;
        this.cards = cards;
    }

    /** Deletes one deal; the card shows that it is in the trash, with a way back. */
    @PostMapping("/leads/{id:\\d+}/delete")
    String delete(Actor actor, @PathVariable long id, Model model, HttpServletResponse response) {
        card.require(actor, id);
        trash.delete(actor, List.of(id), Source.UI);
        DealTimelineController.changed(response, id);
        model.addAttribute("deletedId", id);
        return "deal/card :: deleted";
    }

    /** Deletes the deals selected in the list; the list is reloaded. */
    @PostMapping("/leads/delete")
    String deleteSelected(Actor actor, @RequestParam(required = false) List<Long> ids, HttpServletResponse response) {
        List<Long> chosen = ids(ids);
        trash.delete(actor, chosen, Source.UI);
        response.setHeader("HX-Refresh", "true");
        return "fragments :: empty";
    }

    /** Restores one deal from its card's notice: the card comes back. */
    @PostMapping("/leads/{id:\\d+}/restore")
    String restore(Actor actor, @PathVariable long id, Model model, Locale locale, HttpServletResponse response) {
        trash.restore(actor, List.of(id), Source.UI);
        DealTimelineController.changed(response, id);
        card.fill(actor, card.require(actor, id), model, locale);
        return "deal/card :: card";
    }

    /** The trash: deleted deals, or with {@code kind} deleted contacts or companies. */
    @GetMapping("/leads/trash")
    String page(Actor actor, @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "leads") String kind,
                HttpServletRequest request, Model model) {
        int from = Math.max(0, Math.min(offset, 10_000_000));
        if (PartyCard.CONTACTS.equals(kind) || PartyCard.COMPANIES.equals(kind)) {
            fillParties(actor, kind, from, model);
            return Htmx.targets(request, "trash-list") ? "trash/trash :: list" : "trash/trash";
        }
        fill(actor, from, model);
        return Htmx.targets(request, "trash-list") ? "trash/trash :: list" : "trash/trash";
    }

    /** Restores the contacts or companies selected (or the one of a row's button); the list is shown again. */
    @PostMapping("/leads/trash/{kind:contacts|companies}/restore")
    String restoreParties(Actor actor, @PathVariable String kind, @RequestParam(required = false) List<Long> ids, Model model) {
        List<Long> chosen = ids(ids);
        partyTrash.restore(actor, kind, chosen);
        model.addAttribute("restored", chosen.size());
        fillParties(actor, kind, 0, model);
        return "trash/trash :: list";
    }

    private void fillParties(Actor actor, String kind, int offset, Model model) {
        List<TrashedParty> page = partyTrash.trashed(actor.accountId(), kind, offset, PAGE + 1);
        boolean more = page.size() > PAGE;
        Map<Long, String> users = cards.userNames(actor.accountId());
        List<Row> rows = new ArrayList<>();
        for (TrashedParty t : more ? page.subList(0, PAGE) : page) {
            rows.add(new Row(t.id(), t.name(), null, deletedBy(t.deletedBy(), users), t.deletedAt()));
        }
        page(model, kind, rows, offset, more);
    }

    /** One page of the trash of {@code kind}: its rows and the links to the pages before and after. */
    private void page(Model model, String kind, List<Row> rows, int offset, boolean more) {
        model.addAttribute("kind", kind);
        model.addAttribute("rows", rows);
        model.addAttribute("offset", offset);
        model.addAttribute("prevOffset", offset > 0 ? Math.max(0, offset - PAGE) : null);
        model.addAttribute("nextOffset", more ? offset + PAGE : null);
        model.addAttribute("retentionDays", retentionDays);
        model.addAttribute("section", "leads");
    }

    private static String deletedBy(Long userId, Map<Long, String> users) {
        return userId == null ? "" : users.getOrDefault(userId, "#" + userId);
    }

    @PostMapping("/leads/trash/restore")
    String restoreSelected(Actor actor, @RequestParam(required = false) List<Long> ids, Model model) {
        List<Long> chosen = ids(ids);
        trash.restore(actor, chosen, Source.UI);
        model.addAttribute("restored", chosen.size());
        fill(actor, 0, model);
        return "trash/trash :: list";
    }

    private static List<Long> ids(List<Long> ids) {
        List<Long> chosen = ids == null ? List.of() : ids.stream().filter(Objects::nonNull).distinct().toList();
        if (chosen.isEmpty() || chosen.size() > MAX_SELECTED) {
            throw org.voronka.shared.ValidationException.of("0", "ids", "NothingSelected", "Select 1 to " + MAX_SELECTED + " deals");
        }
        return chosen;
    }

    private void fill(Actor actor, int offset, Model model) {
        List<TrashedDeal> page = trash.trashed(actor.accountId(), offset, PAGE + 1);
        boolean more = page.size() > PAGE;
        List<TrashedDeal> shown = more ? page.subList(0, PAGE) : page;
        Map<Long, CardView> views = cards.of(actor.accountId(), shown.stream().map(TrashedDeal::deal).toList()).stream()
                .collect(Collectors.toMap(CardView::id, v -> v));
        Map<Long, String> users = cards.userNames(actor.accountId());
        List<Row> rows = new ArrayList<>();
        for (TrashedDeal t : shown) {
            CardView view = views.get(t.deal().id());
            rows.add(new Row(view.id(), view.name(), view, deletedBy(t.deletedBy(), users), t.deletedAt()));
        }
        page(model, "leads", rows, offset, more);
    }
}
