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
import org.voronka.contact.Company;
import org.voronka.contact.CompanyManagement;
import org.voronka.contact.Contact;
import org.voronka.contact.ContactManagement;
import org.voronka.contact.ContactUpdate;
import org.voronka.contact.NewCompany;
import org.voronka.contact.NewContact;
import org.voronka.contact.PartyQuery;
import org.voronka.customfield.FieldWrite;
import org.voronka.shared.Actor;
import org.voronka.shared.ValidationException;
import org.voronka.tag.TagRef;

/**
 * Контакты: the list (search by name, phone or e-mail, keyset paging), creating a contact, and the
 * contact card (a side panel over the list or a page of its own) whose fields are saved one at a time.
 */
@Controller
class ContactsController {

    private final ContactManagement contacts;
    private final CompanyManagement companies;
    private final Parties parties;
    private final ContactCard card;

    ContactsController(ContactManagement contacts, CompanyManagement companies, Parties parties, ContactCard card) {
        this.contacts = contacts;
        this.companies = companies;
        this.parties = parties;
        this.card = card;
    }

    @GetMapping("/contacts")
    String list(Actor actor, @RequestParam(required = false) String q, @RequestParam(required = false) String after,
                HttpServletRequest request, Model model) {
        Long afterId = after != null && after.matches("\\d{1,18}") ? Long.parseLong(after) : null;
        List<Contact> found = contacts.list(actor.accountId(), PartyQuery.newestFirst(q, afterId, Parties.PAGE));
        boolean more = found.size() > Parties.PAGE;
        List<Contact> shown = more ? found.subList(0, Parties.PAGE) : found;
        model.addAttribute("rows", parties.contactRows(actor.accountId(), shown));
        model.addAttribute("next", more ? shown.get(shown.size() - 1).id() : null);
        model.addAttribute("q", q);
        model.addAttribute("section", "contacts");
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return Htmx.targets(request, "list-more") ? "contacts/list :: rows" : "contacts/list";
    }

    /** Creates a contact with a first phone and e-mail and opens its card; a refused value is shown beside its field. */
    @PostMapping("/contacts")
    String create(Actor actor, @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String phone,
                  @RequestParam(defaultValue = "") String email, Model model, Locale locale, HttpServletResponse response) {
        Contact created = Parties.createFromForm(name, phone, email, (n, fields) -> contacts.create(actor,
                List.of(new NewContact("0", n, null, null, null, null, null, null, null, null, fields, null))).get(0), "#contact-new",
                model, response);
        if (created == null) {
            return "contacts/list :: create";
        }
        response.setHeader("HX-Push-Url", "/contacts/" + created.id());
        response.setHeader("HX-Trigger", "{\"parties-created\":\"" + created.id() + "\"}");
        card.fillContact(actor, created, model, locale);
        model.addAttribute("createdRows", parties.contactRows(actor.accountId(), List.of(created)));
        return "contacts/card :: created";
    }

    @GetMapping("/contacts/{id:\\d+}")
    String show(Actor actor, @PathVariable long id, HttpServletRequest request, Model model, Locale locale) {
        card.fillContact(actor, card.contact(actor, id), model, locale);
        model.addAttribute("section", "contacts");
        return Htmx.targets(request, "panel") ? "contacts/card :: panel" : "contacts/page";
    }

    @PostMapping("/contacts/{id:\\d+}/fields")
    String save(Actor actor, @PathVariable long id, @RequestParam String field, @RequestParam(required = false) String value,
                Model model, Locale locale) {
        Contact contact = card.contact(actor, id);
        Map<String, String> errors = new HashMap<>();
        String v = value == null ? "" : value.trim();
        ContactUpdate update = switch (field) {
            case "name" -> v.isEmpty() ? reject(errors, field, "error.name.blank") : v.length() > 255
                    ? reject(errors, field, "error.name.long") : change(id, v, null, null, null, null, null);
            case "first_name" -> v.length() > 255 ? reject(errors, field, "error.name.long") : change(id, null, v, null, null, null, null);
            case "last_name" -> v.length() > 255 ? reject(errors, field, "error.name.long") : change(id, null, null, v, null, null, null);
            case "responsible" -> v.matches("\\d{1,18}") ? change(id, null, null, null, Long.parseLong(v), null, null)
                    : reject(errors, field, "error.invalid");
            case "tags" -> Parties.tags(v) == null ? reject(errors, field, "error.tags.long")
                    : change(id, null, null, null, null, Parties.tags(v), null);
            default -> reject(errors, "form", "error.invalid");
        };
        if (update != null) {
            try {
                contacts.update(actor, update);
            } catch (ValidationException e) {
                errors.put(field, "error.invalid");
            }
        }
        return render(actor, id, contact, errors, Map.of(field, value == null ? "" : value), model, locale);
    }

    /** Saves all phones (or all e-mails) of the contact as the editor shows them. */
    @PostMapping("/contacts/{id:\\d+}/{kind:phones|emails}")
    String multi(Actor actor, @PathVariable long id, @PathVariable String kind,
                 @RequestParam(name = "type", required = false) List<String> types,
                 @RequestParam(name = "value", required = false) List<String> values, Model model, Locale locale) {
        Contact contact = card.contact(actor, id);
        String code = "phones".equals(kind) ? Parties.PHONE : Parties.EMAIL;
        List<String> t = types == null ? List.of() : types;
        List<String> v = values == null ? List.of() : values;
        Map<String, String> errors = new HashMap<>();
        if (Parties.EMAIL.equals(code) && !Parties.emailsLookRight(v)) {
            errors.put(kind, "party.error.email");
        } else {
            try {
                contacts.update(actor, change(id, null, null, null, null, null, List.of(Parties.write(code, t, v))));
            } catch (ValidationException e) {
                errors.put(kind, Parties.multiError(code, e));
            }
        }
        if (!errors.isEmpty()) {
            model.addAttribute(kind, Parties.typed(t, v));
        }
        return render(actor, id, contact, errors, Map.of(), model, locale);
    }

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
        return render(actor, id, contact, errors, Map.of("company", name), model, locale);
    }

    @PostMapping("/contacts/{id:\\d+}/company/unlink")
    String unlinkCompany(Actor actor, @PathVariable long id, Model model, Locale locale) {
        Contact contact = card.contact(actor, id);
        contacts.setCompany(actor, id, null);
        return render(actor, id, contact, Map.of(), Map.of(), model, locale);
    }

    private String render(Actor actor, long id, Contact before, Map<String, String> errors, Map<String, String> typed, Model model,
                          Locale locale) {
        if (!errors.isEmpty()) {
            model.addAttribute("errors", errors);
            model.addAttribute("rejected", typed);
        }
        card.fillContact(actor, errors.isEmpty() ? card.contact(actor, id) : before, model, locale);
        return "contacts/card :: card";
    }

    private static ContactUpdate reject(Map<String, String> errors, String field, String key) {
        errors.put(field, key);
        return null;
    }

    private static ContactUpdate change(long id, String name, String first, String last, Long responsible, List<TagRef> tags,
                                        List<FieldWrite> fields) {
        return new ContactUpdate("0", id, name, first, last, responsible, null, null, tags, null, null, fields);
    }
}
