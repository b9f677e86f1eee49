package org.voronka.automation.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.voronka.account.AccountManagement;
import org.voronka.account.WorkingHours;
import org.voronka.automation.Rule;
import org.voronka.automation.Run;
import org.voronka.customfield.FieldChange;
import org.voronka.customfield.FieldValue;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealsChanged;
import org.voronka.shared.AfterCommit;
import org.voronka.shared.Ids;
import org.voronka.task.TasksChanged;
import org.voronka.timeline.Note;
import org.voronka.timeline.NotesAdded;

/**
 * Turns changes into runs of the rules they trigger, inside the transaction of the change: a
 * rolled-back change fires nothing, a committed one always has its runs. Date-field runs are kept
 * in step with the deal: every change that touches them (the date, the stage, deletion) cancels the
 * deal's pending ones and schedules again from the deal as it now is.
 */
@Component
class Triggers {

    private static final Set<String> CALLS_AND_MESSAGES = Set.of("call_in", "call_out", "sms_in", "sms_out");

    private final AutomationRepository repository;
    private final DealManagement deals;
    private final FieldValues fields;
    private final Runner runner;
    private final Ids ids;
    private final Clock clock;
    private final AccountManagement accounts;

    Triggers(AutomationRepository repository, DealManagement deals, FieldValues fields, Runner runner, Ids ids, Clock clock,
             AccountManagement accounts) {
        this.accounts = accounts;
        this.repository = repository;
        this.deals = deals;
        this.fields = fields;
        this.runner = runner;
        this.ids = ids;
        this.clock = clock;
    }

    /** A deal in a stage and the trigger that happened to it. */
    private record Fired(long dealId, long pipelineId, long statusId, String trigger) {}

    /** A field of a deal changed: {@code field} is price, name or a custom field id; its new values as text and options. */
    private record FieldEvent(long dealId, String field, List<String> texts, List<Long> enumIds) {}

    @EventListener
    void on(DealsChanged event) {
        if (event.changes().stream().allMatch(c -> c instanceof DealsChanged.ContactLinked || c instanceof DealsChanged.CompanyLinked
                || c instanceof DealsChanged.Restored || c instanceof DealsChanged.Merged || c instanceof DealsChanged.LossReasonChanged)) {
            return; // nothing a rule fires on
        }
        List<Rule> rules = repository.activeRules(event.accountId());
        if (rules.isEmpty()) {
            return;
        }
        Instant now = event.at() == null ? clock.instant() : event.at();
        List<Fired> fired = new ArrayList<>();
        List<Long> responsibleChanged = new ArrayList<>();
        List<FieldEvent> fieldEvents = new ArrayList<>();
        for (DealsChanged.Change c : event.changes()) {
            if (c instanceof DealsChanged.Created x) {
                fired.add(new Fired(x.dealId(), x.pipelineId(), x.statusId(), "created"));
                fired.add(new Fired(x.dealId(), x.pipelineId(), x.statusId(), "entered"));
                fired.add(new Fired(x.dealId(), x.pipelineId(), x.statusId(), "stayed"));
            } else if (c instanceof DealsChanged.StageChanged x) {
                fired.add(new Fired(x.dealId(), x.toPipelineId(), x.toStatusId(), "entered"));
                fired.add(new Fired(x.dealId(), x.toPipelineId(), x.toStatusId(), "stayed"));
            } else if (c instanceof DealsChanged.ResponsibleChanged x) {
                responsibleChanged.add(x.dealId());
            } else if (c instanceof DealsChanged.PriceChanged x) {
                fieldEvents.add(new FieldEvent(x.dealId(), "price", x.to() == null ? List.of() : List.of(x.to().toPlainString()), List.of()));
            } else if (c instanceof DealsChanged.NameChanged x) {
                fieldEvents.add(new FieldEvent(x.dealId(), "name", x.to() == null ? List.of() : List.of(x.to()), List.of()));
            } else if (c instanceof DealsChanged.FieldChanged x) {
                FieldChange f = x.change();
                fieldEvents.add(new FieldEvent(x.dealId(), Long.toString(f.fieldId()), f.after().stream().map(FieldChange.Text::text).toList(),
                        f.after().stream().map(FieldChange.Text::enumId).filter(java.util.Objects::nonNull).toList()));
            }
        }
        List<Rule> fieldRules = rules.stream().filter(r -> "field_changed".equals(r.trigger())).toList();
        List<FieldEvent> relevant = fieldEvents.stream()
                .filter(e -> fieldRules.stream().anyMatch(r -> e.field().equals(r.triggerField()))).toList();
        Set<Long> dateDeals = dateDealsOf(event, rules);
        Set<Long> toRead = new LinkedHashSet<>(responsibleChanged);
        relevant.forEach(e -> toRead.add(e.dealId()));
        toRead.addAll(dateDeals);
        Map<Long, Deal> current = toRead.isEmpty() ? Map.of() : current(event.accountId(), new ArrayList<>(toRead));
        for (long id : responsibleChanged) {
            Deal d = current.get(id);
            if (d != null) {
                fired.add(new Fired(d.id(), d.pipelineId(), d.statusId(), "responsible_changed"));
            }
        }
        List<Run> runs = new ArrayList<>(runsOf(event.accountId(), now, fired, rules));
        for (FieldEvent e : relevant) {
            Deal d = current.get(e.dealId());
            for (Rule r : fieldRules) {
                if (d != null && inStage(r, d) && e.field().equals(r.triggerField()) && matches(r, e)) {
                    runs.add(run(r, d.id(), now, now.plus(Duration.ofMinutes(r.delayMinutes()))));
                }
            }
        }
        if (!dateDeals.isEmpty()) {
            runs.addAll(rescheduleDates(event, rules, dateDeals, current, now));
        }
        insert(withWorkingHours(event.accountId(), runs, rules));
    }

