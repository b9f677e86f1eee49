package org.voronka.deal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.AccountCreated;
import org.voronka.deal.internal.LossReasonRepository;
import org.voronka.shared.Actor;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.Source;

/** Loss reasons (причины отказа) of an account; a new account gets a few common ones. */
@Service
public class LossReasons {

    private final LossReasonRepository repository;
    private final Ids ids;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    LossReasons(LossReasonRepository repository, Ids ids, Clock clock, ApplicationEventPublisher events) {
        this.repository = repository;
        this.ids = ids;
        this.clock = clock;
        this.events = events;
    }

    public record NewLossReason(String name, Integer sort) {}

    @EventListener
    void on(AccountCreated event) {
        List<String> names = "en".equalsIgnoreCase(event.language())
                ? List.of("Too expensive", "Chose a competitor", "No budget", "No response")
                : List.of("Дорого", "Выбрали конкурента", "Нет бюджета", "Не выходит на связь");
        Instant now = clock.instant();
        for (int i = 0; i < names.size(); i++) {
            repository.insert(event.accountId(), new LossReason(ids.next("loss_reason_seq"), names.get(i), (i + 1) * 10, now, now));
        }
    }

    @Transactional(readOnly = true)
    public List<LossReason> all(long accountId) {
        return repository.all(accountId);
    }

    @Transactional(readOnly = true)
    public Optional<LossReason> find(long accountId, long id) {
        return repository.find(accountId, id);
    }

    @Transactional
    public List<LossReason> create(Actor actor, List<NewLossReason> requests) {
        requireAdmin(actor);
        Instant now = clock.instant();
        List<LossReason> created = new ArrayList<>();
        int next = repository.all(actor.accountId()).stream().mapToInt(LossReason::sort).max().orElse(0) + 10;
        for (NewLossReason r : requests) {
            LossReason reason = new LossReason(ids.next("loss_reason_seq"), r.name(), r.sort() != null ? r.sort() : next, now, now);
            next = Math.max(next, reason.sort()) + 10;
            repository.insert(actor.accountId(), reason);
            created.add(reason);
        }
        return created;
    }

    @Transactional
    public LossReason update(Actor actor, long id, String name, Integer sort) {
        requireAdmin(actor);
        LossReason r = repository.find(actor.accountId(), id).orElseThrow(() -> new NotFoundException("loss reason " + id));
        LossReason updated = new LossReason(id, name != null ? name : r.name(), sort != null ? sort : r.sort(), r.createdAt(),
                clock.instant());
        repository.update(actor.accountId(), updated);
        return updated;
    }

    /**
     * Deletes a reason; lost deals that had it keep being lost, without a reason, and the live ones
     * among them are reported as changed (deals in the trash follow when restored).
     */
    @Transactional
    public void delete(Actor actor, long id, Source source) {
        requireAdmin(actor);
        List<Long> live = repository.liveDealsWith(actor.accountId(), id);
        repository.clearFromDeals(actor.accountId(), id);
        if (!repository.delete(actor.accountId(), id)) {
            throw new NotFoundException("loss reason " + id);
        }
        if (!live.isEmpty()) {
            events.publishEvent(new DealsChanged(actor.accountId(), actor.userId(), clock.instant(), source.code(), live.stream()
                    .map(deal -> (DealsChanged.Change) new DealsChanged.LossReasonChanged(deal, id, null)).toList()));
        }
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.admin()) {
            throw new ForbiddenException("Only an administrator may change loss reasons");
        }
    }
}
