package org.voronka.massaction;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.voronka.account.AccountManagement;
import org.voronka.customfield.FieldValues;
import org.voronka.customfield.FieldWrite;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealQuery;
import org.voronka.deal.DealSelection;
import org.voronka.deal.LossReasons;
import org.voronka.massaction.ActionSpec.Kind;
import org.voronka.massaction.internal.MassActionRepository;
import org.voronka.massaction.internal.MassActionRepository.Row;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Actor;
import org.voronka.shared.Ids;
import org.voronka.shared.Jobs;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.tag.Tag;
import org.voronka.tag.TagManagement;
import org.voronka.tag.TagRef;
import org.voronka.task.TaskManagement;
import org.voronka.task.TaskType;

/**
 * Starts, reads, cancels and undoes mass actions. Starting checks the action, freezes the matching
 * deals into the run's items in one statement (a resumed run applies exactly that set) and queues
 * the run as a durable job; {@link MassActionRunner} does the work in chunks.
 */
@Service
public class MassActions {

    public static final int MAX_IDS = 10_000;
    public static final int MAX_TAGS = 50;
    /** A merge takes at most this many deals: more are hardly duplicates of one another. */
    public static final int MAX_MERGE = 50;

    private final MassActionRepository runs;
    private final MassActionRunner runner;
    private final DealManagement deals;
    private final PipelineManagement pipelines;
    private final AccountManagement accounts;
    private final LossReasons lossReasons;
    private final TagManagement tags;
    private final TaskManagement tasks;
    private final FieldValues fields;
    private final Ids ids;
    private final Jobs jobs;
    private final Clock clock;

