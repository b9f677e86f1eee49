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
import org.voronka.contact.CompanyUpdate;
import org.voronka.contact.ContactManagement;
import org.voronka.contact.NewCompany;
import org.voronka.contact.NewContact;
import org.voronka.contact.PartyQuery;
import org.voronka.customfield.FieldWrite;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.ValidationException;
import org.voronka.tag.TagRef;

/**
 * Компании: the list (search by name, phone or e-mail, keyset paging), creating a company, and the
 * company card with its phones, e-mails, contacts, deals and timeline.
 */
@Controller
class CompaniesController {

    private final CompanyManagement companies;
    private final ContactManagement contacts;
    private final Parties parties;
    private final ContactCard card;

    CompaniesController(CompanyManagement companies, ContactManagement contacts, Parties parties, ContactCard card) {
        this.companies = companies;
        this.contacts = contacts;
        this.parties = parties;
        this.card = card;
    }

    @GetMapping("/companies")
    String list(Actor actor, @RequestParam(required = false) String q, @RequestParam(required = false) String after,
                HttpServletRequest request, Model model) {
        Long afterId = after != null && after.matches("\\d{1,18}") ? Long.parseLong(after) : null;
        List<Company> found = companies.list(actor.accountId(), PartyQuery.newestFirst(q, afterId, Parties.PAGE));
        boolean more = found.size() > Parties.PAGE;
        List<Company> shown = more ? found.subList(0, Parties.PAGE) : found;
        model.addAttribute("rows", parties.companyRows(actor.accountId(), shown));
        model.addAttribute("next", more ? shown.get(shown.size() - 1).id() : null);
        model.addAttribute("q", q);
        model.addAttribute("section", "companies");
        model.addAttribute("errors", Map.of());
        return Htmx.targets(request, "list-more") ? "companies/list :: rows" : "companies/list";
    }

    @PostMapping("/companies")
    String create(Actor actor, @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String phone,
                  @RequestParam(defaultValue = "") String email, Model model, Locale locale, HttpServletResponse response) {
        Company created = Parties.createFromForm(name, phone, email, (n, fields) -> companies.create(actor,
                List.of(new NewCompany("0", n, null, null, null, null, null, null, fields))).get(0), "#company-new",
                model, response);
        if (created == null) {
            return "companies/list :: create";
        }
        response.setHeader("HX-Push-Url", "/companies/" + created.id());
        card.fillCompany(actor, created, model, locale);
        model.addAttribute("createdRows", parties.companyRows(actor.accountId(), List.of(created)));
        return "companies/card :: created";
    }

    @GetMapping("/companies/{id:\\d+}")
    String show(Actor actor, @PathVariable long id, HttpServletRequest request, Model model, Locale locale) {
        card.fillCompany(actor, card.company(actor, id), model, locale);
        model.addAttribute("section", "companies");
        return Htmx.targets(request, "panel") ? "companies/card :: panel" : "companies/page";
    }

    @PostMapping("/companies/{id:\\d+}/fields")
    String save(Actor actor, @PathVariable long id, @RequestParam String field, @RequestParam(required = false) String value,
                Model model, Locale locale) {
        Company company = card.company(actor, id);
        Map<String, String> errors = new HashMap<>();
        String v = value == null ? "" : value.trim();
        CompanyUpdate update = switch (field) {
            case "name" -> v.isEmpty() ? reject(errors, field, "error.name.blank") : v.length() > 255
                    ? reject(errors, field, "error.name.long") : change(id, v, null, null, null);
            case "responsible" -> v.matches("\\d{1,18}") ? change(id, null, Long.parseLong(v), null, null)
                    : reject(errors, field, "error.invalid");
            case "tags" -> Parties.tags(v) == null ? reject(errors, field, "error.tags.long")
                    : change(id, null, null, Parties.tags(v), null);
            default -> reject(errors, "form", "error.invalid");
        };
        if (update != null) {
            try {
                companies.update(actor, update);
            } catch (ValidationException e) {
                errors.put(field, "error.invalid");
            }
        }
        return render(actor, id, company, errors, Map.of(field, value == null ? "" : value), model, locale);
    }

    @PostMapping("/companies/{id:\\d+}/{kind:phones|emails}")
    String multi(Actor actor, @PathVariable long id, @PathVariable String kind,
                 @RequestParam(name = "type", required = false) List<String> types,
                 @RequestParam(name = "value", required = false) List<String> values, Model model, Locale locale) {
        Company company = card.company(actor, id);
        String code = "phones".equals(kind) ? Parties.PHONE : Parties.EMAIL;
        List<String> t = types == null ? List.of() : types;
        List<String> v = values == null ? List.of() : values;
        Map<String, String> errors = new HashMap<>();
        if (Parties.EMAIL.equals(code) && !Parties.emailsLookRight(v)) {
            errors.put(kind, "party.error.email");
        } else {
            try {
                companies.update(actor, change(id, null, null, null, List.of(Parties.write(code, t, v))));
            } catch (ValidationException e) {
                errors.put(kind, Parties.multiError(code, e));
            }
        }
        if (!errors.isEmpty()) {
            model.addAttribute(kind, Parties.typed(t, v));
        }
        return render(actor, id, company, errors, Map.of(), model, locale);
    }

    /** Adds a contact to the company: one picked from the suggestions, else a new one of the typed name. */
    @PostMapping("/companies/{id:\\d+}/contacts")
    String addContact(Actor actor, @PathVariable long id, @RequestParam(required = false) Long pick,
                      @RequestParam(defaultValue = "") String name, Model model, Locale locale) {
        Company company = card.company(actor, id);
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
        return render(actor, id, company, errors, Map.of("contacts", name), model, locale);
    }

    @PostMapping("/companies/{id:\\d+}/contacts/{contactId:\\d+}/unlink")
    String removeContact(Actor actor, @PathVariable long id, @PathVariable long contactId, Model model, Locale locale) {
        Company company = card.company(actor, id);
        var contact = contacts.contact(actor.accountId(), contactId).orElseThrow(() -> new NotFoundException("contact " + contactId));
        if (contact.companyId() != null && contact.companyId() == id) {
            contacts.setCompany(actor, contactId, null);
        }
        return render(actor, id, company, Map.of(), Map.of(), model, locale);
    }

    private String render(Actor actor, long id, Company before, Map<String, String> errors, Map<String, String> typed, Model model,
                          Locale locale) {
        if (!errors.isEmpty()) {
            model.addAttribute("errors", errors);
            model.addAttribute("rejected", typed);
        }
        card.fillCompany(actor, errors.isEmpty() ? card.company(actor, id) : before, model, locale);
        return "companies/card :: card";
    }

    private static CompanyUpdate reject(Map<String, String> errors, String field, String key) {
        errors.put(field, key);
        return null;
    }

    private static CompanyUpdate change(long id, String name, Long responsible, List<TagRef> tags, List<FieldWrite> fields) {
        return new CompanyUpdate("0", id, name, responsible, null, null, tags, null, null, fields);
    }
}
