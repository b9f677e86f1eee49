package org.voronka.massaction;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import java.util.Comparator;
import org.voronka.customfield.FieldValue;
import org.voronka.customfield.FieldValues;
import org.voronka.customfield.FieldWrite;
import org.voronka.customfield.FieldWrite.ValueWrite;
import org.voronka.deal.Deal;
import org.voronka.deal.DealMerge;
import org.voronka.deal.MergeRequest;
import org.voronka.deal.MergeResult;
import org.voronka.shared.RuleViolationException;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealTrash;
import org.voronka.deal.DealUpdate;
import org.voronka.massaction.ActionSpec.Kind;
import org.voronka.massaction.internal.MassActionRepository;
import org.voronka.massaction.internal.MassActionRepository.Item;
import org.voronka.massaction.internal.MassActionRepository.Outcome;
import org.voronka.massaction.internal.MassActionRepository.Row;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Actor;
import org.voronka.shared.Source;
import org.voronka.shared.Times;
import org.voronka.shared.ValidationException;
import org.voronka.tag.Tag;
import org.voronka.tag.TagManagement;
import org.voronka.tag.TagRef;
import org.voronka.task.NewTask;
import org.voronka.task.Task;
import org.voronka.task.TaskManagement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Works through a run in chunks, each in its own transaction that holds the run's row: it changes
 * the chunk's deals through the deal module and marks their items done (with the values before)
 * in that same transaction, so a run interrupted anywhere resumes without applying a change twice.
 * A deal that cannot be changed is marked failed with the reason and the rest of the chunk goes on.
 */
@Component
class MassActionRunner {

    static final String JOB = "mass-action";

    private final MassActionRepository runs;
    private final DealManagement deals;
    private final DealTrash trash;
    private final TagManagement tags;
    private final TaskManagement tasks;
    private final FieldValues fields;
    private final DealMerge merges;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;
    private final OneTimeTask<Void> job;
    private final int chunkSize;

    MassActionRunner(MassActionRepository runs, DealManagement deals, DealTrash trash, TagManagement tags, TaskManagement tasks,
                     FieldValues fields, DealMerge merges, TransactionTemplate tx, ObjectMapper json, Clock clock, @Lazy OneTimeTask<Void> massActionJob,
                     @Value("${voronka.mass-actions.chunk:1000}") int chunkSize) {
        this.runs = runs;
        this.deals = deals;
        this.trash = trash;
        this.tags = tags;
        this.tasks = tasks;
        this.fields = fields;
        this.merges = merges;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.job = massActionJob;
        this.chunkSize = chunkSize;
    }

    TaskInstance<Void> instance(long accountId, long id) {
        return job.instance(accountId + "-" + id);
    }

    /** Runs chunks until the run is over; when the node stops meanwhile, throws so that the job is retried (on any node). */
    void run(String instanceId, BooleanSupplier stopping) {
        int dash = instanceId.indexOf('-');
        long accountId = Long.parseLong(instanceId.substring(0, dash));
        long id = Long.parseLong(instanceId.substring(dash + 1));
        while (chunk(accountId, id)) {
            if (stopping.getAsBoolean()) {
                throw new IllegalStateException("mass action " + id + " paused: the node is stopping; it resumes later");
            }
        }
    }

    /**
     * Processes the next chunk; false when the run is over. Deals the deal module refuses are
     * marked failed and the chunk is tried again without them.
     */
    boolean chunk(long accountId, long id) {
        return chunk(accountId, id, chunkSize);
    }

    /** The next chunk of at most {@code size} deals. */
    boolean chunk(long accountId, long id, int size) {
        Map<Long, String> refused = new HashMap<>();
        while (true) {
            try {
                Boolean more = tx.execute(s -> chunk(accountId, id, size, refused));
                return Boolean.TRUE.equals(more);
            } catch (Refused e) {
                if (e.reasons.isEmpty() || refused.keySet().containsAll(e.reasons.keySet())) {
                    throw new IllegalStateException("mass action " + id + ": a chunk failed without naming its deals", e);
                }
                refused.putAll(e.reasons);
            }
        }
    }

