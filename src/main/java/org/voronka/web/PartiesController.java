package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.contact.CompanyManagement;
import org.voronka.contact.Contact;
import org.voronka.contact.ContactManagement;
import org.voronka.contact.NewCompany;
import org.voronka.contact.NewContact;
import org.voronka.contact.Party;
import org.voronka.contact.PartyTrash;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.ValidationException;

/**
 * Контакты and Компании, one set of handlers for both ({@code kind}): the list (search by name,
 * phone or e-mail, keyset paging), creating one, its card (a side panel over the list or a page of
 * its own) whose fields are saved one at a time, deleting it to the trash and restoring it; then
 * what only a contact (its company) or only a company (its contacts) has.
 */
@Controller
class PartiesController {

    private static final String KIND = "{kind:contacts|companies}";

    private final ContactManagement contacts;
    private final CompanyManagement companies;
    private final PartyCard card;
    private final PartyTrash trash;

    PartiesController(ContactManagement contacts, CompanyManagement companies, PartyCard card, PartyTrash trash) {
        this.contacts = contacts;
        this.companies = companies;
        this.card = card;
        this.trash = trash;
    }

    @GetMapping("/" + KIND)
    String list(Actor actor, @PathVariable String kind, @RequestParam(required = false) String q,
                @RequestParam(required = false) String after, HttpServletRequest request, Model model) {
        Long afterId = after != null && after.matches("\\d{1,18}") ? Long.parseLong(after) : null;
        List<? extends Party> found = card.list(actor, kind, q, afterId);
        boolean more = found.size() > Parties.PAGE;
        List<? extends Party> shown = more ? found.subList(0, Parties.PAGE) : found;
        model.addAttribute("rows", card.rows(actor, kind, shown));
        model.addAttribute("next", more ? shown.get(shown.size() - 1).id() : null);
        model.addAttribute("q", q);
        model.addAttribute("kind", kind);
        model.addAttribute("one", PartyCard.one(kind));
        model.addAttribute("section", kind);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return Htmx.targets(request, "list-more") ? "parties/list :: rows" : "parties/list";
    }

    /** Creates one with a first phone and e-mail and opens its card; a refused value is shown beside its field. */
    @PostMapping("/" + KIND)
    String create(Actor actor, @PathVariable String kind, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String phone, @RequestParam(defaultValue = "") String email, Model model,
                  Locale locale, HttpServletResponse response) {
        model.addAttribute("kind", kind);
        model.addAttribute("one", PartyCard.one(kind));
        Party created = Parties.createFromForm(name, phone, email, (n, fields) -> card.create(actor, kind, n, fields),
                "#" + PartyCard.one(kind) + "-new", model, response);
        if (created == null) {
            return "parties/list :: create";
        }
        response.setHeader("HX-Push-Url", "/" + kind + "/" + created.id());
        response.setHeader("HX-Trigger", "{\"parties-created\":\"" + created.id() + "\"}");
        card.fill(actor, kind, created, model, locale);
        model.addAttribute("createdRows", card.rows(actor, kind, List.of(created)));
        return "parties/card :: created";
    }

    @GetMapping("/" + KIND + "/{id:\\d+}")
    String show(Actor actor, @PathVariable String kind, @PathVariable long id, HttpServletRequest request, Model model,
                Locale locale) {
        card.fill(actor, kind, card.require(actor, kind, id), model, locale);
        model.addAttribute("section", kind);
        return Htmx.targets(request, "panel") ? "parties/card :: panel" : "parties/page";
    }

    @PostMapping("/" + KIND + "/{id:\\d+}/fields")
    String save(Actor actor, @PathVariable String kind, @PathVariable long id, @RequestParam String field,
                @RequestParam(required = false) String value, Model model, Locale locale) {
        Party party = card.require(actor, kind, id);
        boolean contact = PartyCard.CONTACTS.equals(kind);
        Map<String, String> errors = new HashMap<>();
        String v = value == null ? "" : value.trim();
        PartyCard.Change change = switch (field) {
            case "name" -> v.isEmpty() ? reject(errors, field, "error.name.blank") : v.length() > 255
                    ? reject(errors, field, "error.name.long") : new PartyCard.Change(v, null, null, null, null, null);
            case "first_name", "last_name" -> !contact ? reject(errors, "form", "error.invalid") : v.length() > 255
                    ? reject(errors, field, "error.name.long") : "first_name".equals(field)
                    ? new PartyCard.Change(null, v, null, null, null, null) : new PartyCard.Change(null, null, v, null, null, null);
            case "responsible" -> v.matches("\\d{1,18}") ? new PartyCard.Change(null, null, null, Long.parseLong(v), null, null)
                    : reject(errors, field, "error.invalid");
            case "tags" -> Parties.tags(v) == null ? reject(errors, field, "error.tags.long")
                    : new PartyCard.Change(null, null, null, null, Parties.tags(v), null);
            default -> reject(errors, "form", "error.invalid");
        };
        if (change != null) {
            try {
                card.update(actor, kind, id, change);
            } catch (ValidationException e) {
                errors.put(field, "error.invalid");
            }
        }
        return render(actor, kind, id, party, errors, Map.of(field, value == null ? "" : value), model, locale);
    }

