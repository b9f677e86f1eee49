package org.voronka.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.voronka.account.AccountManagement;
import org.voronka.contact.Company;
import org.voronka.contact.CompanyManagement;
import org.voronka.contact.CompanyUpdate;
import org.voronka.contact.Contact;
import org.voronka.contact.ContactManagement;
import org.voronka.contact.ContactUpdate;
import org.voronka.contact.NewCompany;
import org.voronka.contact.NewContact;
import org.voronka.contact.Party;
import org.voronka.contact.PartyDuplicates;
import org.voronka.contact.PartyQuery;
import org.voronka.customfield.FieldWrite;
import org.voronka.deal.DealManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.tag.Tag;
import org.voronka.tag.TagRef;

/**
 * Contacts and companies for the pages that show them alike ({@code kind} is {@code contacts} or
 * {@code companies}): finding, listing, creating and changing one, and filling its card: fields on
 * the left, possible duplicates, deals and the timeline on the right.
 */
@Component
class PartyCard {

    static final String CONTACTS = ContactManagement.ENTITY;
    static final String COMPANIES = CompanyManagement.ENTITY;

    /** A change from the card; null parts stay as they are ({@code first}/{@code last} only for contacts). */
    record Change(String name, String first, String last, Long responsible, List<TagRef> tags, List<FieldWrite> fields) {}

    private final ContactManagement contacts;
    private final CompanyManagement companies;
    private final DealManagement deals;
    private final Parties parties;
    private final Cards cards;
    private final TimelineView timeline;
    private final TaskViews tasks;
    private final AccountManagement accounts;
    private final PartyDuplicates duplicates;

    PartyCard(ContactManagement contacts, CompanyManagement companies, DealManagement deals, Parties parties, Cards cards,
              TimelineView timeline, TaskViews tasks, AccountManagement accounts, PartyDuplicates duplicates) {
        this.tasks = tasks;
        this.accounts = accounts;
        this.contacts = contacts;
        this.companies = companies;
        this.deals = deals;
        this.parties = parties;
        this.cards = cards;
        this.timeline = timeline;
        this.duplicates = duplicates;
    }

    /** "contact" or "company": the singular that element ids and event types use. */
    static String one(String kind) {
        return COMPANIES.equals(kind) ? "company" : "contact";
    }

    Party require(Actor actor, String kind, long id) {
        return COMPANIES.equals(kind) ? company(actor, id) : contact(actor, id);
    }

    Contact contact(Actor actor, long id) {
        return contacts.contact(actor.accountId(), id).orElseThrow(() -> new NotFoundException("contact " + id));
    }

    Company company(Actor actor, long id) {
        return companies.company(actor.accountId(), id).orElseThrow(() -> new NotFoundException("company " + id));
    }

    /** Newest first, a page after the id last shown, optionally searched; one more than a page tells that there is more. */
    List<? extends Party> list(Actor actor, String kind, String q, Long afterId) {
        PartyQuery query = PartyQuery.newestFirst(q, afterId, Parties.PAGE);
        return COMPANIES.equals(kind) ? companies.list(actor.accountId(), query) : contacts.list(actor.accountId(), query);
    }

    @SuppressWarnings("unchecked")
    List<Parties.Row> rows(Actor actor, String kind, List<? extends Party> shown) {
        return COMPANIES.equals(kind) ? parties.companyRows(actor.accountId(), (List<Company>) shown)
                : parties.contactRows(actor.accountId(), (List<Contact>) shown);
    }

    Party create(Actor actor, String kind, String name, List<FieldWrite> fields) {
        return COMPANIES.equals(kind)
                ? companies.create(actor, List.of(new NewCompany("0", name, null, null, null, null, null, null, fields))).get(0)
                : contacts.create(actor, List.of(new NewContact("0", name, null, null, null, null, null, null, null, null, fields, null)))
                        .get(0);
    }

    void update(Actor actor, String kind, long id, Change c) {
        if (COMPANIES.equals(kind)) {
            companies.update(actor, new CompanyUpdate("0", id, c.name(), c.responsible(), null, null, c.tags(), null, null, c.fields()));
        } else {
            contacts.update(actor, new ContactUpdate("0", id, c.name(), c.first(), c.last(), c.responsible(), null, null, c.tags(), null,
                    null, c.fields()));
        }
    }

    void fill(Actor actor, String kind, Party party, Model model, Locale locale) {
        if (party instanceof Contact contact) {
            fillContact(actor, contact, model, locale);
        } else {
            fillCompany(actor, (Company) party, model, locale);
        }
    }

    void fillContact(Actor actor, Contact contact, Model model, Locale locale) {
        long accountId = actor.accountId();
        model.addAttribute("contact", contact);
        model.addAttribute("company", contact.companyId() == null ? null : companies.company(accountId, contact.companyId()).orElse(null));
        common(actor, CONTACTS, contact, model, locale);
        model.addAttribute("deals", parties.deals(accountId, deals.dealsOfContact(accountId, contact.id())));
    }

    void fillCompany(Actor actor, Company company, Model model, Locale locale) {
        long accountId = actor.accountId();
        model.addAttribute("company", company);
        List<Long> members = contacts.contactIdsOfCompanies(accountId, List.of(company.id())).getOrDefault(company.id(), List.of());
        model.addAttribute("members", contacts.contacts(accountId, members.stream().limit(Parties.MAX_DEALS).toList()));
        common(actor, COMPANIES, company, model, locale);
        model.addAttribute("deals", parties.deals(accountId, deals.dealsOfCompany(accountId, company.id())));
    }

    private void common(Actor actor, String kind, Party party, Model model, Locale locale) {
        long accountId = actor.accountId();
        long id = party.id();
        model.addAttribute("kind", kind);
        model.addAttribute("one", one(kind));
        model.addAttribute("party", party);
        if (!model.containsAttribute("phones")) {
            model.addAttribute("phones", parties.values(accountId, kind, id, Parties.PHONE));
        }
        if (!model.containsAttribute("emails")) {
            model.addAttribute("emails", parties.values(accountId, kind, id, Parties.EMAIL));
        }
        model.addAttribute("phoneTypes", Parties.types(Parties.PHONE));
        model.addAttribute("emailTypes", Parties.types(Parties.EMAIL));
        model.addAttribute("users", parties.responsibles(accountId, party.responsibleUserId()));
        List<Tag> tags = parties.tagsOf(accountId, kind, id);
        model.addAttribute("tags", tags);
        model.addAttribute("duplicates", duplicates.ofStored(accountId, kind, List.of(party)).getOrDefault(id, List.of()));
        model.addAttribute("events", timeline.of(accountId, one(kind), kind, id, cards.pipelinesById(accountId),
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
