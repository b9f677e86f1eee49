package org.voronka.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.AccountCreated;
import org.voronka.account.AccountManagement;
import org.voronka.pipeline.internal.PipelineRepository;
import org.voronka.shared.Actor;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.ValidationException;

/**
 * The pipeline module's facade. Keeps the invariants: 142 and 143 in every pipeline and last,
 * at most one Incoming stage and first, working stages numbered 20, 30, … in display order,
 * exactly one main pipeline, and the account's limits.
 */
@Service
public class PipelineManagement {

    static final int UNSORTED_SORT = 10;
    static final int WON_SORT = 10000;
    static final int LOST_SORT = 11000;

    private final PipelineRepository repository;
    private final AccountManagement accounts;
    private final StageOccupancy occupancy;
    private final Ids ids;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    PipelineManagement(PipelineRepository repository, AccountManagement accounts, StageOccupancy occupancy, Ids ids, Clock clock,
                       ApplicationEventPublisher events) {
        this.events = events;
        this.repository = repository;
        this.accounts = accounts;
        this.occupancy = occupancy;
        this.ids = ids;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Pipeline> pipelines(long accountId) {
        return repository.findAll(accountId);
    }

    @Transactional(readOnly = true)
    public Optional<Pipeline> pipeline(long accountId, long id) {
        return repository.find(accountId, id);
    }

    @Transactional(readOnly = true)
    public Pipeline mainPipeline(long accountId) {
        return repository.findAll(accountId).stream().filter(Pipeline::main).findFirst()
                .orElseThrow(() -> new NotFoundException("main pipeline"));
    }

    /** Creates the default pipeline of a new account in the account's transaction. */
    @EventListener
    void on(AccountCreated event) {
        List<NewStage> stages = new ArrayList<>();
        List<String> names = DefaultNames.stages(event.language());
        String[] colors = {"#99ccff", "#ffff99", "#ffcc66", "#ffcccc"};
        for (int i = 0; i < names.size(); i++) {
            stages.add(new NewStage(Integer.toString(i), null, names.get(i), 20 + 10 * i, colors[i % colors.length]));
        }
        insertPipeline(event.accountId(), new NewPipeline("0", DefaultNames.pipeline(event.language()), 1, true,
                event.unsortedOn(), stages), event.language(), clock.instant(), false);
    }

    @Transactional
    public List<Pipeline> createPipelines(Actor actor, List<NewPipeline> requests) {
        requireAdmin(actor);
        repository.lockAccount(actor.accountId());
        var account = accounts.account(actor.accountId());
        int existing = repository.count(actor.accountId());
        if (existing + requests.size() > account.maxPipelines()) {
            throw new RuleViolationException("LimitExceeded", "",
                    "An account may have at most " + account.maxPipelines() + " pipelines; it has " + existing);
        }
        Instant now = clock.instant();
        List<Long> created = new ArrayList<>();
        for (NewPipeline request : requests) {
            boolean main = request.main() || (existing == 0 && created.isEmpty());
            created.add(insertPipeline(actor.accountId(), withMain(request, main), account.language(), now, true));
        }
        return created.stream().map(id -> repository.find(actor.accountId(), id).orElseThrow()).toList();
    }

    private static NewPipeline withMain(NewPipeline p, boolean main) {
        return new NewPipeline(p.requestId(), p.name(), p.sort(), main, p.unsortedOn(), p.stages());
    }

    private long insertPipeline(long accountId, NewPipeline request, String lang, Instant now, boolean strictColors) {
        int maxStatuses = accounts.account(accountId).maxStatuses();
        long pipelineId = ids.next("pipeline_seq");
        String wonName = DefaultNames.won(lang);
        String lostName = DefaultNames.lost(lang);
        List<Stage> working = new ArrayList<>();
        List<NewStage> stages = request.stages() == null ? List.of() : request.stages();
        for (int i = 0; i < stages.size(); i++) {
            NewStage s = stages.get(i);
            String path = "_embedded.statuses." + i;
            if (s.id() != null && s.id() == Stage.WON) {
                wonName = s.name();
            } else if (s.id() != null && s.id() == Stage.LOST) {
                lostName = s.name();
            } else if (s.id() != null) {
                throw ValidationException.of(request.requestId(), path + ".id", "NotSupportedChoice",
                        "Only the system stages 142 and 143 may be given with an id");
            } else {
                String color = checkColor(request.requestId(), path + ".color", s.color(), working.size(), strictColors);
                working.add(new Stage(accountId, pipelineId, 0, s.name(), s.sort() == null ? 20 + 10 * i : s.sort(), color, 0));
            }
        }
        int total = working.size() + 2 + (request.unsortedOn() ? 1 : 0);
        if (total > maxStatuses) {
            throw new RuleViolationException("LimitExceeded", "_embedded.statuses",
                    "A pipeline may have at most " + maxStatuses + " stages including the system ones; this one would have " + total);
        }
        repository.insert(accountId, pipelineId, request.name(), request.sort(), request.main(), request.unsortedOn(), now);
        if (request.main()) {
            repository.clearMain(accountId, pipelineId);
        }
        if (request.unsortedOn()) {
            repository.insertStage(new Stage(accountId, pipelineId, ids.next("status_seq"), DefaultNames.unsorted(lang),
                    UNSORTED_SORT, "#c1c1c1", Stage.TYPE_UNSORTED), now);
        }
        working.sort(Comparator.comparingInt(Stage::sort));
        List<Long> stageIds = working.isEmpty() ? List.of() : ids.next("status_seq", working.size());
        for (int i = 0; i < working.size(); i++) {
            Stage s = working.get(i);
            repository.insertStage(new Stage(accountId, pipelineId, stageIds.get(i), s.name(), 20 + 10 * i, s.color(), 0), now);
        }
        repository.insertStage(new Stage(accountId, pipelineId, Stage.WON, wonName, WON_SORT, "#CCFF66", 0), now);
        repository.insertStage(new Stage(accountId, pipelineId, Stage.LOST, lostName, LOST_SORT, "#D5D8DB", 0), now);
        return pipelineId;
    }

    private static String checkColor(String requestId, String path, String color, int index, boolean strict) {
        if (color == null) {
            return StageColors.PALETTE.get((index * 5) % StageColors.PALETTE.size());
        }
        if (strict && !StageColors.allowed(color)) {
            throw ValidationException.of(requestId, path, "NotSupportedChoice",
                    "The colour must be one of " + String.join(", ", StageColors.PALETTE));
        }
        return color.toLowerCase(java.util.Locale.ROOT);
    }

    @Transactional
    public Pipeline updatePipeline(Actor actor, long id, PipelineChange change) {
        requireAdmin(actor);
        repository.lockAccount(actor.accountId());
        Pipeline p = require(actor.accountId(), id);
        boolean main = change.main() == null ? p.main() : change.main();
        if (p.main() && !main) {
            throw new RuleViolationException("MainPipelineRequired", "is_main",
                    "An account always has one main pipeline: make another pipeline main instead");
        }
        boolean unsortedOn = change.unsortedOn() == null ? p.unsortedOn() : change.unsortedOn();
        Instant now = clock.instant();
        if (unsortedOn && p.unsortedStage().isEmpty()) {
            if (p.stages().size() + 1 > accounts.account(actor.accountId()).maxStatuses()) {
                throw new RuleViolationException("LimitExceeded", "is_unsorted_on", "The pipeline has no room for an Incoming stage");
            }
            repository.insertStage(new Stage(actor.accountId(), id, ids.next("status_seq"),
                    DefaultNames.unsorted(accounts.account(actor.accountId()).language()), UNSORTED_SORT, "#c1c1c1",
                    Stage.TYPE_UNSORTED), now);
        } else if (!unsortedOn && p.unsortedStage().isPresent()) {
            Stage unsorted = p.unsortedStage().get();
            occupancy.relocate(actor, id, unsorted.id(), p.firstWorkingStage().id());
            repository.deleteStage(actor.accountId(), id, unsorted.id());
        }
        if (unsortedOn != p.unsortedOn()) {
            events.publishEvent(new StagesReordered(actor.accountId(), id));
        }
        repository.update(actor.accountId(), id, change.name() == null ? p.name() : change.name(),
                change.sort() == null ? p.sort() : change.sort(), main, unsortedOn, now);
        if (main && !p.main()) {
            repository.clearMain(actor.accountId(), id);
        }
        return require(actor.accountId(), id);
    }

    @Transactional
    public void deletePipeline(Actor actor, long id) {
        requireAdmin(actor);
        repository.lockAccount(actor.accountId());
        Pipeline p = require(actor.accountId(), id);
        if (repository.count(actor.accountId()) <= 1) {
            throw new RuleViolationException("LastPipeline", "", "The last pipeline of an account cannot be deleted");
        }
        long deals = occupancy.countDeals(actor.accountId(), id, null);
        if (deals > 0) {
            throw new RuleViolationException("PipelineHasDeals", "",
                    "The pipeline has " + deals + " deals (the trash included); move or delete them first");
        }
        repository.delete(actor.accountId(), id);
        if (p.main()) {
            Pipeline next = repository.findAll(actor.accountId()).get(0);
            repository.update(actor.accountId(), next.id(), next.name(), next.sort(), true, next.unsortedOn(), clock.instant());
        }
    }

    @Transactional
    public List<Stage> createStages(Actor actor, long pipelineId, List<NewStage> requests) {
        requireAdmin(actor);
        repository.lockAccount(actor.accountId());
        Pipeline p = require(actor.accountId(), pipelineId);
        int max = accounts.account(actor.accountId()).maxStatuses();
        if (p.stages().size() + requests.size() > max) {
            throw new RuleViolationException("LimitExceeded", "",
                    "A pipeline may have at most " + max + " stages including the system ones; it has " + p.stages().size());
        }
        Instant now = clock.instant();
        List<Stage> working = new ArrayList<>(p.stages().stream().filter(Stage::isWorking).toList());
        List<Long> newIds = ids.next("status_seq", requests.size());
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            NewStage r = requests.get(i);
            String color = checkColor(r.requestId(), "color", r.color(), working.size(), true);
            int sort = r.sort() == null ? Integer.MAX_VALUE : r.sort();
            Stage stage = new Stage(actor.accountId(), pipelineId, newIds.get(i), r.name(), sort, color, 0);
            insertBySort(working, stage, true);
            repository.insertStage(stage, now);
            created.add(stage.id());
        }
        renumber(working);
        repository.touch(actor.accountId(), pipelineId, now);
        events.publishEvent(new StagesReordered(actor.accountId(), pipelineId));
        Pipeline after = require(actor.accountId(), pipelineId);
        return created.stream().map(id -> after.stage(id).orElseThrow()).toList();
    }

