package org.voronka.deal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.AccountManagement;
import org.voronka.contact.ContactDirectory;
import org.voronka.customfield.CustomField;
import org.voronka.customfield.FieldValue;
import org.voronka.customfield.FieldValues;
import org.voronka.customfield.SqlCondition;
import org.voronka.deal.internal.PartySql;
import org.voronka.customfield.FieldWrite;
import org.voronka.customfield.FieldWriter;
import org.voronka.customfield.PreparedValues;
import org.voronka.deal.DealsChanged.Change;
import org.voronka.deal.internal.DealRepository;
import org.voronka.deal.internal.StageCounters;
import org.voronka.deal.internal.LossReasonRepository;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Actor;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.Source;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.tag.TagManagement;
import org.voronka.tag.TagRef;

/**
 * The deal module's facade: create, change and move deals, read them and their history. A batch
 * is validated as a whole before anything is written; one bad item rejects the batch.
 */
@Service
public class DealManagement {

    public static final String ENTITY = "leads";
    /** The problem code of a move (or a creation) into a stage whose required fields are empty. */
    public static final String REQUIRED_FIELD_EMPTY = "RequiredFieldEmpty";

    private final DealRepository deals;
    private final StageCounters counters;
    private final LossReasonRepository lossReasons;
    private final PipelineManagement pipelines;
    private final AccountManagement accounts;
    private final ContactDirectory contacts;
    private final TagManagement tags;
    private final FieldValues fields;
    private final Ids ids;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DealManagement(DealRepository deals, LossReasonRepository lossReasons, PipelineManagement pipelines,
                   AccountManagement accounts, ContactDirectory contacts, TagManagement tags, FieldValues fields, Ids ids,
                   ApplicationEventPublisher events, Clock clock, StageCounters counters) {
        this.deals = deals;
        this.counters = counters;
        this.lossReasons = lossReasons;
        this.pipelines = pipelines;
        this.accounts = accounts;
        this.contacts = contacts;
        this.tags = tags;
        this.fields = fields;
        this.ids = ids;
        this.events = events;
        this.clock = clock;
    }

    // ---- reads ----

    @Transactional(readOnly = true)
    public Optional<Deal> deal(long accountId, long id) {
        return deals.find(accountId, id).filter(d -> !d.deleted());
    }

    /** The deals among the ids as they are now, deleted ones included (for reports of what happened to them). */
    @Transactional(readOnly = true)
    public List<Deal> dealsIncludingDeleted(long accountId, java.util.Collection<Long> ids) {
        return deals.findAll(accountId, ids);
    }

    /** A page of deals; one more row than the limit is fetched to tell whether a next page exists. */
    @Transactional(readOnly = true)
    public List<Deal> list(long accountId, DealQuery query) {
        return deals.list(accountId, query, conditions(accountId, query));
    }

    /** How many live deals match the query's conditions. */
    @Transactional(readOnly = true)
    public long count(long accountId, DealQuery query) {
        return deals.count(accountId, query, conditions(accountId, query));
    }

    /**
     * The matching deals as SQL (a SELECT of ids with named parameters) for a statement that copies
     * them in one pass, such as freezing the deals of a mass action (ADR 9).
     */
    public DealSelection selection(long accountId, DealQuery query) {
        return DealRepository.selection(accountId, query, conditions(accountId, query));
    }

    /**
     * The conditions of the query that the deals table alone cannot answer: the deal's custom
     * fields, its contacts' and its company's (the custom field module builds each side's field
     * condition; the contacts' and the company's are named apart so they share one statement).
     */
    private SqlCondition conditions(long accountId, DealQuery query) {
        DealQuery.Parties parties = query.parties();
        SqlCondition own = fields.condition(accountId, ENTITY, "id", query.fieldFilters());
        if (parties.isEmpty()) {
            return own;
        }
        return own.and(PartySql.contact(accountId, parties.contact(),
                        fields.condition(accountId, FieldValues.CONTACTS, "c.id", parties.contact().fields(), "ccf")))
                .and(PartySql.company(accountId, parties.company(),
                        fields.condition(accountId, FieldValues.COMPANIES, "c.id", parties.company().fields(), "kcf")));
    }

