package org.voronka.deal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.AccountManagement;
import org.voronka.contact.ContactDirectory;
import org.voronka.customfield.CustomField;
import org.voronka.customfield.FieldValue;
import org.voronka.customfield.FieldValues;
import org.voronka.customfield.FieldWrite;
import org.voronka.customfield.FieldWriter;
import org.voronka.customfield.PreparedValues;
import org.voronka.deal.internal.DealRepository;
import org.voronka.deal.internal.MergeRepository;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Actor;
import org.voronka.shared.EntitiesMerged;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.Source;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.tag.Tag;
import org.voronka.tag.TagManagement;
import tools.jackson.databind.ObjectMapper;

/**
 * Merges duplicate deals into one survivor and undoes merges. The merged-away deals go to the
 * trash marked "merged into #survivor"; their stage history stays theirs (marked, so analytics
 * never count it twice); their tasks and notes move to the survivor; tags and contacts are united;
 * custom field values are chosen field by field (a field left empty takes a merged deal's value).
 * A snapshot of the survivor is kept so that the merge can be undone within the trash retention.
 */
@Service
public class DealMerge {

    /**
     * What the survivor looked like before the merge; {@code fields}: its values of the custom
     * fields the merge wrote (an empty list: the field was empty), null in merges made before.
     */
    record Snapshot(String name, BigDecimal price, long responsibleUserId, long groupId, long pipelineId, long statusId,
                    Long lossReasonId, Long companyId, Long closedAtMillis, List<long[]> contacts, List<Long> tagIds,
                    List<FieldBefore> fields) {}

    record FieldBefore(long fieldId, List<FieldWrite.ValueWrite> values) {}

    private final DealRepository deals;
    private final MergeRepository merges;
    private final PipelineManagement pipelines;
    private final AccountManagement accounts;
    private final ContactDirectory contacts;
    private final TagManagement tags;
    private final FieldValues fields;
    private final Ids ids;
    private final ApplicationEventPublisher events;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration retention;

    DealMerge(DealRepository deals, MergeRepository merges, PipelineManagement pipelines, AccountManagement accounts,
              ContactDirectory contacts, TagManagement tags, FieldValues fields, Ids ids, ApplicationEventPublisher events, ObjectMapper json, Clock clock,
              @Value("${voronka.trash.retention-days:90}") int retentionDays) {
        this.deals = deals;
        this.merges = merges;
        this.pipelines = pipelines;
        this.accounts = accounts;
        this.contacts = contacts;
        this.tags = tags;
        this.fields = fields;
        this.ids = ids;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.retention = Duration.ofDays(retentionDays);
    }