    private boolean chunk(long accountId, long id, int size, Map<Long, String> refused) {
        Row row = runs.lock(accountId, id).orElse(null);
        if (row == null) {
            return false;
        }
        MassAction run = view(row);
        Instant now = clock.instant();
        if (run.over()) {
            return false;
        }
        if (run.cancelRequested()) {
            runs.finish(accountId, id, MassAction.State.CANCELLED.code(), now);
            return false;
        }
        if (run.state() == MassAction.State.QUEUED) {
            runs.started(accountId, id, now);
        }
        // a merge (and an undo, which may undo one) takes all its deals at once
        Kind kind = run.spec().kind();
        List<Long> dealIds = runs.waiting(accountId, id, kind == Kind.MERGE || kind == Kind.UNDO ? Math.max(size, MassActions.MAX_MERGE) : size);
        if (dealIds.isEmpty()) {
            runs.finish(accountId, id, MassAction.State.FINISHED.code(), now);
            return false;
        }
        List<Outcome> outcomes = new ArrayList<>();
        List<Long> rest = new ArrayList<>();
        for (Long d : dealIds) {
            if (refused.containsKey(d)) {
                outcomes.add(new Outcome(d, MassActionRepository.FAILED, cut(refused.get(d)), null, null));
            } else {
                rest.add(d);
            }
        }
        Actor actor = new Actor(accountId, run.createdBy(), false, "ru");
        outcomes.addAll(run.spec().kind() == Kind.UNDO ? undo(actor, row, rest) : apply(actor, run.spec(), rest));
        runs.record(accountId, id, outcomes);
        return true;
    }

    // ---- the actions ----

    private List<Outcome> apply(Actor actor, ActionSpec spec, List<Long> dealIds) {
        long accountId = actor.accountId();
        Map<Long, Deal> live = deals.lock(accountId, dealIds);
        List<Outcome> outcomes = new ArrayList<>();
        for (Long d : dealIds) {
            if (!live.containsKey(d)) {
                outcomes.add(failed(d, "The deal does not exist or is deleted"));
            }
        }
        if (live.isEmpty()) {
            return outcomes;
        }
        Map<Long, Map<String, Object>> before = new LinkedHashMap<>();
        switch (spec.kind()) {
            case STAGE, WON, LOST -> {
                long status = spec.kind() == Kind.WON ? Stage.WON : spec.kind() == Kind.LOST ? Stage.LOST : spec.statusId();
                Long pipeline = spec.kind() == Kind.STAGE ? spec.pipelineId() : null;
                Long reason = spec.kind() == Kind.LOST ? spec.lossReasonId() : null;
                List<DealUpdate> updates = new ArrayList<>();
                for (Deal d : live.values()) {
                    before.put(d.id(), stageOf(d));
                    updates.add(new DealUpdate(Long.toString(d.id()), d.id(), null, null, pipeline, status, null, reason, false, null,
                            null, null, null, null));
                }
                update(actor, updates);
            }
            case RESPONSIBLE -> {
                List<DealUpdate> updates = new ArrayList<>();
                for (Deal d : live.values()) {
                    before.put(d.id(), Map.of("responsible_user_id", d.responsibleUserId()));
                    updates.add(new DealUpdate(Long.toString(d.id()), d.id(), null, null, null, null, spec.responsibleUserId(), null,
                            false, null, null, null, null, null));
                }
                update(actor, updates);
            }
            case ADD_TAGS, REMOVE_TAGS -> {
                boolean add = spec.kind() == Kind.ADD_TAGS;
                List<Long> wanted = spec.tags().stream().map(TagRef::id).toList();
                Map<Long, List<Tag>> current = tags.tagsOf(accountId, DealManagement.ENTITY, live.keySet());
                List<DealUpdate> updates = new ArrayList<>();
                for (Deal d : live.values()) {
                    List<Long> has = current.getOrDefault(d.id(), List.of()).stream().map(Tag::id).toList();
                    List<Long> changed = wanted.stream().filter(t -> add != has.contains(t)).toList();
                    before.put(d.id(), Map.of(add ? "added" : "removed", changed));
                    List<TagRef> refs = changed.stream().map(t -> new TagRef(t, null, "tags")).toList();
                    updates.add(new DealUpdate(Long.toString(d.id()), d.id(), null, null, null, null, null, null, false, null, null, null,
                            add ? refs : null, add ? null : refs));
                }
                update(actor, updates);
            }
            case DELETE -> {
                live.keySet().forEach(d -> before.put(d, Map.of()));
                trash.delete(actor, List.copyOf(live.keySet()), Source.MASS_ACTION);
                live.keySet().forEach(d -> outcomes.add(new Outcome(d, MassActionRepository.DONE, null, "{}", null)));
                return outcomes;
            }
            case TASK -> {
                List<NewTask> requests = new ArrayList<>();
                for (Deal d : live.values()) {
                    requests.add(new NewTask(Long.toString(d.id()), DealManagement.ENTITY, d.id(), spec.taskTypeId(), spec.taskText(),
                            spec.taskDeadline(), null, spec.responsibleUserId() != null ? spec.responsibleUserId() : d.responsibleUserId(),
                            null));
                }
                List<Task> created = refusable(() -> tasks.create(actor, requests), requests.stream().map(r -> r.entityId()).toList());
                for (Task t : created) {
                    before.put(t.entityId(), Map.of("task_id", t.id()));
                }
            }
            case SET_FIELD, CLEAR_FIELD -> {
                Map<Long, List<FieldValue>> current = fields.read(accountId, DealManagement.ENTITY, live.keySet());
                List<ValueWrite> values = spec.kind() == Kind.SET_FIELD ? spec.fieldValues() : List.of();
                List<DealUpdate> updates = new ArrayList<>();
                for (Deal d : live.values()) {
                    before.put(d.id(), Map.of("values", valuesOf(current.get(d.id()), spec.fieldId())));
                    updates.add(fieldUpdate(d.id(), spec.fieldId(), values));
                }
                update(actor, updates);
            }
            case MERGE -> {
                List<Deal> alive = new ArrayList<>(live.values());
                Deal survivor = spec.survivorId() != null ? live.get(spec.survivorId())
                        : alive.stream().min(Comparator.comparing(Deal::createdAt).thenComparing(Deal::id)).orElseThrow();
                if (survivor == null || alive.size() < 2) {
                    String reason = survivor == null ? "The deal chosen to survive the merge is deleted" : "No other deal is left to merge";
                    live.keySet().forEach(d -> outcomes.add(failed(d, reason)));
                    return outcomes;
                }
                List<Long> others = alive.stream().map(Deal::id).filter(d -> d != survivor.id()).toList();
                MergeResult merged = refusable(() -> merges.merge(actor, new MergeRequest(survivor.id(), others, null, null, null, null,
                        null, null), Source.MASS_ACTION), List.of(survivor.id()));
                before.put(survivor.id(), Map.of("merge_id", merged.mergeId(), "survivor", true));
                others.forEach(d -> before.put(d, Map.of("merge_id", merged.mergeId(), "survivor", false)));
            }
            default -> throw new IllegalStateException("not an action: " + spec.kind());
        }
        return done(accountId, before, outcomes);
    }