    @EventListener
    void on(TasksChanged event) {
        List<Long> dealIds = event.changes().stream()
                .filter(c -> c.kind() == TasksChanged.Kind.COMPLETED && "leads".equals(c.after().entityType()))
                .map(c -> c.after().entityId()).distinct().toList();
        fireOnDeals(event.accountId(), event.at(), dealIds, "task_completed");
    }

    @EventListener
    void on(NotesAdded event) {
        List<Long> dealIds = event.notes().stream()
                .filter(n -> "leads".equals(n.entityType()) && CALLS_AND_MESSAGES.contains(n.noteType()))
                .map(Note::entityId).distinct().toList();
        fireOnDeals(event.accountId(), event.at(), dealIds, "note_added");
    }

    private void fireOnDeals(long accountId, Instant at, List<Long> dealIds, String trigger) {
        if (dealIds.isEmpty()) {
            return;
        }
        List<Rule> rules = repository.activeRules(accountId);
        if (rules.stream().noneMatch(r -> trigger.equals(r.trigger()))) {
            return;
        }
        List<Fired> fired = new ArrayList<>();
        for (Deal d : current(accountId, dealIds).values()) {
            fired.add(new Fired(d.id(), d.pipelineId(), d.statusId(), trigger));
        }
        insert(withWorkingHours(accountId, runsOf(accountId, at == null ? clock.instant() : at, fired, rules), rules));
    }

    private Map<Long, Deal> current(long accountId, List<Long> dealIds) {
        return deals.dealsIncludingDeleted(accountId, dealIds).stream().filter(d -> !d.deleted())
                .collect(Collectors.toMap(Deal::id, Function.identity()));
    }

    private static boolean inStage(Rule r, Deal d) {
        return r.pipelineId() == d.pipelineId() && r.statusId() == d.statusId();
    }

    /** Any change of the field, or a change to the rule's value: a number for the budget, an option's text or id, a text. */
    private static boolean matches(Rule r, FieldEvent e) {
        String want = r.triggerValue();
        if (want == null) {
            return true;
        }
        if ("price".equals(e.field())) {
            return !e.texts().isEmpty() && new java.math.BigDecimal(e.texts().get(0)).compareTo(new java.math.BigDecimal(want)) == 0;
        }
        return e.texts().stream().anyMatch(t -> t != null && t.trim().equalsIgnoreCase(want.trim()))
                || e.enumIds().stream().anyMatch(id -> Long.toString(id).equals(want.trim()));
    }

    private List<Run> runsOf(long accountId, Instant now, List<Fired> fired, List<Rule> rules) {
        List<Run> runs = new ArrayList<>();
        for (Fired f : fired) {
            for (Rule r : rules) {
                if (r.pipelineId() == f.pipelineId() && r.statusId() == f.statusId() && r.trigger().equals(f.trigger())) {
                    long wait = r.delayMinutes() + ("stayed".equals(r.trigger()) && r.triggerMinutes() != null ? r.triggerMinutes() : 0);
                    runs.add(run(r, f.dealId(), now, now.plus(Duration.ofMinutes(wait))));
                }
            }
        }
        return runs;
    }

    private static Run run(Rule r, long dealId, Instant now, Instant due) {
        return new Run(r.accountId(), 0, r.id(), dealId, now, due, "pending", null, null, now, null);
    }

    // ---- date fields ----

