package org.voronka.link;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.contact.Contact;
import org.voronka.contact.ContactDirectory;
import org.voronka.contact.ContactManagement;
import org.voronka.deal.Deal;
import org.voronka.deal.DealContact;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealQuery;
import org.voronka.shared.Actor;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;

/**
 * Links between deals ("leads"), contacts and companies, read and changed from either side. A
 * deal has any number of contacts (one of them main) and at most one company; a contact belongs
 * to at most one company. A batch is checked as a whole before anything changes.
 */
@Service
public class EntityLinks {

    public static final String LEADS = "leads";
    public static final String CONTACTS = "contacts";
    public static final String COMPANIES = "companies";
    static final Map<String, Set<String>> ALLOWED = Map.of(
            LEADS, Set.of(CONTACTS, COMPANIES),
            CONTACTS, Set.of(LEADS, COMPANIES),
            COMPANIES, Set.of(LEADS, CONTACTS));

    private final DealManagement deals;
    private final ContactManagement contacts;
    private final ContactDirectory directory;

    EntityLinks(DealManagement deals, ContactManagement contacts, ContactDirectory directory) {
        this.deals = deals;
        this.contacts = contacts;
        this.directory = directory;
    }

    /** The links of the existing entities among the ids, by entity id; unknown ids are left out. */
    @Transactional(readOnly = true)
    public Map<Long, List<Link>> linksOf(long accountId, String entityType, Collection<Long> ids) {
        Map<Long, List<Link>> result = new LinkedHashMap<>();
        switch (entityType) {
            case LEADS -> {
                Map<Long, Deal> found = deals(accountId, ids);
                Map<Long, List<DealContact>> byDeal = deals.contactsOf(accountId, List.copyOf(found.keySet()));
                Set<Long> liveCompanies = directory.existingCompanyIds(accountId,
                        found.values().stream().map(Deal::companyId).filter(java.util.Objects::nonNull).distinct().toList());
                found.values().forEach(d -> {
                    List<Link> links = new ArrayList<>();
                    byDeal.getOrDefault(d.id(), List.of()).forEach(c -> links.add(new Link(LEADS, d.id(), CONTACTS, c.contactId(), c.main())));
                    if (d.companyId() != null && liveCompanies.contains(d.companyId())) {
                        links.add(new Link(LEADS, d.id(), COMPANIES, d.companyId(), null));
                    }
                    result.put(d.id(), links);
                });
            }
            case CONTACTS -> {
                List<Contact> found = contacts.contacts(accountId, List.copyOf(ids));
                Set<Long> liveCompanies = directory.existingCompanyIds(accountId,
                        found.stream().map(Contact::companyId).filter(java.util.Objects::nonNull).distinct().toList());
                Map<Long, List<DealContact>> byContact = deals.dealLinksOfContacts(accountId, found.stream().map(Contact::id).toList());
                found.forEach(c -> {
                    List<Link> links = new ArrayList<>();
                    byContact.getOrDefault(c.id(), List.of()).forEach(l -> links.add(new Link(CONTACTS, c.id(), LEADS, l.dealId(), l.main())));
                    if (c.companyId() != null && liveCompanies.contains(c.companyId())) {
                        links.add(new Link(CONTACTS, c.id(), COMPANIES, c.companyId(), null));
                    }
                    result.put(c.id(), links);
                });
            }
            case COMPANIES -> {
                List<Long> found = directory.existingCompanyIds(accountId, ids).stream().sorted().toList();
                Map<Long, List<Long>> members = contacts.contactIdsOfCompanies(accountId, found);
                Map<Long, List<Long>> companyDeals = deals.dealsOfCompanies(accountId, found);
                found.forEach(id -> {
                    List<Link> links = new ArrayList<>();
                    members.getOrDefault(id, List.of()).forEach(c -> links.add(new Link(COMPANIES, id, CONTACTS, c, null)));
                    companyDeals.getOrDefault(id, List.of()).forEach(d -> links.add(new Link(COMPANIES, id, LEADS, d, null)));
                    result.put(id, links);
                });
            }
            default -> throw new IllegalArgumentException("not linkable: " + entityType);
        }
        return result;
    }

    /** Creates the links (replacing a deal's or contact's former company) and returns them as they now are. */
    @Transactional
    public List<Link> link(Actor actor, List<LinkRequest> requests) {
        check(actor.accountId(), requests, true);
        for (LinkRequest r : requests) {
            LinkRequest c = canonical(r);
            switch (c.entityType() + ">" + c.toEntityType()) {
                case "leads>contacts" -> deals.linkContact(actor, c.entityId(), c.toEntityId(), c.main());
                case "leads>companies" -> deals.setCompany(actor, c.entityId(), c.toEntityId());
                case "contacts>companies" -> contacts.setCompany(actor, c.entityId(), c.toEntityId());
                default -> throw new IllegalStateException(c.toString());
            }
        }
        List<Link> result = new ArrayList<>();
        Map<String, Map<Long, List<Link>>> now = new HashMap<>();
        for (LinkRequest r : requests) {
            List<Link> current = now.computeIfAbsent(r.entityType(), t -> linksOf(actor.accountId(), t, requests.stream()
                    .filter(x -> x.entityType().equals(t)).map(LinkRequest::entityId).distinct().toList()))
                    .getOrDefault(r.entityId(), List.of());
            current.stream().filter(l -> l.toEntityType().equals(r.toEntityType()) && l.toEntityId() == r.toEntityId())
                    .findFirst().ifPresent(result::add);
        }
        return result;
    }