    /** Reverts the deals of the original run that nobody changed after it; the others fail with the reason. */
    private List<Outcome> undo(Actor actor, Row row, List<Long> dealIds) {
        long accountId = actor.accountId();
        Row originalRow = runs.find(accountId, row.undoOf()).orElseThrow();
        ActionSpec original = view(originalRow).spec();
        Map<Long, Item> items = runs.items(accountId, originalRow.id(), dealIds);
        List<Outcome> outcomes = new ArrayList<>();
        Map<Long, Deal> live = deals.lock(accountId, dealIds);
        if (original.kind() == Kind.DELETE) {
            List<Long> trashed = new ArrayList<>();
            for (Long d : dealIds) {
                if (live.containsKey(d)) {
                    outcomes.add(failed(d, "The deal was restored from the trash meanwhile"));
                } else {
                    trashed.add(d);
                }
            }
            if (!trashed.isEmpty()) {
                refusable(() -> trash.restore(actor, trashed, Source.MASS_ACTION), trashed);
            }
            Map<Long, Map<String, Object>> before = new LinkedHashMap<>();
            trashed.forEach(d -> before.put(d, Map.of()));
            return done(accountId, before, outcomes);
        }
        if (original.kind() == Kind.MERGE) {
            return undoMerge(actor, items, live, dealIds);
        }
        List<DealUpdate> updates = new ArrayList<>();
        Map<Long, Map<String, Object>> before = new LinkedHashMap<>();
        for (Long d : dealIds) {
            Deal deal = live.get(d);
            Item item = items.get(d);
            if (deal == null) {
                outcomes.add(failed(d, "The deal was deleted meanwhile"));
                continue;
            }
            if (item == null || item.changedAt() == null || !Objects.equals(micros(deal.updatedAt()), micros(item.changedAt()))) {
                outcomes.add(failed(d, "The deal was changed after the mass action (" + deal.updatedAt() + "); left as it is"));
                continue;
            }
            JsonNode was = json.readTree(item.before());
            before.put(d, switch (original.kind()) {
                case STAGE, WON, LOST -> stageOf(deal);
                case RESPONSIBLE -> Map.of("responsible_user_id", deal.responsibleUserId());
                default -> Map.of();
            });
            updates.add(switch (original.kind()) {
                case STAGE, WON, LOST -> {
                    long status = was.get("status_id").asLong();
                    Long reason = was.hasNonNull("loss_reason_id") ? was.get("loss_reason_id").asLong() : null;
                    Instant closedAt = was.hasNonNull("closed_at") ? Instant.parse(was.get("closed_at").asString()) : null;
                    yield new DealUpdate(Long.toString(d), d, null, null, was.get("pipeline_id").asLong(), status, null,
                            status == Stage.LOST ? reason : null, status == Stage.LOST && reason == null, closedAt, null, null, null, null);
                }
                case RESPONSIBLE -> new DealUpdate(Long.toString(d), d, null, null, null, null, was.get("responsible_user_id").asLong(),
                        null, false, null, null, null, null, null);
                case ADD_TAGS -> new DealUpdate(Long.toString(d), d, null, null, null, null, null, null, false, null, null, null, null,
                        refs(was.get("added")));
                case REMOVE_TAGS -> new DealUpdate(Long.toString(d), d, null, null, null, null, null, null, false, null, null, null,
                        refs(was.get("removed")), null);
                case SET_FIELD, CLEAR_FIELD -> fieldUpdate(d, original.fieldId(), valueWrites(was.get("values")));
                default -> throw new IllegalStateException("cannot undo " + original.kind());
            });
        }
        update(actor, updates);
        return done(accountId, before, outcomes);
    }