    @Transactional
    public MergeResult merge(Actor actor, MergeRequest request, Source source) {
        long accountId = actor.accountId();
        List<Long> merged = new ArrayList<>(new LinkedHashSet<>(request.mergedIds()));
        merged.remove(request.survivorId());
        if (merged.isEmpty()) {
            throw ValidationException.of("0", "merge_ids", "NotBlank", "Name at least one other deal to merge into the survivor");
        }
        List<Long> all = new ArrayList<>(merged);
        all.add(request.survivorId());
        Map<Long, Deal> locked = deals.lock(accountId, all);
        List<Problem> problems = new ArrayList<>();
        if (!locked.containsKey(request.survivorId())) {
            problems.add(new Problem("0", "id", "NotFound", "Deal " + request.survivorId() + " does not exist"));
        }
        for (int i = 0; i < merged.size(); i++) {
            if (!locked.containsKey(merged.get(i))) {
                problems.add(new Problem("0", "merge_ids." + i, "NotFound", "Deal " + merged.get(i) + " does not exist"));
            }
        }
        Deal survivor = locked.get(request.survivorId());
        Stage target = null;
        if (survivor != null && (request.pipelineId() != null || request.statusId() != null)) {
            long pipelineId = request.pipelineId() != null ? request.pipelineId() : survivor.pipelineId();
            Pipeline p = pipelines.pipeline(accountId, pipelineId).orElse(null);
            target = p == null || request.statusId() == null ? (p == null ? null : p.firstWorkingStage()) : p.stage(request.statusId()).orElse(null);
            if (target == null) {
                problems.add(new Problem("0", "status_id", "NotSupportedChoice", "No such pipeline and stage"));
            }
        }
        if (request.responsibleUserId() != null
                && accounts.existingUserIds(accountId, List.of(request.responsibleUserId())).isEmpty()) {
            problems.add(new Problem("0", "responsible_user_id", "NotSupportedChoice", "User " + request.responsibleUserId() + " does not exist"));
        }
        if (request.companyId() != null && contacts.existingCompanyIds(accountId, List.of(request.companyId())).isEmpty()) {
            problems.add(new Problem("0", "company_id", "NotSupportedChoice", "Company " + request.companyId() + " does not exist"));
        }
        FieldWriter writer = fields.writer(accountId, DealManagement.ENTITY);
        PreparedValues chosen = writer.prepare("0", request.fields(), problems);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        Instant now = clock.instant();
        Map<Long, List<DealContact>> links = deals.contactsOf(accountId, all);
        Map<Long, List<Tag>> tagsByDeal = tags.tagsOf(accountId, DealManagement.ENTITY, all);
        Map<Long, List<FieldValue>> valuesByDeal = fields.read(accountId, DealManagement.ENTITY, all);
        PreparedValues values = fieldValues(writer, chosen, survivor.id(), merged, valuesByDeal);
        Snapshot before = snapshot(survivor, links.getOrDefault(survivor.id(), List.of()), tagsByDeal.getOrDefault(survivor.id(), List.of()),
                values.byField().keySet(), valuesByDeal.getOrDefault(survivor.id(), List.of()));

        Long companyId = request.companyId() != null ? request.companyId() : survivor.companyId();
        for (Long id : merged) {
            companyId = companyId != null ? companyId : locked.get(id).companyId();
        }
        long pipelineId = target != null ? target.pipelineId() : survivor.pipelineId();
        long statusId = target != null ? target.id() : survivor.statusId();
        boolean moved = pipelineId != survivor.pipelineId() || statusId != survivor.statusId();
        boolean closed = statusId == Stage.WON || statusId == Stage.LOST;
        if (moved) {
            // the survivor enters the chosen stage: the fields required there must be filled, counting the chosen values
            List<CustomField> missing = fields.missingRequired(accountId, DealManagement.ENTITY, writer,
                    List.of(new FieldValues.Entering(survivor.id(), pipelineId, statusId, values))).get(survivor.id());
            DealManagement.requiredProblems(missing, target, "0", problems);
            if (!problems.isEmpty()) {
                throw new ValidationException(problems);
            }
        }
        long responsible = request.responsibleUserId() != null ? request.responsibleUserId() : survivor.responsibleUserId();
        Deal next = new Deal(accountId, survivor.id(), request.name() != null && !request.name().isBlank() ? request.name().trim() : survivor.name(),
                request.price() != null ? request.price() : survivor.price(), responsible,
                responsible == survivor.responsibleUserId() ? survivor.groupId() : accounts.groupOf(accountId, responsible),
                pipelineId, statusId, statusId == Stage.LOST && !moved ? survivor.lossReasonId() : null, survivor.sourceId(), companyId,
                survivor.createdBy(), actor.userId(), survivor.createdAt(), now,
                closed ? (moved ? now : survivor.closedAt()) : null, survivor.closestTaskAt(), false, survivor.score(), survivor.laborCost());
        deals.update(List.of(next));
        if (!next.name().equals(survivor.name())) {
            deals.renamed(List.of(next));
        }

        // contacts: the survivor's first (its main contact stays main), then the others' in order
        Map<Long, Boolean> united = new LinkedHashMap<>();
        links.getOrDefault(survivor.id(), List.of()).forEach(c -> united.put(c.contactId(), c.main()));
        boolean hasMain = united.containsValue(true);
        for (Long id : merged) {
            for (DealContact c : links.getOrDefault(id, List.of())) {
                if (!united.containsKey(c.contactId())) {
                    united.put(c.contactId(), !hasMain && c.main());
                    hasMain = hasMain || c.main();
                }
            }
        }
        List<long[]> contactRows = new ArrayList<>();
        united.forEach((id, main) -> contactRows.add(new long[] {id, main ? 1 : 0}));
        merges.replaceContacts(accountId, survivor.id(), contactRows);
        Set<Long> tagIds = new LinkedHashSet<>();
        all.forEach(id -> tagsByDeal.getOrDefault(id, List.of()).forEach(t -> tagIds.add(t.id())));
        tags.replace(accountId, DealManagement.ENTITY, survivor.id(), new ArrayList<>(tagIds));

        long mergeId = ids.next("merge_seq");
        merges.insert(accountId, mergeId, survivor.id(), merged, json.writeValueAsString(before), actor.userId(), now);
        merges.markMerged(accountId, merged, survivor.id(), actor.userId(), now);
        List<DealsChanged.Change> changes = new ArrayList<>();
        if (moved) {
            deals.insertTransitions(accountId, List.of(new StageTransition(ids.next("transition_seq"), survivor.id(), survivor.pipelineId(),
                    survivor.statusId(), pipelineId, statusId, now, actor.userId(), source.code())));
            changes.add(new DealsChanged.StageChanged(survivor.id(), survivor.pipelineId(), survivor.statusId(), pipelineId, statusId));
        }
        lossReasonChange(survivor, next).ifPresent(changes::add);
        fields.writeChanges(accountId, DealManagement.ENTITY, Map.of(survivor.id(), values))
                .forEach(c -> changes.add(new DealsChanged.FieldChanged(c.entityId(), c)));
        changes.add(new DealsChanged.Merged(survivor.id(), merged));
        merged.forEach(id -> changes.add(new DealsChanged.Deleted(id)));
        events.publishEvent(new EntitiesMerged(accountId, DealManagement.ENTITY, mergeId, survivor.id(), merged, false));
        events.publishEvent(new DealsChanged(accountId, actor.userId(), now, source.code(), changes));
        return new MergeResult(mergeId, survivor.id(), merged);
    }

