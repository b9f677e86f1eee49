package org.voronka.deal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.voronka.deal.internal.DealRepository;
import org.voronka.deal.internal.TrashRepository;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.EntitiesPurged;
import org.voronka.shared.Ids;
import org.voronka.shared.Source;
import org.voronka.shared.TrashPurge;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;

/**
 * The trash: deleting hides a deal everywhere but keeps everything it had; restoring brings it back
 * as it was. Deals stay in the trash for a configurable retention, then are purged for good.
 */
@Service
public class DealTrash {

    private final TrashRepository trash;
    private final DealRepository deals;
    private final PipelineManagement pipelines;
    private final Ids ids;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DealTrash(TrashRepository trash, DealRepository deals, PipelineManagement pipelines, Ids ids, ApplicationEventPublisher events,
              Clock clock) {
        this.trash = trash;
        this.deals = deals;
        this.pipelines = pipelines;
        this.ids = ids;
        this.events = events;
        this.clock = clock;
    }

    /** Moves live deals to the trash; unknown or already deleted ids reject the whole request. */
    @Transactional
    public void delete(Actor actor, List<Long> dealIds, Source source) {
        Set<Long> unique = new LinkedHashSet<>(dealIds);
        Map<Long, Deal> live = deals.lock(actor.accountId(), unique);
        List<Problem> problems = new ArrayList<>();
        int i = 0;
        for (Long id : dealIds) {
            if (!live.containsKey(id)) {
                problems.add(new Problem(Integer.toString(i), "id", "NotFound", "Deal " + id + " does not exist or is already deleted"));
            }
            i++;
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        Instant now = clock.instant();
        trash.markDeleted(actor.accountId(), unique, actor.userId(), now);
        events.publishEvent(new DealsChanged(actor.accountId(), actor.userId(), now, source.code(),
                unique.stream().map(id -> (DealsChanged.Change) new DealsChanged.Deleted(id)).toList()));
    }

    /**
     * Brings deals back with their contacts, company, tags, tasks, notes and history. A deal whose
     * stage was deleted meanwhile returns to its pipeline's first working stage, and that move is
     * recorded.
     */
    @Transactional
    public List<Deal> restore(Actor actor, List<Long> dealIds, Source source) {
        Set<Long> unique = new LinkedHashSet<>(dealIds);
        Map<Long, TrashedDeal> trashed = trash.trashed(actor.accountId(), unique, true).stream()
                .collect(Collectors.toMap(t -> t.deal().id(), t -> t, (a, b) -> a, LinkedHashMap::new));
        List<Problem> problems = new ArrayList<>();
        int i = 0;
        for (Long id : dealIds) {
            if (!trashed.containsKey(id)) {
                problems.add(new Problem(Integer.toString(i), "id", "NotFound", "Deal " + id + " is not in the trash"));
            }
            i++;
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        Instant now = clock.instant();
        trash.markRestored(actor.accountId(), unique, actor.userId(), now);
        List<DealsChanged.Change> changes = new ArrayList<>();
        List<Deal> relocated = new ArrayList<>();
        List<StageTransition> moves = new ArrayList<>();
        Map<Long, Pipeline> byId = pipelines.pipelines(actor.accountId()).stream().collect(Collectors.toMap(Pipeline::id, p -> p));
        for (TrashedDeal t : trashed.values()) {
            Deal d = t.deal();
            changes.add(new DealsChanged.Restored(d.id()));
            Pipeline p = byId.get(d.pipelineId());
            if (p != null && p.stage(d.statusId()).isEmpty()) {
                long to = p.firstWorkingStage().id();
                relocated.add(new Deal(d.accountId(), d.id(), d.name(), d.price(), d.responsibleUserId(), d.groupId(), d.pipelineId(), to,
                        null, d.sourceId(), d.companyId(), d.createdBy(), actor.userId(), d.createdAt(), now, null, d.closestTaskAt(),
                        false, d.score(), d.laborCost()));
                moves.add(new StageTransition(ids.next("transition_seq"), d.id(), d.pipelineId(), d.statusId(), d.pipelineId(), to, now,
                        actor.userId(), source.code()));
                changes.add(new DealsChanged.StageChanged(d.id(), d.pipelineId(), d.statusId(), d.pipelineId(), to));
            }
        }
        deals.update(relocated);
        deals.insertTransitions(actor.accountId(), moves);
        events.publishEvent(new DealsChanged(actor.accountId(), actor.userId(), now, source.code(), changes));
        return unique.stream().map(id -> deals.find(actor.accountId(), id).orElseThrow()).toList();
    }

    @Transactional(readOnly = true)
    public List<TrashedDeal> trashed(long accountId, int offset, int limit) {
        return trash.page(accountId, offset, limit);
    }

    /** Purges deals deleted before the cut-off, in chunks, each chunk in its own transaction. Returns how many. */
    public int purgeDeletedBefore(Instant cutoff, TransactionTemplate tx) {
        return TrashPurge.run(tx, events, DealManagement.ENTITY, limit -> trash.expired(cutoff, limit), trash::purge);
    }

    /** Links to contacts and companies purged for good go with them (a deal in the trash included). */
    @EventListener
    void on(EntitiesPurged event) {
        trash.unlinkPurgedParties(event.accountId(), event.entityType(), event.ids());
    }

    /** The purge job: hourly, on one node at a time. */
    @Configuration(proxyBeanMethods = false)
    static class PurgeJob {

        @Bean
        RecurringTask<Void> purgeDeletedDeals(DealTrash trash, TransactionTemplate tx, Clock clock,
                                              @Value("${voronka.trash.retention-days:90}") int retentionDays) {
            return Tasks.recurring("purge-deleted-deals", FixedDelay.of(Duration.ofHours(1)))
                    .execute((instance, context) -> trash.purgeDeletedBefore(clock.instant().minus(Duration.ofDays(retentionDays)), tx));
        }
    }
}