    /** The deals whose date-field runs this change may move: they entered or left a stage with a date rule, changed its date, or were deleted. */
    private static Set<Long> dateDealsOf(DealsChanged event, List<Rule> rules) {
        List<Rule> dateRules = rules.stream().filter(r -> "date_field".equals(r.trigger())).toList();
        Set<Long> affected = new LinkedHashSet<>();
        if (dateRules.isEmpty()) {
            return affected;
        }
        for (DealsChanged.Change c : event.changes()) {
            boolean touches = c instanceof DealsChanged.Deleted
                    || c instanceof DealsChanged.Created x && dateRules.stream().anyMatch(r -> r.pipelineId() == x.pipelineId()
                    && r.statusId() == x.statusId())
                    || c instanceof DealsChanged.StageChanged x && dateRules.stream().anyMatch(r -> r.pipelineId() == x.toPipelineId()
                    && r.statusId() == x.toStatusId() || r.pipelineId() == x.fromPipelineId() && r.statusId() == x.fromStatusId())
                    || c instanceof DealsChanged.FieldChanged x && dateRules.stream()
                    .anyMatch(r -> Long.toString(x.change().fieldId()).equals(r.triggerField()));
            if (touches) {
                affected.add(c.dealId());
            }
        }
        return affected;
    }

    /**
     * Cancels the pending date-field runs of the deals (saying why) and schedules them again from
     * the deal's stage and date now. A moment already past is not scheduled.
     */
    private List<Run> rescheduleDates(DealsChanged event, List<Rule> rules, Set<Long> dealIds, Map<Long, Deal> current, Instant now) {
        List<Rule> dateRules = rules.stream().filter(r -> "date_field".equals(r.trigger())).toList();
        Map<String, List<Long>> byReason = new LinkedHashMap<>();
        Map<Long, String> reason = new HashMap<>();
        for (DealsChanged.Change c : event.changes()) {
            if (!dealIds.contains(c.dealId())) {
                continue;
            }
            String why = c instanceof DealsChanged.Deleted ? "the deal was deleted"
                    : c instanceof DealsChanged.StageChanged ? "the deal left the stage"
                    : c instanceof DealsChanged.FieldChanged x ? (x.change().after().isEmpty() ? "the date was cleared" : "the date changed")
                    : null;
            if (why != null && !reason.containsKey(c.dealId())) {
                reason.put(c.dealId(), why);
            }
        }
        reason.forEach((deal, why) -> byReason.computeIfAbsent(why, k -> new ArrayList<>()).add(deal));
        List<Long> ruleIds = dateRules.stream().map(Rule::id).toList();
        byReason.forEach((why, deals) -> repository.cancelPending(event.accountId(), ruleIds, deals, why, now));

        List<Long> inDateStages = dealIds.stream().filter(id -> current.containsKey(id)
                && dateRules.stream().anyMatch(r -> inStage(r, current.get(id)))).toList();
        if (inDateStages.isEmpty()) {
            return List.of();
        }
        Map<Long, List<FieldValue>> values = fields.read(event.accountId(), DealManagement.ENTITY, inDateStages);
        List<Run> runs = new ArrayList<>();
        for (long id : inDateStages) {
            Deal d = current.get(id);
            for (Rule r : dateRules) {
                Instant due = inStage(r, d) ? dueOf(r, values.getOrDefault(id, List.of())) : null;
                if (due != null && due.isAfter(now)) {
                    runs.add(run(r, id, now, due));
                }
            }
        }
        return runs;
    }

    /** The date (stored as epoch seconds) plus the rule's signed offset; null without a date. */
    static Instant dueOf(Rule r, Collection<FieldValue> values) {
        for (FieldValue f : values) {
            if (Long.toString(f.fieldId()).equals(r.triggerField()) && !f.values().isEmpty() && f.values().get(0).value() instanceof Long epoch) {
                return Instant.ofEpochSecond(epoch).plus(Duration.ofMinutes(r.triggerMinutes() == null ? 0 : r.triggerMinutes()));
            }
        }
        return null;
    }

    // ---- writing ----

    /** Rules that wait for the working hours move their runs to the next window (the hours read only when one does). */
    private List<Run> withWorkingHours(long accountId, List<Run> runs, List<Rule> rules) {
        Set<Long> waiting = rules.stream().filter(Rule::waitForWorkingHours).map(Rule::id).collect(Collectors.toSet());
        if (waiting.isEmpty() || runs.stream().noneMatch(r -> waiting.contains(r.ruleId()))) {
            return runs;
        }
        WorkingHours hours = accounts.workingHours(accountId);
        ZoneId zone = Actions.zone(accounts.account(accountId));
        return runs.stream().map(r -> waiting.contains(r.ruleId())
                ? new Run(r.accountId(), 0, r.ruleId(), r.dealId(), r.enteredAt(), hours.nextWindow(r.dueAt(), zone), r.state(), null, null,
                r.createdAt(), null) : r).toList();
    }

    private void insert(List<Run> runs) {
        if (runs.isEmpty()) {
            return;
        }
        List<Long> newIds = ids.next("automation_run_seq", runs.size());
        List<Run> rows = new ArrayList<>(runs.size());
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            rows.add(new Run(r.accountId(), newIds.get(i), r.ruleId(), r.dealId(), r.enteredAt(), r.dueAt(), r.state(), null, null,
                    r.createdAt(), null));
        }
        repository.insertRuns(rows);
        AfterCommit.run(runner::wake);
    }
}