    @Transactional
    public Stage updateStage(Actor actor, long pipelineId, long statusId, StageChange change) {
        requireAdmin(actor);
        Pipeline p = require(actor.accountId(), pipelineId);
        Stage stage = p.stage(statusId).orElseThrow(() -> new NotFoundException("status " + statusId));
        if (!stage.isWorking() && change.sort() != null && change.sort() != stage.sort()) {
            throw new RuleViolationException("SystemStatus", "sort", "System stages cannot be moved, only renamed");
        }
        String color = stage.color();
        if (change.color() != null) {
            color = checkColor("0", "color", change.color(), 0, true);
        }
        Long target = stage.targetSeconds();
        if (change.clearTarget()) {
            target = null;
        } else if (change.targetSeconds() != null) {
            if (stage.isClosed()) {
                throw new RuleViolationException("SystemStatus", "target_duration", "Won and Lost have no target duration");
            }
            target = change.targetSeconds();
        }
        Integer probability = stage.winProbability();
        if (change.clearProbability()) {
            probability = null;
        } else if (change.winProbability() != null) {
            if (stage.isClosed()) {
                throw new RuleViolationException("SystemStatus", "win_probability", "Won and Lost have no win probability");
            }
            if (change.winProbability() < 0 || change.winProbability() > 100) {
                throw ValidationException.of("0", "win_probability", "OutOfRange", "A win probability is a percent from 0 to 100");
            }
            probability = change.winProbability();
        }
        Stage updated = new Stage(stage.accountId(), pipelineId, statusId, change.name() == null ? stage.name() : change.name(),
                stage.sort(), color, stage.type(), target, probability);
        repository.updateStage(updated);
        if (stage.isWorking() && change.sort() != null && change.sort() != stage.sort()) {
            List<Stage> working = new ArrayList<>(p.stages().stream().filter(s -> s.isWorking() && s.id() != statusId).toList());
            Stage moved = new Stage(stage.accountId(), pipelineId, statusId, updated.name(), change.sort(), color, 0);
            insertBySort(working, moved, change.sort() < stage.sort());
            // renumber compares with the stored sort, so the moved stage is written even when it lands on the requested number
            working.set(working.indexOf(moved), updated);
            renumber(working);
            events.publishEvent(new StagesReordered(actor.accountId(), pipelineId));
        }
        repository.touch(actor.accountId(), pipelineId, clock.instant());
        return require(actor.accountId(), pipelineId).stage(statusId).orElseThrow();
    }

