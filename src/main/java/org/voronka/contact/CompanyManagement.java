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

    CompanyManagement(CompanyRepository companies, AccountManagement accounts, TagManagement tags, FieldValues fields, Ids ids,
                      ApplicationEventPublisher events, Clock clock) {
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
        long accountId = actor.accountId();
        Instant now = clock.instant();
        List<Problem> problems = new ArrayList<>(ValidationException.duplicateIds(requests, CompanyUpdate::id,
                CompanyUpdate::requestId, "Company"));
        Map<Long, Company> current = companies.lock(accountId, requests.stream().map(CompanyUpdate::id).toList());
        PartyChecks checks = new PartyChecks(accounts, accountId, requests.stream()
                .flatMap(r -> Stream.of(r.responsibleUserId(), r.updatedBy())));
        FieldWriter writer = fields.writer(accountId, ENTITY);
        Map<Long, PreparedValues> values = new LinkedHashMap<>();
        List<Company> updated = new ArrayList<>();
        for (CompanyUpdate r : requests) {
            String rid = r.requestId();
            Company c = current.get(r.id());
            if (c == null) {
                problems.add(new Problem(rid, "id", "NotFound", "Company " + r.id() + " does not exist"));
                continue;
            }
            checks.user(r.responsibleUserId(), false, rid, "responsible_user_id", problems);
            checks.user(r.updatedBy(), true, rid, "updated_by", problems);
            values.put(c.id(), writer.prepare(rid, r.fields(), problems));
            String name = r.name() != null && !r.name().isBlank() ? r.name().trim() : c.name();
            long responsible = r.responsibleUserId() != null ? r.responsibleUserId() : c.responsibleUserId();
            long group = responsible == c.responsibleUserId() ? c.groupId() : checks.groupOf(responsible);
            updated.add(new Company(accountId, c.id(), name, responsible, group, c.createdBy(),
                    r.updatedBy() != null ? r.updatedBy() : actor.userId(), c.createdAt(), r.updatedAt() != null ? r.updatedAt() : now,
                    c.closestTaskAt(), false));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        for (CompanyUpdate r : requests) {
            PartyTags.apply(tags, accountId, ENTITY, r.id(), r.requestId(), r.replaceTags(), r.tagsToAdd(), r.tagsToDelete());
        }
        companies.update(updated);
        fields.write(accountId, ENTITY, values);
        return updated;
    }

    @Transactional
    public Company update(Actor actor, CompanyUpdate request) {
        if (companies.find(actor.accountId(), request.id()).isEmpty()) {
            throw new NotFoundException("company " + request.id());
        }
        return update(actor, List.of(request)).get(0);
    }
}