    /** Removes the links; links that do not exist are ignored. */
    @Transactional
    public void unlink(Actor actor, List<LinkRequest> requests) {
        check(actor.accountId(), requests, false);
        for (LinkRequest r : requests) {
            LinkRequest c = canonical(r);
            switch (c.entityType() + ">" + c.toEntityType()) {
                case "leads>contacts" -> deals.unlinkContact(actor, c.entityId(), c.toEntityId());
                case "leads>companies" -> {
                    if (deals.deal(actor.accountId(), c.entityId()).map(Deal::companyId).filter(id -> id == c.toEntityId()).isPresent()) {
                        deals.setCompany(actor, c.entityId(), null);
                    }
                }
                case "contacts>companies" -> {
                    if (contacts.contact(actor.accountId(), c.entityId()).map(Contact::companyId)
                            .filter(id -> id == c.toEntityId()).isPresent()) {
                        contacts.setCompany(actor, c.entityId(), null);
                    }
                }
                default -> throw new IllegalStateException(c.toString());
            }
        }
    }

    /** Every link seen from the side that stores it: deal→contact, deal→company, contact→company. */
    private static LinkRequest canonical(LinkRequest r) {
        boolean flip = switch (r.entityType()) {
            case CONTACTS -> r.toEntityType().equals(LEADS);
            case COMPANIES -> true;
            default -> false;
        };
        return flip ? new LinkRequest(r.requestId(), r.toEntityType(), r.toEntityId(), r.entityType(), r.entityId(), r.main()) : r;
    }

    private void check(long accountId, List<LinkRequest> requests, boolean linking) {
        List<Problem> problems = new ArrayList<>();
        Map<String, List<Long>> wanted = new HashMap<>();
        for (LinkRequest r : requests) {
            wanted.computeIfAbsent(r.entityType(), k -> new ArrayList<>()).add(r.entityId());
            wanted.computeIfAbsent(r.toEntityType(), k -> new ArrayList<>()).add(r.toEntityId());
        }
        Map<String, Set<Long>> existing = new HashMap<>();
        wanted.forEach((type, ids) -> existing.put(type, existing(accountId, type, ids)));
        Map<Long, Long> companyOfDeal = new HashMap<>();
        Map<Long, Long> companyOfContact = new HashMap<>();
        Map<Long, Long> mainOfDeal = new HashMap<>();
        for (LinkRequest r : requests) {
            String rid = r.requestId();
            if (!existing.getOrDefault(r.entityType(), Set.of()).contains(r.entityId())) {
                problems.add(new Problem(rid, "entity_id", "NotSupportedChoice", what(r.entityType()) + " " + r.entityId() + " does not exist"));
            }
            if (!ALLOWED.get(r.entityType()).contains(r.toEntityType())) {
                problems.add(new Problem(rid, "to_entity_type", "NotSupportedChoice",
                        r.entityType() + " link to " + String.join(" or ", ALLOWED.get(r.entityType()).stream().sorted().toList())));
                continue;
            }
            if (!existing.getOrDefault(r.toEntityType(), Set.of()).contains(r.toEntityId())) {
                problems.add(new Problem(rid, "to_entity_id", "NotSupportedChoice", what(r.toEntityType()) + " " + r.toEntityId() + " does not exist"));
                continue;
            }
            if (!linking) {
                continue;
            }
            LinkRequest c = canonical(r);
            String pair = c.entityType() + ">" + c.toEntityType();
            Map<Long, Long> single = pair.equals("leads>companies") ? companyOfDeal : pair.equals("contacts>companies") ? companyOfContact
                    : r.main() ? mainOfDeal : null;
            if (single != null) {
                Long before = single.putIfAbsent(c.entityId(), c.toEntityId());
                if (before != null && before != c.toEntityId()) {
                    problems.add(new Problem(rid, "to_entity_id", "TooManyItems", pair.startsWith("leads>contacts")
                            ? "Only one contact can be the main one" : what(c.entityType()) + " " + c.entityId() + " can have one company only"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    private Set<Long> existing(long accountId, String type, List<Long> ids) {
        return switch (type) {
            case LEADS -> deals(accountId, ids).keySet();
            case CONTACTS -> directory.existingContactIds(accountId, ids);
            case COMPANIES -> directory.existingCompanyIds(accountId, ids);
            default -> Set.of();
        };
    }

    private Map<Long, Deal> deals(long accountId, Collection<Long> ids) {
        Map<Long, Deal> result = new LinkedHashMap<>();
        List<Long> distinct = ids.stream().filter(Objects::nonNull).distinct().toList();
        if (distinct.isEmpty()) {
            return result;
        }
        deals.list(accountId, DealQuery.ofIds(distinct)).forEach(d -> result.put(d.id(), d));
        return result;
    }

    private static String what(String type) {
        return switch (type) {
            case LEADS -> "Lead";
            case CONTACTS -> "Contact";
            case COMPANIES -> "Company";
            default -> type;
        };
    }
}