    /** Deletes a working stage; its deals move to the first remaining working stage, each move recorded. */
    @Transactional
    public int deleteStage(Actor actor, long pipelineId, long statusId) {
        requireAdmin(actor);
        Pipeline p = require(actor.accountId(), pipelineId);
        Stage stage = p.stage(statusId).orElseThrow(() -> new NotFoundException("status " + statusId));
        if (!stage.isWorking()) {
            throw new RuleViolationException("SystemStatus", "id",
                    stage.isUnsorted() ? "Incoming is switched off on the pipeline (is_unsorted_on), not deleted"
                            : "Won and Lost cannot be deleted, only renamed");
        }
        Optional<Stage> target = p.stages().stream().filter(s -> s.isWorking() && s.id() != statusId).findFirst();
        if (target.isEmpty()) {
            throw new RuleViolationException("LastWorkingStatus", "id", "A pipeline needs at least one working stage");
        }
        int moved = occupancy.relocate(actor, pipelineId, statusId, target.get().id());
        repository.deleteStage(actor.accountId(), pipelineId, statusId);
        renumber(new ArrayList<>(p.stages().stream().filter(s -> s.isWorking() && s.id() != statusId).toList()));
        repository.touch(actor.accountId(), pipelineId, clock.instant());
        events.publishEvent(new StagesReordered(actor.accountId(), pipelineId));
        return moved;
    }