    /**
     * Undoes a merge through the deal module (which brings the merged deals back from the trash and
     * the survivor's values back), unless the survivor was changed after the merge.
     */
    private List<Outcome> undoMerge(Actor actor, Map<Long, Item> items, Map<Long, Deal> live, List<Long> dealIds) {
        List<Outcome> outcomes = new ArrayList<>();
        Long mergeId = null;
        String refusal = null;
        for (Long d : dealIds) {
            Item item = items.get(d);
            JsonNode was = item == null || item.before() == null ? null : json.readTree(item.before());
            if (was != null && was.hasNonNull("merge_id")) {
                mergeId = was.get("merge_id").asLong();
            }
            if (was != null && was.path("survivor").asBoolean(false)) {
                Deal survivor = live.get(d);
                if (survivor == null) {
                    refusal = "The deal the others were merged into is deleted";
                } else if (!Objects.equals(micros(survivor.updatedAt()), micros(item.changedAt()))) {
                    refusal = "The deal the others were merged into was changed after the merge (" + survivor.updatedAt()
                            + "); left as it is";
                }
            }
        }
        if (refusal == null && mergeId == null) {
            refusal = "The merge is not recorded";
        }
        if (refusal == null) {
            long id = mergeId;
            try {
                merges.undo(actor, id, Source.MASS_ACTION);
            } catch (RuleViolationException e) {
                refusal = e.getMessage();
            }
        }
        for (Long d : dealIds) {
            outcomes.add(refusal == null ? new Outcome(d, MassActionRepository.DONE, null, "{}", null) : failed(d, refusal));
        }
        return outcomes;
    }

    // ---- helpers ----

    /** A change of one custom field of a deal (an empty list clears it); the request id is the deal id. */
    private static DealUpdate fieldUpdate(long dealId, long fieldId, List<ValueWrite> values) {
        return new DealUpdate(Long.toString(dealId), dealId, null, null, null, null, null, null, false, null, null, null, null, null,
                List.of(new FieldWrite(fieldId, null, values, "custom_fields_values.0")));
    }

