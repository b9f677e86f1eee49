package org.voronka.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.deal.DealManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.Source;
import org.voronka.tag.Tag;
import org.voronka.tag.TagManagement;
import org.voronka.tag.TagRef;

/**
 * The tag editor of a deal, contact or company card ({@code kind}: leads, contacts, companies):
 * suggestions from the account's tags of that kind as you type, adding (new names create a tag), removing.
 */
@Controller
class TagController {

    static final int SUGGESTIONS = 8;
    private static final String CARD = "/{kind:leads|contacts|companies}/{id:\\d+}/tags";

    private final TagManagement tags;
    private final DealManagement deals;
    private final DealCard card;
    private final PartyCard parties;

    TagController(TagManagement tags, DealManagement deals, DealCard card, PartyCard parties) {
        this.tags = tags;
        this.deals = deals;
        this.card = card;
        this.parties = parties;
    }

    @GetMapping(CARD + "/suggest")
    String suggest(Actor actor, @PathVariable String kind, @PathVariable long id, @RequestParam(defaultValue = "") String name,
                   Model model) {
        require(actor, kind, id);
        String q = name.trim();
        if (q.length() > 255) {
            q = q.substring(0, 255);
        }
        Set<Long> present = current(actor, kind, id).stream().map(Tag::id).collect(Collectors.toSet());
        List<Tag> found = tags.list(actor.accountId(), kind, List.of(), null, q, 0, 50).stream()
                .filter(t -> !present.contains(t.id())).limit(SUGGESTIONS).toList();
        String query = q;
        boolean exact = tags.list(actor.accountId(), kind, List.of(), query, null, 0, 1).stream()
                .anyMatch(t -> t.name().equalsIgnoreCase(query));
        String one = DealManagement.ENTITY.equals(kind) ? "deal" : PartyCard.one(kind);
        model.addAttribute("prefix", one);
        model.addAttribute("base", "/" + kind + "/" + id);
        model.addAttribute("target", "#" + one + "-card");
        model.addAttribute("suggestions", found);
        model.addAttribute("create", query.isEmpty() || exact ? null : query);
        return "parties/fragments :: tagSuggestions";
    }

    @PostMapping(CARD + "/add")
    String add(Actor actor, @PathVariable String kind, @PathVariable long id, @RequestParam(defaultValue = "") String name,
               Model model, Locale locale, HttpServletResponse response) {
        require(actor, kind, id);
        String clean = name.trim();
        if (clean.isEmpty() || clean.length() > 255 || clean.contains(",")) {
            model.addAttribute("errors", java.util.Map.of("tags", clean.isEmpty() ? "error.tag.blank" : clean.contains(",")
                    ? "error.tag.comma" : "error.tags.long"));
            model.addAttribute("rejectedTag", name);
        } else {
            List<TagRef> refs = new ArrayList<>();
            List<Tag> present = current(actor, kind, id);
            for (int i = 0; i < present.size(); i++) {
                refs.add(new TagRef(present.get(i).id(), null, "tags." + i));
            }
            if (present.stream().noneMatch(t -> t.name().equalsIgnoreCase(clean))) {
                refs.add(new TagRef(null, clean, "tags." + refs.size()));
            }
            save(actor, kind, id, refs, response);
        }
        return render(actor, kind, id, model, locale);
    }

    @PostMapping(CARD + "/remove")
    String remove(Actor actor, @PathVariable String kind, @PathVariable long id, @RequestParam long tagId, Model model,
                  Locale locale, HttpServletResponse response) {
        require(actor, kind, id);
        List<Tag> present = current(actor, kind, id);
        if (present.stream().anyMatch(t -> t.id() == tagId)) {
            List<TagRef> refs = new ArrayList<>();
            present.stream().filter(t -> t.id() != tagId).forEach(t -> refs.add(new TagRef(t.id(), null, "tags." + refs.size())));
            save(actor, kind, id, refs, response);
        }
        return render(actor, kind, id, model, locale);
    }

    private void require(Actor actor, String kind, long id) {
        if (DealManagement.ENTITY.equals(kind)) {
            card.require(actor, id);
        } else {
            parties.require(actor, kind, id);
        }
    }

    private String render(Actor actor, String kind, long id, Model model, Locale locale) {
        if (DealManagement.ENTITY.equals(kind)) {
            card.fill(actor, card.require(actor, id), model, locale);
            return "deal/card :: card";
        }
        parties.fill(actor, kind, parties.require(actor, kind, id), model, locale);
        return "parties/card :: card";
    }

    private void save(Actor actor, String kind, long id, List<TagRef> refs, HttpServletResponse response) {
        if (DealManagement.ENTITY.equals(kind)) {
            deals.update(actor, DealCardController.change(id, null, null, null, null, null, null, refs), Source.UI);
            DealTimelineController.changed(response, id);
        } else {
            parties.update(actor, kind, id, new PartyCard.Change(null, null, null, null, refs, null));
        }
    }

    private List<Tag> current(Actor actor, String kind, long id) {
        return tags.tagsOf(actor.accountId(), kind, List.of(id)).getOrDefault(id, List.of());
    }
}