    /** How many open deals each of the users is responsible for (0 for those with none), for "least busy" assignment. */
    @Transactional(readOnly = true)
    public Map<Long, Long> openDealCounts(long accountId, java.util.Collection<Long> userIds) {
        Map<Long, Long> counts = deals.openDealCounts(accountId, userIds);
        Map<Long, Long> result = new LinkedHashMap<>();
        userIds.forEach(u -> result.put(u, counts.getOrDefault(u, 0L)));
        return result;
    }

    /** Locks the live deals among the ids inside the caller's transaction and returns them as they are. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public Map<Long, Deal> lock(long accountId, java.util.Collection<Long> dealIds) {
        return deals.lock(accountId, dealIds);
    }

    /**
     * Deal count and budget sum per stage of a pipeline, of the deals matching the query's
     * conditions (its order and page are ignored): the board's column totals under a filter.
     */
    @Transactional(readOnly = true)
    public Map<Long, StageTotal> stageTotals(long accountId, long pipelineId, DealQuery query) {
        return stageTotals(accountId, pipelineId, query, List.of());
    }

    /**
     * The same, for the given stages only (empty: all): a board without its closed columns counts
     * only the open stages, not the hundreds of thousands of won and lost deals.
     */
    @Transactional(readOnly = true)
    public Map<Long, StageTotal> stageTotals(long accountId, long pipelineId, DealQuery query, java.util.Collection<Long> statusIds) {
        Map<Long, StageTotal> result = new LinkedHashMap<>();
        // the whole pipeline is counted by counters (as fast for 100,000 deals as for 100); a filtered board counts its deals
        (query.keepsWholePipeline(pipelineId) ? counters.totals(accountId, pipelineId, statusIds)
                : deals.stageTotals(accountId, pipelineId, query, conditions(accountId, query), statusIds))
                .forEach(t -> result.put(t.statusId(), t));
        return result;
    }

    /** A page of deals narrowed by a task condition (null: none). */
    @Transactional(readOnly = true)
    public List<Deal> list(long accountId, DealQuery query, TaskCondition tasks) {
        return list(accountId, withTasks(accountId, query, tasks));
    }

    private DealQuery withTasks(long accountId, DealQuery query, TaskCondition tasks) {
        return tasks == null ? query : query.withTasks(tasks, accounts.account(accountId).zone(), clock.instant());
    }

    @Transactional(readOnly = true)
    public Map<Long, List<DealContact>> contactsOf(long accountId, List<Long> dealIds) {
        return deals.contactsOf(accountId, dealIds);
    }

    @Transactional(readOnly = true)
    public List<StageTransition> history(long accountId, long dealId) {
        return deals.history(accountId, dealId);
    }

    @Transactional(readOnly = true)
    public List<Long> dealsOfContact(long accountId, long contactId) {
        return deals.dealsOfContact(accountId, contactId);
    }

    @Transactional(readOnly = true)
    public List<Long> dealsOfCompany(long accountId, long companyId) {
        return deals.dealsOfCompany(accountId, companyId);
    }

    /** The deal links of many contacts at once, by contact id (for contact lists and link reads). */
    @Transactional(readOnly = true)
    public Map<Long, List<DealContact>> dealLinksOfContacts(long accountId, java.util.Collection<Long> contactIds) {
        return deals.linksOfContacts(accountId, contactIds);
    }

    /** The deals of many companies at once, by company id. */
    @Transactional(readOnly = true)
    public Map<Long, List<Long>> dealsOfCompanies(long accountId, java.util.Collection<Long> companyIds) {
        return deals.dealsOfCompanies(accountId, companyIds);
    }

    // ---- create ----

