package org.voronka.automation.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.voronka.automation.Rule;
import org.voronka.automation.Run;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.ValidationException;
import org.voronka.tag.Tag;
import org.voronka.tag.TagManagement;

/**
 * Executes due runs. Runs are taken with {@code FOR UPDATE SKIP LOCKED} and executed in the same
 * transaction that marks them done, so their actions happen exactly once: a node that dies mid-batch
 * rolls back with its connection and another node takes the runs again. Every node runs workers;
 * they wake after a local commit that wrote runs and poll for the rest.
 */
@Component
public class Runner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Runner.class);

    private final AutomationRepository repository;
    private final DealManagement deals;
    private final TagManagement tags;
    private final FieldValues fields;
    private final org.voronka.account.AccountManagement accounts;
    private final Actions actions;
    private final TransactionTemplate tx;
    private final TransactionTemplate perRun;
    private final int batch;
    private final Clock clock;
    private final boolean enabled;
    private final int threads;
    private final long pollMillis;
    private final AtomicInteger queuedWakes = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong executed = new java.util.concurrent.atomic.AtomicLong();
    private volatile ScheduledExecutorService poller;
    private volatile boolean stopping;
    private volatile ExecutorService workers;

    Runner(AutomationRepository repository, DealManagement deals, TagManagement tags, FieldValues fields,
           org.voronka.account.AccountManagement accounts, Actions actions, TransactionTemplate tx, Clock clock,
           @Value("${voronka.automation.enabled:true}") boolean enabled,
           @Value("${voronka.automation.threads:2}") int threads,
           @Value("${voronka.automation.poll-millis:500}") long pollMillis,
           @Value("${voronka.automation.batch:100}") int batch) {
        this.repository = repository;
        this.deals = deals;
        this.tags = tags;
        this.fields = fields;
        this.accounts = accounts;
        this.actions = actions;
        this.tx = tx;
        // a savepoint inside the batch's transaction
        this.perRun = new TransactionTemplate(tx.getTransactionManager());
        this.perRun.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.batch = Math.max(1, batch);
        this.clock = clock;
        this.enabled = enabled;
        this.threads = Math.max(1, threads);
        this.pollMillis = Math.max(50, pollMillis);
    }

    /** Runs this node has taken and finished (done, skipped or failed) since it started. */
    public long executed() {
        return executed.get();
    }

    /** Asks the workers to look now (after a commit that wrote runs). */
    public void wake() {
        ExecutorService w = workers;
        if (w != null && queuedWakes.get() < threads) {
            queuedWakes.incrementAndGet();
            w.execute(() -> {
                queuedWakes.decrementAndGet();
                drainSafely();
            });
        }
    }

    private void drainSafely() {
        try {
            drain(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Automation runs could not be processed: {}", e.toString());
        }
    }

    /**
     * Executes every run due at {@code now}, in batches of {@code batch} runs per transaction;
     * returns how many. Safe on several nodes at once.
     */
    public int drain(Instant now) {
        int n = 0;
        int taken;
        while ((taken = runBatch(now)) > 0) {
            n += taken;
        }
        return n;
    }

    /**
     * Takes up to {@code batch} due runs and executes them in one transaction, each inside its own
     * savepoint: a run whose actions are refused rolls back alone and is recorded as failed, the
     * others commit together with their completion. One commit per batch instead of one per run
     * is what lets a burst of moves (a mass action, an import) be worked off quickly.
     */
    int runBatch(Instant now) {
        Integer done = tx.execute(s -> {
            List<Run> claimed = repository.claimDue(now, batch);
            Map<Long, Optional<Rule>> rules = new HashMap<>();
            claimed.forEach(run -> rules.computeIfAbsent(run.ruleId(), id -> repository.rule(run.accountId(), id)));
            Set<Long> finished = new HashSet<>();
            // the runs of a rule that only adds tasks and notes: carried out together, one statement per action for all
            Map<Long, List<Run>> together = new LinkedHashMap<>();
            for (Run run : claimed) {
                Rule rule = rules.get(run.ruleId()).orElse(null);
                if (rule != null && !rule.paused() && Actions.together(rule)) {
                    together.computeIfAbsent(rule.id(), k -> new ArrayList<>()).add(run);
                }
            }
            for (List<Run> group : together.values()) {
                if (stopping) {
                    break; // what is not done yet stays pending for another node (the loop below stops too)
                }
                Rule rule = rules.get(group.get(0).ruleId()).orElseThrow();
                try {
                    perRun.executeWithoutResult(inner -> executeTogether(group, rule, now));
                    group.forEach(r -> finished.add(r.id()));
                } catch (RuntimeException e) {
                    if (stopping) {
                        throw e;
                    }
                    // one of them was refused: the savepoint took all of it back; each runs on its own below
                }
            }
            for (Run run : claimed) {
                if (finished.contains(run.id())) {
                    continue;
                }
                if (stopping) {
                    break; // the runs not taken yet stay pending for another node
                }
                Optional<Rule> rule = rules.computeIfAbsent(run.ruleId(), id -> repository.rule(run.accountId(), id));
                try {
                    perRun.executeWithoutResult(inner -> execute(run, rule.orElse(null), now));
                } catch (RuntimeException e) {
                    if (stopping) {
                        // failing because this node shuts down is not the run's fault: roll the batch back for another node
                        throw e;
                    }
                    // the savepoint took back this run's changes; record why, once
                    repository.finish(run, "failed", null, message(e), now);
                    if (e instanceof Actions.LoopDetected) {
                        repository.flag(run.accountId(), run.ruleId(), e.getMessage(), now);
                        rules.remove(run.ruleId());
                    }
                }
            }
            return claimed.size();
        });
        int n = done == null ? 0 : done;
        executed.addAndGet(n);
        return n;
    }

    private void execute(Run run, Rule rule, Instant now) {
        Deal deal = deals.deal(run.accountId(), run.dealId()).orElse(null);
        String skipped = whySkipped(run, rule, deal, now);
        if (skipped != null) {
            repository.finish(run, "skipped", skipped, null, now);
            return;
        }
        List<String> done = actions.run(rule, run.id(), deal, now);
        repository.finish(run, "done", String.join("; ", done), null, now);
    }

    /** Runs of one rule whose actions only add tasks and notes: the deals read at once, the actions done for all of them at once. */
    private void executeTogether(List<Run> group, Rule rule, Instant now) {
        Map<Long, Deal> byId = new HashMap<>();
        deals.dealsIncludingDeleted(rule.accountId(), group.stream().map(Run::dealId).distinct().toList())
                .forEach(d -> byId.put(d.id(), d.deleted() ? null : d));
        List<Run> acting = new ArrayList<>();
        List<Deal> targets = new ArrayList<>();
        List<AutomationRepository.Finish> finishes = new ArrayList<>();
        for (Run run : group) {
            Deal deal = byId.get(run.dealId());
            String skipped = whySkipped(run, rule, deal, now);
            if (skipped != null) {
                finishes.add(new AutomationRepository.Finish(run, "skipped", skipped));
            } else {
                acting.add(run);
                targets.add(deal);
            }
        }
        if (!targets.isEmpty()) {
            List<List<String>> done = actions.runAll(rule, targets, now);
            for (int i = 0; i < acting.size(); i++) {
                finishes.add(new AutomationRepository.Finish(acting.get(i), "done", String.join("; ", done.get(i))));
            }
        }
        repository.finishAll(finishes, now);
    }

    /** Why the run does nothing (the rule paused, the deal deleted or gone from the stage, conditions not met), or null. */
    private String whySkipped(Run run, Rule rule, Deal deal, Instant now) {
        if (rule == null || rule.paused()) {
            return "the rule is paused";
        }
        if (deal == null) {
            return "the deal was deleted";
        }
        if (!stillThere(rule, run, deal)) {
            return "the deal left the stage";
        }
        if (!Conditions.hold(rule.conditions(), deal, () -> tags.tagsOf(run.accountId(), DealManagement.ENTITY, List.of(deal.id()))
                .getOrDefault(deal.id(), List.of()).stream().map(Tag::name).toList(),
                () -> accounts.workingHours(run.accountId()).contains(now, Actions.zone(accounts.account(run.accountId()))),
                () -> fields.read(run.accountId(), DealManagement.ENTITY, List.of(deal.id())).getOrDefault(deal.id(), List.of()))) {
            return "conditions not met";
        }
        return null;
    }

    /**
     * A run that waited (a delay, or time in the stage) acts only if the deal is still in the
     * rule's stage and has not left it meanwhile.
     */
    private boolean stillThere(Rule rule, Run run, Deal deal) {
        boolean waited = rule.delayMinutes() > 0 || "stayed".equals(rule.trigger())
                || run.enteredAt() != null && run.dueAt().isAfter(run.enteredAt());
        if (!waited) {
            return true;
        }
        if (deal.pipelineId() != rule.pipelineId() || deal.statusId() != rule.statusId()) {
            return false;
        }
        return deals.history(run.accountId(), deal.id()).stream()
                .noneMatch(t -> run.enteredAt() != null && t.movedAt().isAfter(run.enteredAt()));
    }

    private static String message(RuntimeException e) {
        if (e instanceof ValidationException v && !v.problems().isEmpty()) {
            return v.problems().get(0).path() + ": " + v.problems().get(0).detail();
        }
        if (e instanceof RuleViolationException || e instanceof NotFoundException || e instanceof ForbiddenException
                || e instanceof Actions.LoopDetected) {
            return e.getMessage();
        }
        log.warn("An automation run failed", e);
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        stopping = false;
        workers = Executors.newFixedThreadPool(threads, org.voronka.shared.AfterCommit.daemons("automation-run"));
        poller = Executors.newSingleThreadScheduledExecutor(org.voronka.shared.AfterCommit.daemons("automation-poll"));
        poller.scheduleWithFixedDelay(this::wake, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        stopping = true;
        ScheduledExecutorService p = poller;
        ExecutorService w = workers;
        poller = null;
        workers = null;
        if (p != null) {
            p.shutdownNow();
        }
        if (w != null) {
            w.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}
