package org.voronka.contact;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.AccountManagement;
import org.voronka.contact.internal.CompanyRepository;
import org.voronka.contact.internal.ContactRepository;
import org.voronka.customfield.FieldValues;
import org.voronka.customfield.FieldWriter;
import org.voronka.customfield.PreparedValues;
import org.voronka.shared.Actor;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.tag.TagManagement;

/**
 * The facade for contacts: create, change, read and list them, and put a contact into a company.
 * A batch is validated as a whole before anything is written; one bad item rejects the batch.
 */
@Service
public class ContactManagement {

    public static final String ENTITY = "contacts";
    /** How many contacts a phone/e-mail search may contribute to a list query. */
    static final int MAX_SEARCH_MATCHES = 1000;
    static final int MAX_NAME = 255;

    private final ContactRepository contacts;
    private final CompanyRepository companies;
    private final AccountManagement accounts;
    private final TagManagement tags;
    private final FieldValues fields;
    private final Ids ids;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final PartyUpdates updates;

    ContactManagement(ContactRepository contacts, CompanyRepository companies, AccountManagement accounts, TagManagement tags,
                      FieldValues fields, Ids ids, ApplicationEventPublisher events, Clock clock, PartyUpdates updates) {
        this.updates = updates;
        this.contacts = contacts;
        this.companies = companies;
        this.accounts = accounts;
        this.tags = tags;
        this.fields = fields;
        this.ids = ids;
        this.events = events;
        this.clock = clock;
    }

    // ---- reads ----

    @Transactional(readOnly = true)
    public Optional<Contact> contact(long accountId, long id) {
        return contacts.find(accountId, id);
    }

    @Transactional(readOnly = true)
    public List<Contact> contacts(long accountId, List<Long> contactIds) {
        return contacts.findAll(accountId, contactIds);
    }

    /** A page of contacts; one more row than the limit is fetched to tell whether a next page exists. */
    @Transactional(readOnly = true)
    public List<Contact> list(long accountId, PartyQuery query) {
        Set<Long> matched = query.query() == null ? Set.of() : fields.search(accountId, ENTITY, query.query(), MAX_SEARCH_MATCHES);
        return contacts.list(accountId, query, matched);
    }

    @Transactional(readOnly = true)
    public Map<Long, List<Long>> contactIdsOfCompanies(long accountId, List<Long> companyIds) {
        return contacts.idsByCompany(accountId, companyIds);
    }

    // ---- create ----

    @Transactional
    public List<Contact> create(Actor actor, List<NewContact> requests) {
        long accountId = actor.accountId();
        Instant now = clock.instant();
        List<Problem> problems = new ArrayList<>();
        PartyChecks checks = new PartyChecks(accounts, accountId, requests.stream()
                .flatMap(r -> Stream.of(r.responsibleUserId(), r.createdBy(), r.updatedBy())));
        Set<Long> knownCompanies = companies.lock(accountId, PartyChecks.ids(requests, NewContact::companyId)).keySet();
        FieldWriter writer = fields.writer(accountId, ENTITY);
        List<PreparedValues> values = new ArrayList<>();
        for (NewContact r : requests) {
            String rid = r.requestId();
            checks.user(r.responsibleUserId(), false, rid, "responsible_user_id", problems);
            checks.user(r.createdBy(), true, rid, "created_by", problems);
            checks.user(r.updatedBy(), true, rid, "updated_by", problems);
            if (r.companyId() != null && !knownCompanies.contains(r.companyId())) {
                problems.add(new Problem(rid, "_embedded.companies.0.id", "NotSupportedChoice", "Company " + r.companyId() + " does not exist"));
            }
            values.add(writer.prepare(rid, r.fields(), problems));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        String lang = accounts.account(accountId).language();
        List<Long> newIds = ids.next("contact_seq", requests.size());
        List<Contact> created = new ArrayList<>();
        Map<Long, List<Long>> tagIds = new LinkedHashMap<>();
        Map<Long, PreparedValues> valuesById = new LinkedHashMap<>();
        List<PartiesChanged.Change> changes = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            NewContact r = requests.get(i);
            long id = newIds.get(i);
            long responsible = checks.responsible(r.responsibleUserId(), actor);
            String first = trim(r.firstName());
            String last = trim(r.lastName());
            String name = nameOf(r.name(), first, last);
            if (name.isEmpty()) {
                name = ("en".equalsIgnoreCase(lang) ? "Contact #" : "Контакт #") + id;
            }
            Instant createdAt = r.createdAt() != null ? r.createdAt() : now;
            long createdBy = r.createdBy() != null ? r.createdBy() : actor.userId();
            created.add(new Contact(accountId, id, name, first, last, responsible, checks.groupOf(responsible), r.companyId(),
                    createdBy, r.updatedBy() != null ? r.updatedBy() : createdBy, createdAt,
                    r.updatedAt() != null ? r.updatedAt() : createdAt, null, false));
            valuesById.put(id, values.get(i));
            changes.add(new PartiesChanged.ContactAdded(id));
            if (r.companyId() != null) {
                changes.add(new PartiesChanged.CompanyLinked(id, r.companyId(), true));
            }
            if (r.tags() != null && !r.tags().isEmpty()) {
                tagIds.put(id, tags.resolve(accountId, ENTITY, r.tags(), r.requestId()));
            }
        }
        contacts.insert(created);
        fields.write(accountId, ENTITY, valuesById);
        tags.attachAll(accountId, ENTITY, tagIds);
        events.publishEvent(new PartiesChanged(accountId, actor.userId(), now, changes));
        return created;
    }