    /**
     * Undoes a merge: the survivor gets back its fields, contacts and tags, the merged deals come
     * back from the trash with their tasks and notes. Only the latest merge into a survivor can be
     * undone, within the trash retention, while the merged deals are still in the trash.
     */
    @Transactional
    public MergeResult undo(Actor actor, long mergeId, Source source) {
        long accountId = actor.accountId();
        MergeRepository.MergeRow row = merges.lock(accountId, mergeId).orElseThrow(() -> new NotFoundException("merge " + mergeId));
        Instant now = clock.instant();
        if (row.undoneAt() != null) {
            throw new RuleViolationException("AlreadyUndone", "id", "This merge was already undone");
        }
        if (row.createdAt().plus(retention).isBefore(now)) {
            throw new RuleViolationException("Expired", "id", "Merges can be undone within " + retention.toDays() + " days");
        }
        if (merges.latestActive(accountId, row.survivorId()).orElse(-1L) != mergeId) {
            throw new RuleViolationException("NotLatest", "id", "Undo the later merges into this deal first");
        }
        Deal survivor = deals.lock(accountId, List.of(row.survivorId())).get(row.survivorId());
        if (survivor == null) {
            throw new RuleViolationException("SurvivorGone", "id", "The deal the others were merged into is deleted; restore it first");
        }
        if (merges.countStillMerged(accountId, row.mergedIds(), row.survivorId()) != row.mergedIds().size()) {
            throw new RuleViolationException("MergedDealsGone", "id", "Some merged deals are no longer in the trash");
        }
        Snapshot before = json.readValue(row.survivorBefore(), Snapshot.class);
        boolean moved = before.pipelineId() != survivor.pipelineId() || before.statusId() != survivor.statusId();
        Deal restored = new Deal(accountId, survivor.id(), before.name(), before.price(), before.responsibleUserId(), before.groupId(),
                before.pipelineId(), before.statusId(), before.lossReasonId(), survivor.sourceId(), before.companyId(), survivor.createdBy(),
                actor.userId(), survivor.createdAt(), now, before.closedAtMillis() == null ? null : Instant.ofEpochMilli(before.closedAtMillis()),
                survivor.closestTaskAt(), false, survivor.score(), survivor.laborCost());
        deals.update(List.of(restored));
        if (!restored.name().equals(survivor.name())) {
            deals.renamed(List.of(restored));
        }
        merges.replaceContacts(accountId, survivor.id(), before.contacts());
        tags.replace(accountId, DealManagement.ENTITY, survivor.id(), before.tagIds());
        merges.unmarkMerged(accountId, row.mergedIds(), actor.userId(), now);
        merges.markUndone(accountId, mergeId, now);
        List<DealsChanged.Change> changes = new ArrayList<>();
        if (moved) {
            deals.insertTransitions(accountId, List.of(new StageTransition(ids.next("transition_seq"), survivor.id(), survivor.pipelineId(),
                    survivor.statusId(), before.pipelineId(), before.statusId(), now, actor.userId(), source.code())));
            changes.add(new DealsChanged.StageChanged(survivor.id(), survivor.pipelineId(), survivor.statusId(), before.pipelineId(),
                    before.statusId()));
        }
        lossReasonChange(survivor, restored).ifPresent(changes::add);
        if (before.fields() != null && !before.fields().isEmpty()) {
            FieldWriter writer = fields.writer(accountId, DealManagement.ENTITY);
            List<FieldWrite> back = before.fields().stream()
                    .map(f -> new FieldWrite(f.fieldId(), null, f.values().isEmpty() ? null : f.values(), "custom_fields_values.0")).toList();
            fields.writeChanges(accountId, DealManagement.ENTITY, Map.of(survivor.id(), valid(writer, back)))
                    .forEach(c -> changes.add(new DealsChanged.FieldChanged(c.entityId(), c)));
        }
        row.mergedIds().forEach(id -> changes.add(new DealsChanged.Restored(id)));
        events.publishEvent(new EntitiesMerged(accountId, DealManagement.ENTITY, mergeId, survivor.id(), row.mergedIds(), true));
        events.publishEvent(new DealsChanged(accountId, actor.userId(), now, source.code(), changes));
        return new MergeResult(mergeId, survivor.id(), row.mergedIds());
    }