    @Transactional(readOnly = true)
    public long countDeals(long accountId, long pipelineId, Long statusId) {
        return occupancy.countDeals(accountId, pipelineId, statusId);
    }

    /** Puts a stage into an ordered list by its requested sort; on a tie it goes before or after the equal one. */
    private static void insertBySort(List<Stage> ordered, Stage stage, boolean beforeEqual) {
        int at = 0;
        while (at < ordered.size()
                && (ordered.get(at).sort() < stage.sort() || (!beforeEqual && ordered.get(at).sort() == stage.sort()))) {
            at++;
        }
        ordered.add(at, stage);
    }

    private void renumber(List<Stage> ordered) {
        for (int i = 0; i < ordered.size(); i++) {
            Stage s = ordered.get(i);
            int sort = 20 + 10 * i;
            if (s.sort() != sort) {
                repository.updateStage(new Stage(s.accountId(), s.pipelineId(), s.id(), s.name(), sort, s.color(), s.type(),
                        s.targetSeconds(), s.winProbability()));
            }
        }
    }

    private Pipeline require(long accountId, long id) {
        return repository.find(accountId, id).orElseThrow(() -> new NotFoundException("pipeline " + id));
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.admin()) {
            throw new ForbiddenException("Only an administrator may change pipelines");
        }
    }
}
