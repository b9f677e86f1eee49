package org.voronka.link;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.contact.Company;
import org.voronka.contact.CompanyManagement;
import org.voronka.contact.Contact;
import org.voronka.contact.ContactDirectory;
import org.voronka.contact.ContactManagement;
import org.voronka.contact.NewCompany;
import org.voronka.contact.NewContact;
import org.voronka.deal.Deal;
import org.voronka.deal.DealContact;
import org.voronka.deal.DealManagement;
import org.voronka.deal.NewDeal;
import org.voronka.shared.Actor;
import org.voronka.shared.Source;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;

/**
 * Creates deals together with their contact and company in one transaction: companies first,
 * then contacts (a new contact joins the company of its item), then the deals linked to both.
 * Any invalid part rejects everything; problems name the part, e.g. {@code _embedded.contacts.0.name}.
 */
@Service
public class ComplexLeads {

    static final String CONTACT_PATH = "_embedded.contacts.0";
    static final String COMPANY_PATH = "_embedded.companies.0";

    private final DealManagement deals;
    private final ContactManagement contacts;
    private final CompanyManagement companies;
    private final ContactDirectory directory;

    ComplexLeads(DealManagement deals, ContactManagement contacts, CompanyManagement companies, ContactDirectory directory) {
        this.deals = deals;
        this.contacts = contacts;
        this.companies = companies;
        this.directory = directory;
    }

    @Transactional
    public List<ComplexResult> create(Actor actor, List<ComplexLead> items, Source source) {
        long accountId = actor.accountId();
        checkReferences(accountId, items);
        List<Integer> newCompanyAt = new ArrayList<>();
        List<NewCompany> newCompanies = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).newCompany() != null) {
                newCompanyAt.add(i);
                newCompanies.add(items.get(i).newCompany());
            }
        }
        Map<Integer, Long> companyOf = new HashMap<>();
        if (!newCompanies.isEmpty()) {
            List<Company> created = prefixed(COMPANY_PATH, () -> companies.create(actor, newCompanies));
            for (int k = 0; k < created.size(); k++) {
                companyOf.put(newCompanyAt.get(k), created.get(k).id());
            }
        }
        List<Integer> newContactAt = new ArrayList<>();
        List<NewContact> newContacts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            NewContact c = items.get(i).newContact();
            if (c != null) {
                // a new contact joins its item's company, new or existing; an existing contact is never moved
                Long company = companyOf.containsKey(i) ? companyOf.get(i)
                        : items.get(i).companyId() != null ? items.get(i).companyId() : c.companyId();
                newContactAt.add(i);
                newContacts.add(new NewContact(c.requestId(), c.name(), c.firstName(), c.lastName(), c.responsibleUserId(), c.createdBy(),
                        c.updatedBy(), c.createdAt(), c.updatedAt(), c.tags(), c.fields(), company));
            }
        }
        Map<Integer, Long> contactOf = new HashMap<>();
        if (!newContacts.isEmpty()) {
            List<Contact> created = prefixed(CONTACT_PATH, () -> contacts.create(actor, newContacts));
            for (int k = 0; k < created.size(); k++) {
                contactOf.put(newContactAt.get(k), created.get(k).id());
            }
        }
        List<NewDeal> newDeals = new ArrayList<>();
        List<Long> contactIds = new ArrayList<>();
        List<Long> companyIds = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ComplexLead item = items.get(i);
            NewDeal d = item.lead();
            Long contactId = item.contactId() != null ? item.contactId() : contactOf.get(i);
            Long companyId = item.companyId() != null ? item.companyId() : companyOf.get(i);
            contactIds.add(contactId);
            companyIds.add(companyId);
            newDeals.add(new NewDeal(d.requestId(), d.name(), d.price(), d.pipelineId(), d.statusId(), d.responsibleUserId(), d.createdBy(),
                    d.createdAt(), d.updatedAt(), d.closedAt(), d.lossReasonId(), d.tags(),
                    contactId == null ? null : List.of(new DealContact(0, contactId, true)), companyId, d.fields()));
        }
        List<Deal> created = deals.create(actor, newDeals, source);
        List<ComplexResult> result = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            result.add(new ComplexResult(created.get(i).id(), contactIds.get(i), companyIds.get(i), items.get(i).lead().requestId()));
        }
        return result;
    }

    private void checkReferences(long accountId, List<ComplexLead> items) {
        Set<Long> knownContacts = directory.existingContactIds(accountId,
                items.stream().map(ComplexLead::contactId).filter(Objects::nonNull).distinct().toList());
        Set<Long> knownCompanies = directory.existingCompanyIds(accountId,
                items.stream().map(ComplexLead::companyId).filter(Objects::nonNull).distinct().toList());
        List<Problem> problems = new ArrayList<>();
        for (ComplexLead item : items) {
            String rid = item.lead().requestId();
            if (item.contactId() != null && !knownContacts.contains(item.contactId())) {
                problems.add(new Problem(rid, CONTACT_PATH + ".id", "NotSupportedChoice", "Contact " + item.contactId() + " does not exist"));
            }
            if (item.companyId() != null && !knownCompanies.contains(item.companyId())) {
                problems.add(new Problem(rid, COMPANY_PATH + ".id", "NotSupportedChoice", "Company " + item.companyId() + " does not exist"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    /** Runs a nested creation and moves its problems under the item's path ({@code _embedded.contacts.0...}). */
    private static <T> T prefixed(String prefix, Supplier<T> action) {
        try {
            return action.get();
        } catch (ValidationException e) {
            throw new ValidationException(e.problems().stream().map(p -> new Problem(p.requestId(),
                    p.path().isEmpty() ? prefix : prefix + "." + p.path(), p.code(), p.detail())).toList());
        }
    }
}