    /** Saves all phones (or all e-mails) as the editor shows them. */
    @PostMapping("/" + KIND + "/{id:\\d+}/{multi:phones|emails}")
    String multi(Actor actor, @PathVariable String kind, @PathVariable long id, @PathVariable String multi,
                 @RequestParam(name = "type", required = false) List<String> types,
                 @RequestParam(name = "value", required = false) List<String> values, Model model, Locale locale) {
        Party party = card.require(actor, kind, id);
        String code = "phones".equals(multi) ? Parties.PHONE : Parties.EMAIL;
        List<String> t = types == null ? List.of() : types;
        List<String> v = values == null ? List.of() : values;
        Map<String, String> errors = new HashMap<>();
        if (Parties.EMAIL.equals(code) && !Parties.emailsLookRight(v)) {
            errors.put(multi, "party.error.email");
        } else {
            try {
                card.update(actor, kind, id, new PartyCard.Change(null, null, null, null, null, List.of(Parties.write(code, t, v))));
            } catch (ValidationException e) {
                errors.put(multi, Parties.multiError(code, e));
            }
        }
        if (!errors.isEmpty()) {
            model.addAttribute(multi, Parties.typed(t, v));
        }
        return render(actor, kind, id, party, errors, Map.of(), model, locale);
    }

    /** Moves it to the trash; the card says so, with a way back. */
    @PostMapping("/" + KIND + "/{id:\\d+}/delete")
    String delete(Actor actor, @PathVariable String kind, @PathVariable long id, Model model) {
        Party party = card.require(actor, kind, id);
        trash.delete(actor, kind, List.of(id));
        model.addAttribute("kind", kind);
        model.addAttribute("one", PartyCard.one(kind));
        model.addAttribute("deleted", party);
        return "parties/card :: deletedRow";
    }

    /** Brings it back from the card's notice: the card comes back with its links. */
    @PostMapping("/" + KIND + "/{id:\\d+}/restore")
    String restore(Actor actor, @PathVariable String kind, @PathVariable long id, Model model, Locale locale) {
        trash.restore(actor, kind, List.of(id));
        card.fill(actor, kind, card.require(actor, kind, id), model, locale);
        return "parties/card :: card";
    }

    // ---- a contact's company ----

    /** Puts the contact into a company: one picked from the suggestions, else a new one of the typed name. */
    @PostMapping("/contacts/{id:\\d+}/company")
    String company(Actor actor, @PathVariable long id, @RequestParam(required = false) Long pick,
                   @RequestParam(defaultValue = "") String name, Model model, Locale locale) {
        Contact contact = card.contact(actor, id);
        Map<String, String> errors = new HashMap<>();
        Long companyId = pick;
        String n = name.trim();
        if (companyId == null) {
            if (n.isEmpty()) {
                errors.put("company", "error.name.blank");
            } else if (n.length() > 255) {
                errors.put("company", "error.name.long");
            } else {
                companyId = companies.create(actor, List.of(new NewCompany("0", n, null, null, null, null, null, null, null)))
                        .get(0).id();
            }
        }
        if (companyId != null) {
            contacts.setCompany(actor, id, companyId);
        }
        return render(actor, PartyCard.CONTACTS, id, contact, errors, Map.of("company", name), model, locale);
    }

    @PostMapping("/contacts/{id:\\d+}/company/unlink")
    String unlinkCompany(Actor actor, @PathVariable long id, Model model, Locale locale) {
        Contact contact = card.contact(actor, id);
        contacts.setCompany(actor, id, null);
        return render(actor, PartyCard.CONTACTS, id, contact, Map.of(), Map.of(), model, locale);
    }

    // ---- a company's contacts ----

    /** Adds a contact to the company: one picked from the suggestions, else a new one of the typed name. */
    @PostMapping("/companies/{id:\\d+}/contacts")
    String addContact(Actor actor, @PathVariable long id, @RequestParam(required = false) Long pick,
                      @RequestParam(defaultValue = "") String name, Model model, Locale locale) {
        Party company = card.company(actor, id);
        Map<String, String> errors = new HashMap<>();
        String n = name.trim();
        if (pick != null) {
            contacts.setCompany(actor, pick, id);
        } else if (n.isEmpty()) {
            errors.put("contacts", "error.name.blank");
        } else if (n.length() > 255) {
            errors.put("contacts", "error.name.long");
        } else {
            contacts.create(actor, List.of(new NewContact("0", n, null, null, null, null, null, null, null, null, null, id)));
        }
        return render(actor, PartyCard.COMPANIES, id, company, errors, Map.of("contacts", name), model, locale);
    }

    @PostMapping("/companies/{id:\\d+}/contacts/{contactId:\\d+}/unlink")
    String removeContact(Actor actor, @PathVariable long id, @PathVariable long contactId, Model model, Locale locale) {
        Party company = card.company(actor, id);
        var contact = contacts.contact(actor.accountId(), contactId).orElseThrow(() -> new NotFoundException("contact " + contactId));
        if (contact.companyId() != null && contact.companyId() == id) {
            contacts.setCompany(actor, contactId, null);
        }
        return render(actor, PartyCard.COMPANIES, id, company, Map.of(), Map.of(), model, locale);
    }

    private String render(Actor actor, String kind, long id, Party before, Map<String, String> errors, Map<String, String> typed,
                          Model model, Locale locale) {
        if (!errors.isEmpty()) {
            model.addAttribute("errors", errors);
            model.addAttribute("rejected", typed);
        }
        card.fill(actor, kind, errors.isEmpty() ? card.require(actor, kind, id) : before, model, locale);
        return "parties/card :: card";
    }

    private static PartyCard.Change reject(Map<String, String> errors, String field, String key) {
        errors.put(field, key);
        return null;
    }
}