    MassActions(MassActionRepository runs, MassActionRunner runner, DealManagement deals, PipelineManagement pipelines,
                AccountManagement accounts, LossReasons lossReasons, TagManagement tags, TaskManagement tasks, FieldValues fields,
                Ids ids, Jobs jobs, Clock clock) {
        this.fields = fields;
        this.runs = runs;
        this.runner = runner;
        this.deals = deals;
        this.pipelines = pipelines;
        this.accounts = accounts;
        this.lossReasons = lossReasons;
        this.tags = tags;
        this.tasks = tasks;
        this.ids = ids;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** What a run would do: how many deals it would take, the action checked. Changes nothing. */
    @Transactional(readOnly = true)
    public long preview(Actor actor, Target target, ActionSpec spec) {
        check(actor, target, spec);
        return deals.count(actor.accountId(), target.ids() != null ? DealQuery.ofIds(target.ids()) : target.query());
    }

    /** Checks the action, freezes its deals and queues the run (after this transaction commits). */
    @Transactional
    public MassAction start(Actor actor, Target target, ActionSpec spec) {
        MassAction run = prepare(actor, target, spec);
        if (!run.over()) {
            afterCommit(() -> jobs.schedule(runner.instance(actor.accountId(), run.id())));
        }
        return run;
    }

    /** The run as started, without queueing it (the job, or a test, runs it). */
    @Transactional
    MassAction prepare(Actor actor, Target target, ActionSpec spec) {
        ActionSpec checked = check(actor, target, spec);
        long id = ids.next("mass_action_seq");
        Instant now = clock.instant();
        runs.insert(new Row(actor.accountId(), id, checked.kind().code(), runner.write(checked), abbreviate(target.asked()),
                MassAction.State.QUEUED.code(), 0, 0, 0, false, null, null, actor.userId(), now, null, null));
        int total;
        if (target.ids() != null) {
            List<Long> distinct = new ArrayList<>(new LinkedHashSet<>(target.ids()));
            runs.freezeIds(actor.accountId(), id, distinct);
            total = distinct.size();
        } else {
            DealSelection selection = deals.selection(actor.accountId(), target.query());
            total = runs.freeze(actor.accountId(), id, selection.sql(), selection.params());
        }
        runs.setTotal(actor.accountId(), id, total);
        if (checked.kind() == Kind.MERGE && checked.survivorId() != null
                && runs.items(actor.accountId(), id, List.of(checked.survivorId())).isEmpty()) {
            throw ValidationException.of("0", "action.survivor_id", "NotSupportedChoice",
                    "Deal " + checked.survivorId() + " is not one of the deals to merge");
        }
        if (total == 0) {
            runs.finish(actor.accountId(), id, MassAction.State.FINISHED.code(), now);
        }
        return get(actor, id);
    }

    /**
     * The deals a merge would join (at most {@link #MAX_MERGE}, oldest first) and the one that
     * would survive: the chosen one, or the oldest. Checks the action like {@link #preview}.
     */
    @Transactional(readOnly = true)
    public MergePreview mergePreview(Actor actor, Target target, ActionSpec spec) {
        check(actor, target, spec);
        DealQuery q = target.ids() != null ? DealQuery.ofIds(target.ids()) : target.query();
        List<Deal> found = new ArrayList<>(deals.list(actor.accountId(), q.page(new DealQuery.Order(DealQuery.Field.CREATED_AT, false),
                0, MAX_MERGE, null)));
        if (found.size() > MAX_MERGE) {
            found = new ArrayList<>(found.subList(0, MAX_MERGE));
        }
        long survivor = spec.survivorId() != null ? spec.survivorId() : found.get(0).id();
        return new MergePreview(found, survivor);
    }

    /** The deals of a merge, oldest first, and the survivor's id. */
    public record MergePreview(List<Deal> deals, long survivorId) {}

    /** Starts reverting a finished run for the deals nobody changed since; the others fail with the reason. */
    @Transactional
    public MassAction undo(Actor actor, long id) {
        long accountId = actor.accountId();
        Row original = runs.lock(accountId, id).orElseThrow(() -> new NotFoundException("mass action " + id));
        MassAction run = runner.view(original);
        if (!run.undoable()) {
            throw new RuleViolationException("NotUndoable", "id", run.undoneBy() != null ? "This mass action was already undone"
                    : !run.spec().kind().undoable() ? "A mass action of kind " + run.spec().kind().code() + " cannot be undone"
                    : "Only a finished mass action that changed deals can be undone");
        }
        long undoId = ids.next("mass_action_seq");
        Instant now = clock.instant();
        ActionSpec spec = new ActionSpec(Kind.UNDO, null, null, null, null, null, null, null, null);
        runs.insert(new Row(accountId, undoId, Kind.UNDO.code(), runner.write(spec), "undo of " + id, MassAction.State.QUEUED.code(),
                0, 0, 0, false, id, null, actor.userId(), now, null, null));
        runs.setTotal(accountId, undoId, runs.freezeDoneOf(accountId, undoId, id));
        runs.markUndone(accountId, id, undoId);
        afterCommit(() -> jobs.schedule(runner.instance(accountId, undoId)));
        return get(actor, undoId);
    }

    /** Asks a run to stop after its current chunk; false when it is already over. */
    @Transactional
    public boolean cancel(Actor actor, long id) {
        get(actor, id);
        return runs.requestCancel(actor.accountId(), id);
    }

    @Transactional(readOnly = true)
    public MassAction get(Actor actor, long id) {
        return find(actor, id).orElseThrow(() -> new NotFoundException("mass action " + id));
    }

    @Transactional(readOnly = true)
    public Optional<MassAction> find(Actor actor, long id) {
        return runs.find(actor.accountId(), id).map(runner::view);
    }

    /** The latest runs of the account, newest first (the audit). */
    @Transactional(readOnly = true)
    public List<MassAction> recent(Actor actor, int limit) {
        return runs.recent(actor.accountId(), limit).stream().map(runner::view).toList();
    }

    @Transactional(readOnly = true)
    public List<Failure> failures(Actor actor, long id, int limit) {
        get(actor, id);
        return runs.failures(actor.accountId(), id, limit).stream().map(i -> new Failure(i.dealId(), i.reason())).toList();
    }

    /** Validates the target and the action; tag names become ids (new names are created for ADD_TAGS). */
    private ActionSpec check(Actor actor, Target target, ActionSpec spec) {
        long accountId = actor.accountId();
        if ((target.ids() == null) == (target.query() == null)) {
            throw ValidationException.of("0", "filter", "NotBlank", "Give either ids or a filter");
        }
        if (target.ids() != null && (target.ids().isEmpty() || target.ids().size() > MAX_IDS)) {
            throw ValidationException.of("0", "ids", "OutOfRange", "Give 1 to " + MAX_IDS + " deal ids");
        }
        if (spec == null || spec.kind() == null || spec.kind() == Kind.UNDO) {
            throw ValidationException.of("0", "action.type", "NotSupportedChoice", "Unknown action type");
        }
        return switch (spec.kind()) {
            case STAGE -> {
                if (spec.statusId() == null) {
                    throw ValidationException.of("0", "action.status_id", "NotBlank", "A stage change needs status_id");
                }
                checkStage(accountId, spec.pipelineId(), spec.statusId());
                yield spec;
            }
            case RESPONSIBLE -> {
                if (spec.responsibleUserId() == null
                        || accounts.existingUserIds(accountId, List.of(spec.responsibleUserId())).isEmpty()) {
                    throw ValidationException.of("0", "action.responsible_user_id", "NotSupportedChoice", "No such user");
                }
                yield spec;
            }
            case ADD_TAGS, REMOVE_TAGS -> new ActionSpec(spec.kind(), null, null, null, null, tagIds(accountId, spec), null, null, null);
            case WON -> new ActionSpec(Kind.WON, null, null, null, null, null, null, null, null);
            case LOST -> {
                if (spec.lossReasonId() != null && lossReasons.find(accountId, spec.lossReasonId()).isEmpty()) {
                    throw ValidationException.of("0", "action.loss_reason_id", "NotSupportedChoice", "No such loss reason");
                }
                yield new ActionSpec(Kind.LOST, null, null, null, spec.lossReasonId(), null, null, null, null);
            }
            case DELETE -> new ActionSpec(Kind.DELETE, null, null, null, null, null, null, null, null);
            case TASK -> {
                if (spec.taskText() == null || spec.taskText().isBlank() || spec.taskText().length() > 4000) {
                    throw ValidationException.of("0", "action.text", "NotBlank", "A task needs a text of 1 to 4000 characters");
                }
                if (spec.taskDeadline() == null) {
                    throw ValidationException.of("0", "action.complete_till", "NotBlank", "A task needs a deadline");
                }
                if (spec.taskTypeId() != null && tasks.types(accountId, "ru").stream().map(TaskType::id)
                        .noneMatch(t -> t.equals(spec.taskTypeId()))) {
                    throw ValidationException.of("0", "action.task_type_id", "NotSupportedChoice", "No such task type");
                }
                if (spec.responsibleUserId() != null && accounts.existingUserIds(accountId, List.of(spec.responsibleUserId())).isEmpty()) {
                    throw ValidationException.of("0", "action.responsible_user_id", "NotSupportedChoice", "No such user");
                }
                yield spec;
            }
            case SET_FIELD, CLEAR_FIELD -> {
                if (spec.fieldId() == null) {
                    throw ValidationException.of("0", "action.field_id", "NotBlank", "field_id is required");
                }
                boolean set = spec.kind() == Kind.SET_FIELD;
                if (set && (spec.fieldValues() == null || spec.fieldValues().isEmpty())) {
                    throw ValidationException.of("0", "action.values", "NotBlank", "Give the values to set (clear_field empties a field)");
                }
                // the same check as custom_fields_values of PATCH /api/v4/leads, with paths inside the action
                List<Problem> problems = new ArrayList<>();
                fields.writer(accountId, DealManagement.ENTITY).prepare("0",
                        List.of(new FieldWrite(spec.fieldId(), null, set ? spec.fieldValues() : List.of(), "action")), problems);
                if (!problems.isEmpty()) {
                    throw new ValidationException(problems);
                }
                yield set ? ActionSpec.setField(spec.fieldId(), spec.fieldValues()) : ActionSpec.clearField(spec.fieldId());
            }
            case MERGE -> {
                List<Long> given = target.ids() == null ? null : new ArrayList<>(new LinkedHashSet<>(target.ids()));
                long count = given != null ? given.size() : deals.count(accountId, target.query());
                if (count < 2 || count > MAX_MERGE) {
                    throw ValidationException.of("0", given != null ? "ids" : "filter", "MergeLimit",
                            "A merge takes 2 to " + MAX_MERGE + " deals; " + count + " selected");
                }
                if (given != null) {
                    java.util.Set<Long> live = new java.util.HashSet<>();
                    deals.list(accountId, DealQuery.ofIds(given)).forEach(d -> live.add(d.id()));
                    for (int i = 0; i < target.ids().size(); i++) {
                        if (!live.contains(target.ids().get(i))) {
                            throw ValidationException.of("0", "ids." + i, "NotFound", "Deal " + target.ids().get(i) + " does not exist");
                        }
                    }
                }
                if (spec.survivorId() != null && (given != null ? !given.contains(spec.survivorId())
                        : deals.count(accountId, DealQuery.ofIds(List.of(spec.survivorId()))) == 0)) {
                    throw ValidationException.of("0", "action.survivor_id", "NotSupportedChoice",
                            "Deal " + spec.survivorId() + " is not one of the deals to merge");
                }
                yield ActionSpec.merge(spec.survivorId());
            }
            case UNDO -> throw new IllegalStateException();
        };
    }

    private void checkStage(long accountId, Long pipelineId, long statusId) {
        List<Pipeline> all = pipelines.pipelines(accountId);
        if (pipelineId != null) {
            Pipeline p = all.stream().filter(x -> x.id() == pipelineId).findFirst().orElseThrow(() -> ValidationException.of("0",
                    "action.pipeline_id", "NotSupportedChoice", "Pipeline " + pipelineId + " does not exist"));
            if (p.stage(statusId).isEmpty()) {
                throw ValidationException.of("0", "action.status_id", "NotSupportedChoice",
                        "Pipeline " + pipelineId + " has no stage " + statusId);
            }
        } else if (!Stage.isSystemId(statusId) && all.stream().allMatch(p -> p.stage(statusId).isEmpty())) {
            throw ValidationException.of("0", "action.status_id", "NotSupportedChoice", "Stage " + statusId + " does not exist");
        }
    }

    private List<TagRef> tagIds(long accountId, ActionSpec spec) {
        List<TagRef> refs = spec.tags() == null ? List.of() : spec.tags();
        if (refs.isEmpty() || refs.size() > MAX_TAGS) {
            throw ValidationException.of("0", "action.tags", "OutOfRange", "Give 1 to " + MAX_TAGS + " tags");
        }
        for (int i = 0; i < refs.size(); i++) {
            TagRef r = refs.get(i);
            if (r.id() == null && (r.name() == null || r.name().isBlank() || r.name().length() > 255)) {
                throw ValidationException.of("0", "action.tags." + i, "NotBlank", "Each tag needs an id or a name");
            }
        }
        List<Long> resolved;
        if (spec.kind() == Kind.ADD_TAGS) {
            resolved = tags.resolve(accountId, DealManagement.ENTITY, refs, "0");
        } else {
            resolved = new ArrayList<>();
            for (int i = 0; i < refs.size(); i++) {
                TagRef r = refs.get(i);
                List<Tag> found = r.id() != null ? tags.list(accountId, DealManagement.ENTITY, List.of(r.id()), null, null, 0, 1)
                        : tags.list(accountId, DealManagement.ENTITY, List.of(), r.name().trim(), null, 0, 1);
                if (found.isEmpty()) {
                    throw ValidationException.of("0", "action.tags." + i, "NotSupportedChoice",
                            "Tag " + (r.id() != null ? r.id() : r.name()) + " does not exist");
                }
                resolved.add(found.get(0).id());
            }
        }
        return resolved.stream().distinct().map(t -> new TagRef(t, null, null)).toList();
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 8000 ? s.substring(0, 7999) + "…" : s;
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
