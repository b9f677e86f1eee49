package org.voronka.contact;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.voronka.account.AccountManagement;
import org.voronka.customfield.FieldChange;
import org.voronka.customfield.FieldValues;
import org.voronka.customfield.FieldWriter;
import org.voronka.customfield.PreparedValues;
import org.voronka.shared.Actor;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.tag.Tag;
import org.voronka.tag.TagManagement;

/**
 * The update flow contacts and companies share: the batch is locked and checked as a whole
 * (unknown ids, users, custom field values), then tags, the rows and the values are written, and
 * what changed (name, responsible, tags, custom fields) is published; the field values before and
 * after travel in the field module's own event.
 */
@Component
class PartyUpdates {

    /** What the shared checks resolved for one item; the entity's own rule makes the new row of it. */
    record Stamp(String name, long responsible, long group, long updatedBy, Instant updatedAt) {}

    interface Apply<P extends Party, U extends PartyUpdate> {
        P apply(P current, U request, Stamp stamp);
    }

    private final AccountManagement accounts;
    private final TagManagement tags;
    private final FieldValues fields;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PartyUpdates(AccountManagement accounts, TagManagement tags, FieldValues fields, ApplicationEventPublisher events, Clock clock) {
        this.accounts = accounts;
        this.tags = tags;
        this.fields = fields;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Updates the locked live rows {@code current} of {@code entityType} ({@code label} names it in
     * messages); {@code apply} makes each new row, {@code store} writes them.
     */
    <P extends Party, U extends PartyUpdate> List<P> update(Actor actor, String entityType, String label, List<U> requests,
                                                           Map<Long, P> current, Apply<P, U> apply, Consumer<List<P>> store) {
        long accountId = actor.accountId();
        Instant now = clock.instant();
        List<Problem> problems = new ArrayList<>(ValidationException.duplicateIds(requests, U::id, U::requestId, label));
        PartyChecks checks = new PartyChecks(accounts, accountId, requests.stream()
                .flatMap(r -> Stream.of(r.responsibleUserId(), r.updatedBy())));
        FieldWriter writer = fields.writer(accountId, entityType);
        Map<Long, PreparedValues> values = new LinkedHashMap<>();
        List<P> updated = new ArrayList<>();
        for (U r : requests) {
            String rid = r.requestId();
            P c = current.get(r.id());
            if (c == null) {
                problems.add(new Problem(rid, "id", "NotFound", label + " " + r.id() + " does not exist"));
                continue;
            }
            checks.user(r.responsibleUserId(), false, rid, "responsible_user_id", problems);
            checks.user(r.updatedBy(), true, rid, "updated_by", problems);
            values.put(c.id(), writer.prepare(rid, r.fields(), problems));
            String name = r.name() != null && !r.name().isBlank() ? r.name().trim() : c.name();
            long responsible = r.responsibleUserId() != null ? r.responsibleUserId() : c.responsibleUserId();
            long group = responsible == c.responsibleUserId() ? c.groupId() : checks.groupOf(responsible);
            updated.add(apply.apply(c, r, new Stamp(name, responsible, group, r.updatedBy() != null ? r.updatedBy() : actor.userId(),
                    r.updatedAt() != null ? r.updatedAt() : now)));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        List<Long> tagged = requests.stream().filter(r -> r.replaceTags() != null || notEmpty(r.tagsToAdd()) || notEmpty(r.tagsToDelete()))
                .map(U::id).toList();
        Map<Long, List<Tag>> tagsBefore = tags.tagsOf(accountId, entityType, tagged);
        for (U r : requests) {
            PartyTags.apply(tags, accountId, entityType, r.id(), r.requestId(), r.replaceTags(), r.tagsToAdd(), r.tagsToDelete());
        }
        Map<Long, List<Tag>> tagsAfter = tags.tagsOf(accountId, entityType, tagged);
        store.accept(updated);
        Map<Long, List<Long>> changedFields = new LinkedHashMap<>();
        for (FieldChange f : fields.write(accountId, entityType, values, actor.userId(), now, false)) {
            changedFields.computeIfAbsent(f.entityId(), k -> new ArrayList<>()).add(f.fieldId());
        }
        List<PartiesChanged.Change> changes = new ArrayList<>();
        for (P u : updated) {
            P c = current.get(u.id());
            if (!Objects.equals(c.name(), u.name())) {
                changes.add(new PartiesChanged.NameChanged(entityType, u.id(), c.name(), u.name()));
            }
            if (c.responsibleUserId() != u.responsibleUserId()) {
                changes.add(new PartiesChanged.ResponsibleChanged(entityType, u.id(), c.responsibleUserId(), u.responsibleUserId()));
            }
            List<String> before = names(tagsBefore.get(u.id()));
            List<String> after = names(tagsAfter.get(u.id()));
            List<String> added = after.stream().filter(t -> !before.contains(t)).toList();
            List<String> removed = before.stream().filter(t -> !after.contains(t)).toList();
            if (!added.isEmpty() || !removed.isEmpty()) {
                changes.add(new PartiesChanged.TagsChanged(entityType, u.id(), added, removed));
            }
            if (changedFields.containsKey(u.id())) {
                changes.add(new PartiesChanged.FieldsChanged(entityType, u.id(), changedFields.get(u.id())));
            }
        }
        if (!changes.isEmpty()) {
            events.publishEvent(new PartiesChanged(accountId, actor.userId(), now, changes));
        }
        return updated;
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    private static List<String> names(List<Tag> list) {
        return list == null ? List.of() : list.stream().map(Tag::name).toList();
    }
}