    /** A field's values as {@code custom_fields_values} would give them back (null when the deal has none). */
    private static List<Map<String, Object>> valuesOf(List<FieldValue> values, long fieldId) {
        List<Map<String, Object>> result = new ArrayList<>();
        if (values != null) {
            values.stream().filter(v -> v.fieldId() == fieldId).findFirst().ifPresent(f -> f.values().forEach(v -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("value", v.value());
                m.put("enum_id", v.enumId());
                result.add(m);
            }));
        }
        return result;
    }

    private static List<ValueWrite> valueWrites(JsonNode values) {
        List<ValueWrite> result = new ArrayList<>();
        if (values != null) {
            for (JsonNode v : values) {
                JsonNode value = v.get("value");
                Object scalar = value == null || value.isNull() ? null : value.isBoolean() ? value.booleanValue()
                        : value.isNumber() ? value.decimalValue() : value.asString();
                result.add(new ValueWrite(scalar, v.hasNonNull("enum_id") ? v.get("enum_id").asLong() : null, null));
            }
        }
        return result;
    }

    private void update(Actor actor, List<DealUpdate> updates) {
        if (!updates.isEmpty()) {
            refusable(() -> deals.update(actor, updates, Source.MASS_ACTION), updates.stream().map(DealUpdate::id).toList());
        }
    }

    /**
     * Runs a change of the deal module; when it refuses (a validation problem of some deals: their
     * request id is the deal id, or their position in {@code dealIds}), names those deals.
     */
    private static <T> T refusable(java.util.function.Supplier<T> change, List<Long> dealIds) {
        try {
            return change.get();
        } catch (ValidationException e) {
            Map<Long, String> reasons = new LinkedHashMap<>();
            for (ValidationException.Problem p : e.problems()) {
                Long deal = dealOf(p.requestId(), dealIds);
                if (deal != null) {
                    reasons.merge(deal, p.detail(), (a, b) -> a + "; " + b);
                }
            }
            throw new Refused(reasons, e);
        }
    }

    private static Long dealOf(String requestId, List<Long> dealIds) {
        try {
            long n = Long.parseLong(requestId);
            if (dealIds.contains(n)) {
                return n;
            }
            return n >= 0 && n < dealIds.size() ? dealIds.get((int) n) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The done outcomes of the changed deals, with their values before and their updated_at as stored after the change. */
    private List<Outcome> done(long accountId, Map<Long, Map<String, Object>> before, List<Outcome> outcomes) {
        Map<Long, Deal> after = deals.lock(accountId, before.keySet());
        before.forEach((d, values) -> outcomes.add(new Outcome(d, MassActionRepository.DONE, null, json.writeValueAsString(values),
                after.containsKey(d) ? after.get(d).updatedAt() : null)));
        return outcomes;
    }

    private static Map<String, Object> stageOf(Deal d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pipeline_id", d.pipelineId());
        m.put("status_id", d.statusId());
        m.put("loss_reason_id", d.lossReasonId());
        m.put("closed_at", d.closedAt() == null ? null : d.closedAt().toString());
        return m;
    }

    private static List<TagRef> refs(JsonNode ids) {
        List<TagRef> refs = new ArrayList<>();
        if (ids != null) {
            ids.forEach(n -> refs.add(new TagRef(n.asLong(), null, "tags")));
        }
        return refs;
    }

    private static Outcome failed(long dealId, String reason) {
        return new Outcome(dealId, MassActionRepository.FAILED, cut(reason), null, null);
    }

    private static String cut(String s) {
        return s == null ? null : s.length() > 500 ? s.substring(0, 499) + "…" : s;
    }

    private static Long micros(Instant at) {
        return at == null ? null : at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
    }

    String write(ActionSpec spec) {
        return json.writeValueAsString(spec);
    }

    MassAction view(Row r) {
        ActionSpec spec = json.readValue(r.params(), ActionSpec.class);
        return new MassAction(r.id(), spec, r.selection(), MassAction.State.valueOf(r.state().toUpperCase(java.util.Locale.ROOT)),
                r.total(), r.done(), r.failed(), r.cancelRequested(), r.undoOf(), r.undoneBy(), r.createdBy(), r.createdAt(),
                r.startedAt(), r.finishedAt());
    }

    /** Deals the deal module refused, with the reasons; the chunk's transaction rolls back and is tried again without them. */
    static final class Refused extends RuntimeException {

        final Map<Long, String> reasons;

        Refused(Map<Long, String> reasons, Throwable cause) {
            super("deals refused: " + reasons.keySet(), cause);
            this.reasons = reasons;
        }
    }

    /** The durable job: one execution per run, claimed by one node; retried later when a node stops or dies mid-run. */
    @Configuration(proxyBeanMethods = false)
    static class Job {

        @Bean
        OneTimeTask<Void> massActionJob(@Lazy MassActionRunner runner) {
            return Tasks.oneTime(JOB, Void.class)
                    .onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(30)))
                    .execute((instance, context) -> runner.run(instance.getId(), () -> context.getSchedulerState().isShuttingDown()));
        }
    }
}