    /** The display name: the given one, else first and last name. */
    static String nameOf(String name, String first, String last) {
        if (name != null && !name.isBlank()) {
            return name.trim();
        }
        String joined = (first + " " + last).trim();
        return joined.length() > MAX_NAME ? joined.substring(0, MAX_NAME) : joined;
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    // ---- update ----

    @Transactional
    public List<Contact> update(Actor actor, List<ContactUpdate> requests) {
        return updates.update(actor, ENTITY, "Contact", requests, contacts.lock(actor.accountId(), requests.stream().map(ContactUpdate::id).toList()),
                (c, r, stamp) -> {
                    String first = r.firstName() != null ? r.firstName().trim() : c.firstName();
                    String last = r.lastName() != null ? r.lastName().trim() : c.lastName();
                    String name = stamp.name();
                    if ((r.name() == null || r.name().isBlank()) && (r.firstName() != null || r.lastName() != null)
                            && !nameOf(null, first, last).isEmpty()) {
                        name = nameOf(null, first, last);
                    }
                    return new Contact(c.accountId(), c.id(), name, first, last, stamp.responsible(), stamp.group(), c.companyId(),
                            c.createdBy(), stamp.updatedBy(), c.createdAt(), stamp.updatedAt(), c.closestTaskAt(), false);
                }, contacts::update);
    }

    /** One contact; an unknown one (or another account's) is not found. */
    @Transactional
    public Contact update(Actor actor, ContactUpdate request) {
        if (contacts.find(actor.accountId(), request.id()).isEmpty()) {
            throw new NotFoundException("contact " + request.id());
        }
        return update(actor, List.of(request)).get(0);
    }

    // ---- company membership ----

    /** Puts the contact into the company (replacing its former one), or with null takes it out. */
    @Transactional
    public void setCompany(Actor actor, long contactId, Long companyId) {
        long accountId = actor.accountId();
        Contact c = contacts.lock(accountId, List.of(contactId)).get(contactId);
        if (c == null) {
            throw new NotFoundException("contact " + contactId);
        }
        if (companyId != null && companies.find(accountId, companyId).isEmpty()) {
            throw new NotFoundException("company " + companyId);
        }
        if (Objects.equals(c.companyId(), companyId)) {
            return;
        }
        Instant now = clock.instant();
        contacts.update(List.of(new Contact(accountId, c.id(), c.name(), c.firstName(), c.lastName(), c.responsibleUserId(),
                c.groupId(), companyId, c.createdBy(), actor.userId(), c.createdAt(), now, c.closestTaskAt(), false)));
        List<PartiesChanged.Change> changes = new ArrayList<>();
        if (c.companyId() != null) {
            changes.add(new PartiesChanged.CompanyLinked(contactId, c.companyId(), false));
        }
        if (companyId != null) {
            changes.add(new PartiesChanged.CompanyLinked(contactId, companyId, true));
        }
        events.publishEvent(new PartiesChanged(accountId, actor.userId(), now, changes));
    }
}
