package org.voronka.web;

import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.contact.CompanyManagement;
import org.voronka.contact.ContactManagement;
import org.voronka.contact.PartyQuery;
import org.voronka.shared.Actor;

/**
 * Suggestions while a name, phone or e-mail is typed into a "find or create" field: existing
 * contacts or companies, each a button that links it to the card the field belongs to.
 */
@Controller
class PartySuggestController {

    static final int MAX = 8;

    /** Where a picked suggestion is posted and which card the answer replaces, by what links to what. */
    record Target(String action, String card) {}

    private final ContactManagement contacts;
    private final CompanyManagement companies;

    PartySuggestController(ContactManagement contacts, CompanyManagement companies) {
        this.contacts = contacts;
        this.companies = companies;
    }

    /** {@code kind}: contact or company (what is looked for); {@code to}: deal, contact or company (whose card asks). */
    @GetMapping("/parties/suggest")
    String suggest(Actor actor, @RequestParam String kind, @RequestParam String to, @RequestParam long owner,
                   @RequestParam(defaultValue = "") String name, Model model) {
        Target target = switch (kind + ">" + to) {
            case "contact>deal" -> new Target("/leads/" + owner + "/contacts", "#deal-card");
            case "company>deal" -> new Target("/leads/" + owner + "/company", "#deal-card");
            case "company>contact" -> new Target("/contacts/" + owner + "/company", "#contact-card");
            case "contact>company" -> new Target("/companies/" + owner + "/contacts", "#company-card");
            default -> null;
        };
        String text = name.trim();
        List<Suggestion> found = List.of();
        if (target != null && !text.isEmpty() && text.length() <= 255) {
            PartyQuery q = PartyQuery.newestFirst(text, null, MAX);
            found = "contact".equals(kind)
                    ? contacts.list(actor.accountId(), q).stream().limit(MAX).map(c -> new Suggestion(c.id(), c.name())).toList()
                    : companies.list(actor.accountId(), q).stream().limit(MAX).map(c -> new Suggestion(c.id(), c.name())).toList();
        }
        model.addAttribute("suggestions", found);
        model.addAttribute("target", target);
        return "parties/fragments :: suggestions";
    }

    record Suggestion(long id, String name) {}
}