    @Transactional
    public List<Deal> create(Actor actor, List<NewDeal> requests, Source source) {
        long accountId = actor.accountId();
        Instant now = clock.instant();
        Map<Long, Pipeline> pipelineById = pipelinesById(accountId);
        Pipeline main = pipelineById.values().stream().filter(Pipeline::main).findFirst().orElseThrow();
        List<Problem> problems = new ArrayList<>();
        Set<Long> users = accounts.existingUserIds(accountId, collect(requests, r -> r.responsibleUserId()));
        Set<Long> knownReasons = lossReasons.existingIds(accountId, collect(requests, NewDeal::lossReasonId));
        Set<Long> knownContacts = contacts.existingContactIds(accountId,
                requests.stream().flatMap(r -> r.contacts() == null ? java.util.stream.Stream.empty() : r.contacts().stream())
                        .map(DealContact::contactId).toList());
        Set<Long> knownCompanies = contacts.existingCompanyIds(accountId, collect(requests, NewDeal::companyId));
        List<Stage> targets = new ArrayList<>();
        FieldWriter writer = fields.writer(accountId, ENTITY);
        List<PreparedValues> values = new ArrayList<>();
        for (NewDeal r : requests) {
            String rid = r.requestId();
            Stage target = resolveStage(pipelineById, main, null, r.pipelineId(), r.statusId(), rid, problems);
            targets.add(target);
            values.add(writer.prepare(rid, r.fields(), problems));
            if (r.responsibleUserId() != null && !users.contains(r.responsibleUserId())) {
                problems.add(new Problem(rid, "responsible_user_id", "NotSupportedChoice", "User " + r.responsibleUserId() + " does not exist"));
            }
            checkLossReason(r.lossReasonId(), target, knownReasons, rid, problems);
            if (r.contacts() != null) {
                for (int i = 0; i < r.contacts().size(); i++) {
                    if (!knownContacts.contains(r.contacts().get(i).contactId())) {
                        problems.add(new Problem(rid, "_embedded.contacts." + i + ".id", "NotSupportedChoice",
                                "Contact " + r.contacts().get(i).contactId() + " does not exist"));
                    }
                }
                if (r.contacts().stream().filter(DealContact::main).count() > 1) {
                    problems.add(new Problem(rid, "_embedded.contacts", "InvalidValue", "Only one contact can be the main one"));
                }
            }
            if (r.companyId() != null && !knownCompanies.contains(r.companyId())) {
                problems.add(new Problem(rid, "_embedded.companies.0.id", "NotSupportedChoice", "Company " + r.companyId() + " does not exist"));
            }
        }
        if (problems.isEmpty() && writer.anyRequired()) {
            // a new deal enters its first stage: the fields required there must come with it
            for (int i = 0; i < requests.size(); i++) {
                Stage t = targets.get(i);
                requiredProblems(writer.missing(t.pipelineId(), t.id(), values.get(i)), t, requests.get(i).requestId(), problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        String lang = accounts.account(accountId).language();
        List<Long> newIds = ids.next("deal_seq", requests.size());
        List<Long> transitionIds = ids.next("transition_seq", requests.size());
        Map<Long, Long> groups = new HashMap<>();
        List<Deal> created = new ArrayList<>();
        List<StageTransition> history = new ArrayList<>();
        List<DealContact> links = new ArrayList<>();
        Map<Long, List<Long>> tagIds = new LinkedHashMap<>();
        Map<Long, PreparedValues> fieldValues = new LinkedHashMap<>();
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            NewDeal r = requests.get(i);
            long id = newIds.get(i);
            fieldValues.put(id, values.get(i));
            Stage target = targets.get(i);
            long responsible = r.responsibleUserId() != null ? r.responsibleUserId() : actor.userId() != 0 ? actor.userId()
                    : accounts.users(accountId, 0, 1).get(0).id();
            long group = groups.computeIfAbsent(responsible, u -> accounts.groupOf(accountId, u));
            String name = r.name() == null || r.name().isBlank() ? defaultName(lang, id) : r.name().trim();
            Instant createdAt = r.createdAt() != null ? r.createdAt() : now;
            Instant closedAt = target.isClosed() ? (r.closedAt() != null ? r.closedAt() : now) : null;
            long createdBy = r.createdBy() != null ? r.createdBy() : actor.userId();
            Long companyId = r.companyId();
            created.add(new Deal(accountId, id, name, r.price() == null ? BigDecimal.ZERO : r.price(), responsible, group,
                    target.pipelineId(), target.id(), target.isLost() ? r.lossReasonId() : null, null, companyId, createdBy,
                    createdBy, createdAt, r.updatedAt() != null ? r.updatedAt() : createdAt, closedAt, null, false, null, null));
            history.add(new StageTransition(transitionIds.get(i), id, null, null, target.pipelineId(), target.id(), createdAt,
                    actor.userId(), source.code()));
            changes.add(new DealsChanged.Created(id, target.pipelineId(), target.id()));
            if (r.contacts() != null) {
                boolean anyMain = r.contacts().stream().anyMatch(DealContact::main);
                Set<Long> seen = new HashSet<>();
                for (int c = 0; c < r.contacts().size(); c++) {
                    DealContact dc = r.contacts().get(c);
                    if (seen.add(dc.contactId())) {
                        links.add(new DealContact(id, dc.contactId(), dc.main() || (!anyMain && c == 0)));
                        changes.add(new DealsChanged.ContactLinked(id, dc.contactId(), true));
                    }
                }
            }
            if (companyId != null) {
                changes.add(new DealsChanged.CompanyLinked(id, companyId, true));
            }
            if (r.tags() != null && !r.tags().isEmpty()) {
                tagIds.put(id, tags.resolve(accountId, ENTITY, r.tags(), r.requestId()));
            }
        }
        deals.insert(created);
        deals.insertTransitions(accountId, history);
        deals.insertContacts(accountId, links);
        tags.attachAll(accountId, ENTITY, tagIds);
        fields.write(accountId, ENTITY, fieldValues);
        events.publishEvent(new DealsChanged(accountId, actor.userId(), now, source.code(), changes));
        return created;
    }

    /**
     * Copies a deal into a stage (of another pipeline, as a rule's hand-off to the next department
     * that keeps the original where it is): name, budget, responsible user, tags, contacts, company
     * and the custom field values ({@code fieldIds}: only these; null: all). The copy remembers its
     * original ({@link #lineage}).
     */
    @Transactional
    public Deal copy(Actor actor, long dealId, long pipelineId, long statusId, java.util.Collection<Long> fieldIds, Source source) {
        long accountId = actor.accountId();
        Deal original = deal(accountId, dealId).orElseThrow(() -> new org.voronka.shared.NotFoundException("deal " + dealId));
        List<FieldWrite> values = new ArrayList<>();
        for (FieldValue v : fields.read(accountId, ENTITY, List.of(dealId)).getOrDefault(dealId, List.of())) {
            if (fieldIds == null || fieldIds.contains(v.fieldId())) {
                values.add(FieldWrite.of(v, "custom_fields_values." + values.size()));
            }
        }
        List<TagRef> tagRefs = tags.tagsOf(accountId, ENTITY, List.of(dealId)).getOrDefault(dealId, List.of()).stream()
                .map(t -> new TagRef(t.id(), null, null)).toList();
        List<DealContact> people = deals.contactsOf(accountId, List.of(dealId)).getOrDefault(dealId, List.of());
        Deal copy = create(actor, List.of(new NewDeal("0", original.name(), original.price(), pipelineId, statusId,
                original.responsibleUserId(), null, null, null, null, null, tagRefs, people, original.companyId(), values)), source).get(0);
        deals.insertCopy(accountId, copy.id(), dealId, clock.instant());
        return copy;
    }

    /** The deal's original (when it is a copy) and its live copies. */
    @Transactional(readOnly = true)
    public DealLineage lineage(long accountId, long dealId) {
        return deals.lineage(accountId, dealId);
    }

    static String defaultName(String lang, long id) {
        return ("en".equalsIgnoreCase(lang) ? "Deal #" : "Сделка #") + id;
    }

    // ---- update and move ----

    @Transactional
    public List<Deal> update(Actor actor, List<DealUpdate> requests, Source source) {
        return update(actor, requests, source, deals.lock(actor.accountId(), requests.stream().map(DealUpdate::id).toList()));
    }

    /** The update of already locked deals ({@code current}: the live ones among the requested ids). */
    private List<Deal> update(Actor actor, List<DealUpdate> requests, Source source, Map<Long, Deal> current) {
        long accountId = actor.accountId();
        Instant now = clock.instant();
        List<Problem> problems = new ArrayList<>(ValidationException.duplicateIds(requests, DealUpdate::id, DealUpdate::requestId,
                "Deal"));
        boolean moves = requests.stream().anyMatch(r -> r.pipelineId() != null || r.statusId() != null);
        Map<Long, Pipeline> pipelineById = moves ? pipelinesById(accountId) : Map.of();
        Set<Long> users = accounts.existingUserIds(accountId, collect(requests, DealUpdate::responsibleUserId));
        Set<Long> knownReasons = lossReasons.existingIds(accountId, collect(requests, DealUpdate::lossReasonId));
        List<Deal> updated = new ArrayList<>();
        List<Deal> renamed = new ArrayList<>();
        List<StageTransition> history = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        FieldWriter writer = fields.writer(accountId, ENTITY);
        Map<Long, PreparedValues> fieldValues = new LinkedHashMap<>();
        List<FieldValues.Entering> entering = new ArrayList<>();
        Map<Long, Stage> enteredStages = new HashMap<>();
        for (DealUpdate r : requests) {
            String rid = r.requestId();
            Deal d = current.get(r.id());
            PreparedValues prepared = writer.prepare(rid, r.fields(), problems);
            if (d == null) {
                problems.add(new Problem(rid, "id", "NotFound", "Deal " + r.id() + " does not exist"));
                continue;
            }
            fieldValues.put(d.id(), prepared);
            Stage target = null;
            if (r.pipelineId() != null || r.statusId() != null) {
                Pipeline own = pipelineById.get(d.pipelineId());
                target = resolveStage(pipelineById, own, d, r.pipelineId(), r.statusId(), rid, problems);
            }
            if (r.responsibleUserId() != null && !users.contains(r.responsibleUserId())) {
                problems.add(new Problem(rid, "responsible_user_id", "NotSupportedChoice", "User " + r.responsibleUserId() + " does not exist"));
            }
            long pipelineId = target != null ? target.pipelineId() : d.pipelineId();
            long statusId = target != null ? target.id() : d.statusId();
            boolean lost = statusId == Stage.LOST;
            if (r.lossReasonId() != null) {
                if (!knownReasons.contains(r.lossReasonId())) {
                    problems.add(new Problem(rid, "loss_reason_id", "NotSupportedChoice", "Loss reason " + r.lossReasonId() + " does not exist"));
                } else if (!lost) {
                    problems.add(new Problem(rid, "loss_reason_id", "InvalidValue", "A loss reason is only set on deals in stage 143 (lost)"));
                }
            }
            if (!problems.isEmpty()) {
                continue;
            }
            boolean moved = pipelineId != d.pipelineId() || statusId != d.statusId();
            boolean closed = statusId == Stage.WON || statusId == Stage.LOST;
            Instant closedAt = !closed ? null : moved ? (r.closedAt() != null ? r.closedAt() : now)
                    : (r.closedAt() != null ? r.closedAt() : d.closedAt());
            Long lossReason = !lost ? null : r.clearLossReason() ? null : r.lossReasonId() != null ? r.lossReasonId() : d.lossReasonId();
            long responsible = r.responsibleUserId() != null ? r.responsibleUserId() : d.responsibleUserId();
            long group = responsible == d.responsibleUserId() ? d.groupId() : accounts.groupOf(accountId, responsible);
            String name = r.name() != null ? (r.name().isBlank() ? d.name() : r.name().trim()) : d.name();
            BigDecimal price = r.price() != null ? r.price() : d.price();
            Deal next = new Deal(accountId, d.id(), name, price, responsible, group, pipelineId, statusId, lossReason,
                    d.sourceId(), d.companyId(), d.createdBy(), actor.userId(), d.createdAt(),
                    r.updatedAt() != null ? r.updatedAt() : now, closedAt, d.closestTaskAt(), false, d.score(), d.laborCost());
            updated.add(next);
            if (moved) {
                entering.add(new FieldValues.Entering(d.id(), pipelineId, statusId, prepared));
                enteredStages.put(d.id(), target);
                history.add(new StageTransition(0, d.id(), d.pipelineId(), d.statusId(), pipelineId, statusId, now,
                        actor.userId(), source.code()));
                changes.add(new DealsChanged.StageChanged(d.id(), d.pipelineId(), d.statusId(), pipelineId, statusId));
            }
            if (!java.util.Objects.equals(lossReason, d.lossReasonId())) {
                changes.add(new DealsChanged.LossReasonChanged(d.id(), d.lossReasonId(), lossReason));
            }
            if (responsible != d.responsibleUserId()) {
                changes.add(new DealsChanged.ResponsibleChanged(d.id(), d.responsibleUserId(), responsible));
            }
            if (price.compareTo(d.price()) != 0) {
                changes.add(new DealsChanged.PriceChanged(d.id(), d.price(), price));
            }
            if (!name.equals(d.name())) {
                changes.add(new DealsChanged.NameChanged(d.id(), d.name(), name));
                renamed.add(next);
            }
        }
        if (problems.isEmpty() && !entering.isEmpty()) {
            Map<Long, List<CustomField>> missing = fields.missingRequired(accountId, ENTITY, writer, entering);
            for (DealUpdate r : requests) {
                requiredProblems(missing.get(r.id()), enteredStages.get(r.id()), r.requestId(), problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        applyTags(accountId, requests);
        // the deal's own change event carries them (timeline, webhooks, automation), in the same batch
        fields.writeChanges(accountId, ENTITY, fieldValues).forEach(c -> changes.add(new DealsChanged.FieldChanged(c.entityId(), c)));
        deals.update(updated);
        deals.renamed(renamed);
        if (history.size() == 1) {
            deals.insertTransitions(accountId, history); // id 0: numbered by the insert, one round trip less
        } else if (!history.isEmpty()) {
            List<Long> transitionIds = ids.next("transition_seq", history.size());
            List<StageTransition> numbered = new ArrayList<>();
            for (int i = 0; i < history.size(); i++) {
                StageTransition t = history.get(i);
                numbered.add(new StageTransition(transitionIds.get(i), t.dealId(), t.fromPipelineId(), t.fromStatusId(),
                        t.toPipelineId(), t.toStatusId(), t.movedAt(), t.userId(), t.source()));
            }
            deals.insertTransitions(accountId, numbered);
        }
        if (!changes.isEmpty()) {
            events.publishEvent(new DealsChanged(accountId, actor.userId(), now, source.code(), changes));
        }
        return updated;
    }

    /**
     * Moves several deals to one stage at once (the board's multi-selection), in one transaction:
     * each moved deal gets its stage-transition row and its change event, with the same checks as
     * a single move. A deal that cannot enter the stage because a field required there is empty
     * stays where it is and is returned among the refused, with its problems; the others move. Any
     * other problem (an unknown, foreign or deleted deal, an unknown stage or loss reason) refuses
     * the whole request and nothing changes; a problem's path is {@code ids.<index>} for a deal.
     */
    @Transactional
    public MoveResult moveAll(Actor actor, List<Long> dealIds, Long pipelineId, long statusId, Long lossReasonId, Source source) {
        List<Long> distinct = dealIds.stream().distinct().toList();
        Map<Long, Deal> current = deals.lock(actor.accountId(), distinct);
        List<Problem> unknown = new ArrayList<>();
        for (int i = 0; i < dealIds.size(); i++) {
            if (!current.containsKey(dealIds.get(i))) {
                unknown.add(new Problem("0", "ids." + i, "NotFound", "Deal " + dealIds.get(i) + " does not exist"));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ValidationException(unknown);
        }
        List<DealUpdate> requests = distinct.stream().map(id -> new DealUpdate(Long.toString(id), id, null, null, pipelineId, statusId,
                null, lossReasonId, false, null, null, null, null, null)).toList();
        Map<Long, List<Problem>> refused = new LinkedHashMap<>();
        while (true) {
            List<DealUpdate> rest = requests.stream().filter(r -> !refused.containsKey(r.id())).toList();
            if (rest.isEmpty()) {
                return new MoveResult(List.of(), refused);
            }
            try {
                // nothing is written before every check passed, so a refused attempt leaves no trace to undo
                return new MoveResult(update(actor, rest, source, current), refused);
            } catch (ValidationException e) {
                Map<Long, List<Problem>> perDeal = new LinkedHashMap<>();
                for (Problem p : e.problems()) {
                    if (!REQUIRED_FIELD_EMPTY.equals(p.code()) || p.requestId() == null || !p.requestId().matches("\\d{1,18}")) {
                        throw e;
                    }
                    perDeal.computeIfAbsent(Long.parseLong(p.requestId()), k -> new ArrayList<>()).add(p);
                }
                if (perDeal.isEmpty()) {
                    throw e;
                }
                refused.putAll(perDeal);
            }
        }
    }

    /** One deal, as the card and the board change it; unknown or deleted deals are not found. */
    @Transactional
    public Deal update(Actor actor, DealUpdate request, Source source) {
        // one statement finds and locks the deal (a move is the hottest write path: no extra look-up)
        Deal current = deals.lockOne(actor.accountId(), request.id())
                .orElseThrow(() -> new NotFoundException("deal " + request.id()));
        return update(actor, List.of(request), source, Map.of(current.id(), current)).get(0);
    }

    private void applyTags(long accountId, List<DealUpdate> requests) {
        for (DealUpdate r : requests) {
            if (r.replaceTags() != null) {
                tags.replace(accountId, ENTITY, r.id(), tags.resolve(accountId, ENTITY, r.replaceTags(), r.requestId()));
            }
            if (r.tagsToAdd() != null && !r.tagsToAdd().isEmpty()) {
                tags.add(accountId, ENTITY, r.id(), tags.resolve(accountId, ENTITY, r.tagsToAdd(), r.requestId()));
            }
            if (r.tagsToDelete() != null && !r.tagsToDelete().isEmpty()) {
                tags.remove(accountId, ENTITY, r.id(), tags.resolve(accountId, ENTITY, r.tagsToDelete(), r.requestId()));
            }
        }
    }

    /**
     * Finds the stage a deal goes to. A status id alone means a stage of the deal's own pipeline
     * (or of the main pipeline for a new deal), or else the one pipeline that has a stage with that
     * id; 142/143 need the pipeline; a pipeline id alone means its first working stage.
     */
    private Stage resolveStage(Map<Long, Pipeline> pipelines, Pipeline home, Deal deal, Long pipelineId, Long statusId,
                               String rid, List<Problem> problems) {
        if (pipelineId != null) {
            Pipeline p = pipelines.get(pipelineId);
            if (p == null) {
                problems.add(new Problem(rid, "pipeline_id", "NotSupportedChoice", "Pipeline " + pipelineId + " does not exist"));
                return home.firstWorkingStage();
            }
            if (statusId == null) {
                return deal != null && deal.pipelineId() == pipelineId ? p.stage(deal.statusId()).orElse(p.firstWorkingStage())
                        : p.firstWorkingStage();
            }
            return p.stage(statusId).orElseGet(() -> {
                problems.add(new Problem(rid, "status_id", "NotSupportedChoice",
                        "Pipeline " + pipelineId + " has no stage " + statusId));
                return p.firstWorkingStage();
            });
        }
        if (statusId == null) {
            return home.firstWorkingStage();
        }
        Optional<Stage> own = home.stage(statusId);
        if (own.isPresent()) {
            return own.get();
        }
        return pipelines.values().stream().map(p -> p.stage(statusId)).flatMap(Optional::stream)
                .filter(s -> !Stage.isSystemId(s.id())).findFirst().orElseGet(() -> {
                    problems.add(new Problem(rid, "status_id", "NotSupportedChoice", "Stage " + statusId + " does not exist"));
                    return home.firstWorkingStage();
                });
    }

    /** A deal cannot enter a stage while a field required there is empty: one problem per such field. */
    static void requiredProblems(List<CustomField> missing, Stage stage, String rid, List<Problem> problems) {
        if (missing == null) {
            return;
        }
        for (CustomField f : missing) {
            problems.add(new Problem(rid, "custom_fields_values", REQUIRED_FIELD_EMPTY, "Field \"" + f.name() + "\" (" + f.id()
                    + ") must be filled before the deal enters stage " + stage.id() + " of pipeline " + stage.pipelineId()));
        }
    }

    private static void checkLossReason(Long lossReasonId, Stage target, Set<Long> known, String rid, List<Problem> problems) {
        if (lossReasonId == null) {
            return;
        }
        if (!known.contains(lossReasonId)) {
            problems.add(new Problem(rid, "loss_reason_id", "NotSupportedChoice", "Loss reason " + lossReasonId + " does not exist"));
        } else if (!target.isLost()) {
            problems.add(new Problem(rid, "loss_reason_id", "InvalidValue", "A loss reason is only set on deals in stage 143 (lost)"));
        }
    }

    private Map<Long, Pipeline> pipelinesById(long accountId) {
        Map<Long, Pipeline> result = new LinkedHashMap<>();
        pipelines.pipelines(accountId).forEach(p -> result.put(p.id(), p));
        return result;
    }

    private static <T> List<Long> collect(List<T> items, java.util.function.Function<T, Long> getter) {
        return items.stream().map(getter).filter(Objects::nonNull).distinct().toList();
    }

    // ---- links ----

    /** Links contacts to a deal (optionally as main) and returns how many were new. */
    @Transactional
    public void linkContact(Actor actor, long dealId, long contactId, boolean main) {
        long accountId = actor.accountId();
        deals.lockOne(accountId, dealId).orElseThrow(() -> new NotFoundException("deal " + dealId));
        if (contacts.existingContactIds(accountId, List.of(contactId)).isEmpty()) {
            throw new NotFoundException("contact " + contactId);
        }
        List<DealContact> linked = deals.contactsOf(accountId, List.of(dealId)).getOrDefault(dealId, List.of());
        boolean exists = linked.stream().anyMatch(c -> c.contactId() == contactId);
        boolean noneYet = linked.isEmpty();
        if (main) {
            deals.clearMainContact(accountId, dealId);
        }
        if (exists) {
            if (main) {
                deals.setMainContact(accountId, dealId, contactId, true);
            }
            return;
        }
        deals.insertContacts(accountId, List.of(new DealContact(dealId, contactId, main || noneYet)));
        events.publishEvent(new DealsChanged(accountId, actor.userId(), clock.instant(), Source.API.code(),
                List.of(new DealsChanged.ContactLinked(dealId, contactId, true))));
    }

    @Transactional
    public boolean unlinkContact(Actor actor, long dealId, long contactId) {
        long accountId = actor.accountId();
        deals.lockOne(accountId, dealId).orElseThrow(() -> new NotFoundException("deal " + dealId));
        boolean removed = deals.deleteContact(accountId, dealId, contactId);
        if (removed) {
            events.publishEvent(new DealsChanged(accountId, actor.userId(), clock.instant(), Source.API.code(),
                    List.of(new DealsChanged.ContactLinked(dealId, contactId, false))));
        }
        return removed;
    }

    /** Sets (or with null clears) the deal's one company. */
    @Transactional
    public void setCompany(Actor actor, long dealId, Long companyId) {
        long accountId = actor.accountId();
        Deal d = deals.lockOne(accountId, dealId).orElseThrow(() -> new NotFoundException("deal " + dealId));
        if (companyId != null && contacts.existingCompanyIds(accountId, List.of(companyId)).isEmpty()) {
            throw new NotFoundException("company " + companyId);
        }
        if (Objects.equals(d.companyId(), companyId)) {
            return;
        }
        Instant now = clock.instant();
        deals.update(List.of(new Deal(accountId, d.id(), d.name(), d.price(), d.responsibleUserId(), d.groupId(), d.pipelineId(),
                d.statusId(), d.lossReasonId(), d.sourceId(), companyId, d.createdBy(), actor.userId(), d.createdAt(), now,
                d.closedAt(), d.closestTaskAt(), false, d.score(), d.laborCost())));
        List<Change> changes = new ArrayList<>();
        if (d.companyId() != null) {
            changes.add(new DealsChanged.CompanyLinked(dealId, d.companyId(), false));
        }
        if (companyId != null) {
            changes.add(new DealsChanged.CompanyLinked(dealId, companyId, true));
        }
        events.publishEvent(new DealsChanged(accountId, actor.userId(), now, Source.API.code(), changes));
    }
}
