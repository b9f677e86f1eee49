package org.voronka.automation.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.voronka.automation.Rule;
import org.voronka.automation.Run;
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
 * rolled-back change fires nothing, a committed one always has its runs.
 */
@Component
class Triggers {

    private static final Set<String> CALLS_AND_MESSAGES = Set.of("call_in", "call_out", "sms_in", "sms_out");

    private final AutomationRepository repository;
    private final DealManagement deals;
    private final Runner runner;
    private final Ids ids;
    private final Clock clock;
    private final org.voronka.account.AccountManagement accounts;

    Triggers(AutomationRepository repository, DealManagement deals, Runner runner, Ids ids, Clock clock,
             org.voronka.account.AccountManagement accounts) {
        this.accounts = accounts;
        this.repository = repository;
        this.deals = deals;
        this.runner = runner;
        this.ids = ids;
        this.clock = clock;
    }

    /** A deal in a stage and the trigger that happened to it. */
    private record Fired(long dealId, long pipelineId, long statusId, String trigger) {}

    @EventListener
    void on(DealsChanged event) {
        List<Fired> fired = new ArrayList<>();
        List<Long> responsibleChanged = new ArrayList<>();
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
            }
        }
        if (!responsibleChanged.isEmpty()) {
            for (Deal d : current(event.accountId(), responsibleChanged).values()) {
                fired.add(new Fired(d.id(), d.pipelineId(), d.statusId(), "responsible_changed"));
            }
        }
        schedule(event.accountId(), event.at(), fired);
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
        List<Fired> fired = new ArrayList<>();
        for (Deal d : current(accountId, dealIds).values()) {
            fired.add(new Fired(d.id(), d.pipelineId(), d.statusId(), trigger));
        }
        schedule(accountId, at, fired);
    }

    private Map<Long, Deal> current(long accountId, List<Long> dealIds) {
        return deals.dealsIncludingDeleted(accountId, dealIds).stream().filter(d -> !d.deleted())
                .collect(Collectors.toMap(Deal::id, Function.identity()));
    }

    private void schedule(long accountId, Instant at, List<Fired> fired) {
        if (fired.isEmpty()) {
            return;
        }
        List<Rule> rules = repository.activeRules(accountId);
        if (rules.isEmpty()) {
            return;
        }
        Instant now = at == null ? clock.instant() : at;
        // read only when a rule waits for the working hours
        java.util.function.Function<Instant, Instant> workingWindow = new java.util.function.Function<>() {
            private org.voronka.account.WorkingHours hours;
            private java.time.ZoneId zone;

            @Override
            public Instant apply(Instant due) {
                if (hours == null) {
                    hours = accounts.workingHours(accountId);
                    zone = Actions.zone(accounts.account(accountId));
                }
                return hours.nextWindow(due, zone);
            }
        };
        List<Run> runs = new ArrayList<>();
        for (Fired f : fired) {
            for (Rule r : rules) {
                if (r.pipelineId() == f.pipelineId() && r.statusId() == f.statusId() && r.trigger().equals(f.trigger())) {
                    long wait = r.delayMinutes() + ("stayed".equals(r.trigger()) && r.triggerMinutes() != null ? r.triggerMinutes() : 0);
                    Instant due = now.plus(Duration.ofMinutes(wait));
                    runs.add(new Run(accountId, 0, r.id(), f.dealId(), now, r.waitForWorkingHours() ? workingWindow.apply(due) : due,
                            "pending", null, null, now, null));
                }
            }
        }
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
