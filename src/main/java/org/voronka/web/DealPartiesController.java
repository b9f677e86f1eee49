package org.voronka.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.contact.CompanyManagement;
import org.voronka.contact.ContactManagement;
import org.voronka.contact.NewCompany;
import org.voronka.contact.NewContact;
import org.voronka.deal.DealManagement;
import org.voronka.shared.Actor;

/**
 * The contacts and the company of a deal, from its card: find an existing one or create a new one
 * by name, mark the main contact, unlink. Answers the whole card, so its timeline shows the link.
 */
@Controller
class DealPartiesController {

    private final DealManagement deals;
    private final ContactManagement contacts;
    private final CompanyManagement companies;
    private final DealCard card;

    DealPartiesController(DealManagement deals, ContactManagement contacts, CompanyManagement companies, DealCard card) {
        this.deals = deals;
        this.contacts = contacts;
        this.companies = companies;
        this.card = card;
    }

    @PostMapping("/leads/{id:\\d+}/contacts")
    String addContact(Actor actor, @PathVariable long id, @RequestParam(required = false) Long pick,
                      @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "false") boolean main, Model model,
                      Locale locale, HttpServletResponse response) {
        card.require(actor, id);
        String n = name.trim();
        String error = pick == null ? nameError(n) : null;
        if (error == null) {
            long contactId = pick != null ? pick
                    : contacts.create(actor, List.of(new NewContact("0", n, null, null, null, null, null, null, null, null, null, null)))
                    .get(0).id();
            deals.linkContact(actor, id, contactId, main);
        }
        return render(actor, id, error == null ? Map.of() : Map.of("contacts", error), name, model, locale, response);
    }

    @PostMapping("/leads/{id:\\d+}/contacts/{contactId:\\d+}/main")
    String main(Actor actor, @PathVariable long id, @PathVariable long contactId, Model model, Locale locale,
                HttpServletResponse response) {
        card.require(actor, id);
        deals.linkContact(actor, id, contactId, true);
        return render(actor, id, Map.of(), "", model, locale, response);
    }

    @PostMapping("/leads/{id:\\d+}/contacts/{contactId:\\d+}/unlink")
    String unlinkContact(Actor actor, @PathVariable long id, @PathVariable long contactId, Model model, Locale locale,
                         HttpServletResponse response) {
        card.require(actor, id);
        deals.unlinkContact(actor, id, contactId);
        return render(actor, id, Map.of(), "", model, locale, response);
    }

    @PostMapping("/leads/{id:\\d+}/company")
    String company(Actor actor, @PathVariable long id, @RequestParam(required = false) Long pick,
                   @RequestParam(defaultValue = "") String name, Model model, Locale locale, HttpServletResponse response) {
        card.require(actor, id);
        String n = name.trim();
        String error = pick == null ? nameError(n) : null;
        if (error == null) {
            long companyId = pick != null ? pick
                    : companies.create(actor, List.of(new NewCompany("0", n, null, null, null, null, null, null, null))).get(0).id();
            deals.setCompany(actor, id, companyId);
        }
        return render(actor, id, error == null ? Map.of() : Map.of("company", error), name, model, locale, response);
    }

    @PostMapping("/leads/{id:\\d+}/company/unlink")
    String unlinkCompany(Actor actor, @PathVariable long id, Model model, Locale locale, HttpServletResponse response) {
        card.require(actor, id);
        deals.setCompany(actor, id, null);
        return render(actor, id, Map.of(), "", model, locale, response);
    }

    static String nameError(String name) {
        return name.isEmpty() ? "error.name.blank" : name.length() > 255 ? "error.name.long" : null;
    }

    private String render(Actor actor, long id, Map<String, String> errors, String typed, Model model, Locale locale,
                          HttpServletResponse response) {
        if (errors.isEmpty()) {
            response.setHeader("HX-Trigger", "{\"deals-changed\":\"" + id + "\"}");
        } else {
            model.addAttribute("errors", errors);
            model.addAttribute("rejected", typed);
        }
        card.fill(actor, card.require(actor, id), model, locale);
        return "deal/card :: card";
    }
}
