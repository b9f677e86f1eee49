package org.voronka.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.voronka.account.AccountManagement;
import org.voronka.contact.Company;
import org.voronka.contact.CompanyManagement;
import org.voronka.contact.Contact;
import org.voronka.contact.ContactManagement;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.DealManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.tag.Tag;

/** Fills the model of a contact card and of a company card: fields on the left, deals and the timeline on the right. */
@Component
class ContactCard {

    private final ContactManagement contacts;
    private final CompanyManagement companies;
    private final DealManagement deals;
    private final Parties parties;
    private final Cards cards;
    private final TimelineView timeline;
    private final TaskViews tasks;
    private final AccountManagement accounts;

    ContactCard(ContactManagement contacts, CompanyManagement companies, DealManagement deals, Parties parties, Cards cards,
                TimelineView timeline, TaskViews tasks, AccountManagement accounts) {
        this.tasks = tasks;
        this.accounts = accounts;
        this.contacts = contacts;
        this.companies = companies;
        this.deals = deals;
        this.parties = parties;
        this.cards = cards;
        this.timeline = timeline;
    }

    Contact contact(Actor actor, long id) {
        return contacts.contact(actor.accountId(), id).orElseThrow(() -> new NotFoundException("contact " + id));
    }

    Company company(Actor actor, long id) {
        return companies.company(actor.accountId(), id).orElseThrow(() -> new NotFoundException("company " + id));
    }

    void fillContact(Actor actor, Contact contact, Model model, Locale locale) {
        long accountId = actor.accountId();
        model.addAttribute("contact", contact);
        model.addAttribute("company", contact.companyId() == null ? null : companies.company(accountId, contact.companyId()).orElse(null));
        common(actor, FieldValues.CONTACTS, "contact", contact.id(), contact.responsibleUserId(), model, locale);
        model.addAttribute("deals", parties.deals(accountId, deals.dealsOfContact(accountId, contact.id())));
    }

    void fillCompany(Actor actor, Company company, Model model, Locale locale) {
        long accountId = actor.accountId();
        model.addAttribute("company", company);
        List<Long> members = contacts.contactIdsOfCompanies(accountId, List.of(company.id())).getOrDefault(company.id(), List.of());
        model.addAttribute("members", contacts.contacts(accountId, members.stream().limit(Parties.MAX_DEALS).toList()));
        common(actor, FieldValues.COMPANIES, "company", company.id(), company.responsibleUserId(), model, locale);
        model.addAttribute("deals", parties.deals(accountId, deals.dealsOfCompany(accountId, company.id())));
    }

    private void common(Actor actor, String entityType, String eventType, long id, long responsible, Model model, Locale locale) {
        long accountId = actor.accountId();
        if (!model.containsAttribute("phones")) {
            model.addAttribute("phones", parties.values(accountId, entityType, id, Parties.PHONE));
        }
        if (!model.containsAttribute("emails")) {
            model.addAttribute("emails", parties.values(accountId, entityType, id, Parties.EMAIL));
        }
        model.addAttribute("phoneTypes", Parties.types(Parties.PHONE));
        model.addAttribute("emailTypes", Parties.types(Parties.EMAIL));
        model.addAttribute("users", parties.responsibles(accountId, responsible));
        List<Tag> tags = parties.tagsOf(accountId, entityType, id);
        model.addAttribute("tags", tags);
        model.addAttribute("tagText", Parties.tagText(tags));
        String noteEntity = "contact".equals(eventType) ? ContactManagement.ENTITY : CompanyManagement.ENTITY;
        model.addAttribute("events", timeline.of(accountId, eventType, noteEntity, id, cards.pipelinesById(accountId),
                cards.userNames(accountId), TimelineView.byId(tasks.types(accountId, locale)), WebModel.zoneOf(accounts, accountId),
                locale).all());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        if (!model.containsAttribute("rejected")) {
            model.addAttribute("rejected", Map.of());
        }
    }
}