    private static java.util.Optional<DealsChanged.Change> lossReasonChange(Deal before, Deal after) {
        return java.util.Objects.equals(before.lossReasonId(), after.lossReasonId()) ? java.util.Optional.empty()
                : java.util.Optional.of(new DealsChanged.LossReasonChanged(after.id(), before.lossReasonId(), after.lossReasonId()));
    }

    /** The merge into a deal that can still be undone (the latest one, within the retention), if any. */
    @Transactional(readOnly = true)
    public java.util.Optional<Long> undoable(long accountId, long survivorId) {
        return merges.latestActive(accountId, survivorId).flatMap(id -> merges.find(accountId, id))
                .filter(row -> row.undoneAt() == null && !row.createdAt().plus(retention).isBefore(clock.instant()))
                .map(MergeRepository.MergeRow::id);
    }

    /**
     * The custom field values the survivor gets: the chosen ones, and for each field the survivor
     * leaves empty and the request does not name, the first merged deal's value.
     */
    private static PreparedValues fieldValues(FieldWriter writer, PreparedValues chosen, long survivorId, List<Long> merged,
                                              Map<Long, List<FieldValue>> valuesByDeal) {
        Set<Long> taken = new java.util.HashSet<>(chosen.byField().keySet());
        valuesByDeal.getOrDefault(survivorId, List.of()).stream().filter(v -> !v.values().isEmpty()).forEach(v -> taken.add(v.fieldId()));
        List<FieldWrite> carried = new ArrayList<>();
        for (Long id : merged) {
            for (FieldValue v : valuesByDeal.getOrDefault(id, List.of())) {
                if (!v.values().isEmpty() && taken.add(v.fieldId())) {
                    carried.add(FieldWrite.of(v, "custom_fields_values.0"));
                }
            }
        }
        Map<Long, List<PreparedValues.Stored>> byField = new LinkedHashMap<>(chosen.byField());
        byField.putAll(valid(writer, carried).byField());
        return new PreparedValues(byField);
    }

    /** Stored values written again, each field on its own: one the field no longer accepts (an option removed since) is left out. */
    private static PreparedValues valid(FieldWriter writer, List<FieldWrite> writes) {
        Map<Long, List<PreparedValues.Stored>> byField = new LinkedHashMap<>();
        for (FieldWrite w : writes) {
            List<Problem> problems = new ArrayList<>();
            PreparedValues p = writer.prepare("0", List.of(w), problems);
            if (problems.isEmpty()) {
                byField.putAll(p.byField());
            }
        }
        return new PreparedValues(byField);
    }

    private static Snapshot snapshot(Deal d, List<DealContact> links, List<Tag> tagList, Set<Long> writtenFields,
                                     List<FieldValue> values) {
        Map<Long, FieldValue> byField = new LinkedHashMap<>();
        values.forEach(v -> byField.put(v.fieldId(), v));
        List<FieldBefore> fieldsBefore = writtenFields.stream().map(id -> new FieldBefore(id, byField.containsKey(id)
                ? FieldWrite.of(byField.get(id), "").values() : List.of())).toList();
        return new Snapshot(d.name(), d.price(), d.responsibleUserId(), d.groupId(), d.pipelineId(), d.statusId(), d.lossReasonId(),
                d.companyId(), d.closedAt() == null ? null : d.closedAt().toEpochMilli(),
                links.stream().map(c -> new long[] {c.contactId(), c.main() ? 1 : 0}).toList(), tagList.stream().map(Tag::id).toList(),
                fieldsBefore);
    }
}
