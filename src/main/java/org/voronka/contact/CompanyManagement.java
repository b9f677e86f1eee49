package org.voronka.contact;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.AccountManagement;
import org.voronka.contact.internal.CompanyRepository;
import org.voronka.customfield.FieldValues;
import org.voronka.customfield.FieldWriter;
import org.voronka.customfield.PreparedValues;
import org.voronka.shared.Actor;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.tag.TagManagement;

/** The facade for companies: create, change, read and list them, with the same batch rules as contacts. */
@Service
public class CompanyManagement {

    public static final String ENTITY = "companies";

    private final CompanyRepository companies;
    private final AccountManagement accounts;
    private final TagManagement tags;
    private final FieldValues fields;
    private final Ids ids;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final PartyUpdates updates;

    CompanyManagement(CompanyRepository companies, AccountManagement accounts, TagManagement tags, FieldValues fields, Ids ids,
                      ApplicationEventPublisher events, Clock clock, PartyUpdates updates) {
        this.updates = updates;
        this.companies = companies;
        this.accounts = accounts;
        this.tags = tags;
        this.fields = fields;
        this.ids = ids;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<Company> company(long accountId, long id) {
        return companies.find(accountId, id);
    }

    /** A page of companies; one more row than the limit is fetched to tell whether a next page exists. */
    @Transactional(readOnly = true)
    public List<Company> companies(long accountId, List<Long> companyIds) {
        return companies.findAll(accountId, companyIds);
    }

    @Transactional(readOnly = true)
    public List<Company> list(long accountId, PartyQuery query) {
        Set<Long> matched = query.query() == null ? Set.of()
                : fields.search(accountId, ENTITY, query.query(), ContactManagement.MAX_SEARCH_MATCHES);
        return companies.list(accountId, query, matched);
    }

    @Transactional
    public List<Company> create(Actor actor, List<NewCompany> requests) {
        long accountId = actor.accountId();
        Instant now = clock.instant();
        List<Problem> problems = new ArrayList<>();
        PartyChecks checks = new PartyChecks(accounts, accountId, requests.stream()
                .flatMap(r -> Stream.of(r.responsibleUserId(), r.createdBy(), r.updatedBy())));
        FieldWriter writer = fields.writer(accountId, ENTITY);
        List<PreparedValues> values = new ArrayList<>();
        for (NewCompany r : requests) {
            String rid = r.requestId();
            checks.user(r.responsibleUserId(), false, rid, "responsible_user_id", problems);
            checks.user(r.createdBy(), true, rid, "created_by", problems);
            checks.user(r.updatedBy(), true, rid, "updated_by", problems);
            values.add(writer.prepare(rid, r.fields(), problems));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        String lang = accounts.account(accountId).language();
        List<Long> newIds = ids.next("company_seq", requests.size());
        List<Company> created = new ArrayList<>();
        Map<Long, List<Long>> tagIds = new LinkedHashMap<>();
        Map<Long, PreparedValues> valuesById = new LinkedHashMap<>();
        List<PartiesChanged.Change> changes = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            NewCompany r = requests.get(i);
            long id = newIds.get(i);
            long responsible = checks.responsible(r.responsibleUserId(), actor);
            String name = r.name() != null && !r.name().isBlank() ? r.name().trim()
                    : ("en".equalsIgnoreCase(lang) ? "Company #" : "Компания #") + id;
            Instant createdAt = r.createdAt() != null ? r.createdAt() : now;
            long createdBy = r.createdBy() != null ? r.createdBy() : actor.userId();
            created.add(new Company(accountId, id, name, responsible, checks.groupOf(responsible), createdBy,
                    r.updatedBy() != null ? r.updatedBy() : createdBy, createdAt, r.updatedAt() != null ? r.updatedAt() : createdAt,
                    null, false));
            valuesById.put(id, values.get(i));
            changes.add(new PartiesChanged.CompanyAdded(id));
            if (r.tags() != null && !r.tags().isEmpty()) {
                tagIds.put(id, tags.resolve(accountId, ENTITY, r.tags(), r.requestId()));
            }
        }
        companies.insert(created);
        fields.write(accountId, ENTITY, valuesById);
        tags.attachAll(accountId, ENTITY, tagIds);
        events.publishEvent(new PartiesChanged(accountId, actor.userId(), now, changes));
        return created;
    }

    @Transactional
    public List<Company> update(Actor actor, List<CompanyUpdate> requests) {
        return updates.update(actor, ENTITY, "Company", requests, companies.lock(actor.accountId(), requests.stream().map(CompanyUpdate::id).toList()),
                (c, r, stamp) -> new Company(c.accountId(), c.id(), stamp.name(), stamp.responsible(), stamp.group(), c.createdBy(),
                        stamp.updatedBy(), c.createdAt(), stamp.updatedAt(), c.closestTaskAt(), false), companies::update);
    }

    @Transactional
    public Company update(Actor actor, CompanyUpdate request) {
        if (companies.find(actor.accountId(), request.id()).isEmpty()) {
            throw new NotFoundException("company " + request.id());
        }
        return update(actor, List.of(request)).get(0);
    }
}
