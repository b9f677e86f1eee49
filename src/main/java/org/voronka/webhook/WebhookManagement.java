package org.voronka.webhook;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.voronka.shared.Actor;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.webhook.internal.Signature;
import org.voronka.webhook.internal.WebhookRepository;
import org.voronka.webhook.internal.WebhookSender;

/** The facade for webhooks: subscribe, unsubscribe, list; the delivery log and its dead letters. Administrators only. */
@Service
public class WebhookManagement {

    private final WebhookRepository repository;
    private final WebhookSender sender;
    private final org.voronka.webhook.internal.WebhookOutbox outbox;
    private final Ids ids;
    private final Clock clock;
    private final int maxHooks;

    WebhookManagement(WebhookRepository repository, WebhookSender sender, org.voronka.webhook.internal.WebhookOutbox outbox, Ids ids,
                      Clock clock,
                      @Value("${voronka.webhooks.max-per-account:100}") int maxHooks) {
        this.repository = repository;
        this.sender = sender;
        this.outbox = outbox;
        this.ids = ids;
        this.clock = clock;
        this.maxHooks = maxHooks;
    }

    @Transactional(readOnly = true)
    public List<Webhook> list(Actor actor, String destination) {
        requireAdmin(actor);
        return repository.hooks(actor.accountId(), destination);
    }

    @Transactional(readOnly = true)
    public Optional<Webhook> webhook(Actor actor, long id) {
        requireAdmin(actor);
        return repository.hook(actor.accountId(), id);
    }

    /**
     * Subscribes the destination to the events. Subscribing an existing destination again replaces
     * its events and switches it back on if it had been switched off.
     */
    @Transactional
    public Webhook subscribe(Actor actor, String destination, List<String> settings, Integer sort) {
        requireAdmin(actor);
        List<Problem> problems = new ArrayList<>();
        String url = destination == null ? null : destination.trim();
        if (url == null || url.isEmpty()) {
            problems.add(new Problem("0", "destination", "NotBlank", "The destination URL is required"));
        } else if (!isHttpUrl(url)) {
            problems.add(new Problem("0", "destination", "InvalidUrl", "The destination must be an absolute http or https URL"));
        } else if (url.length() > 2000) {
            problems.add(new Problem("0", "destination", "TooLong", "At most 2000 characters"));
        }
        if (settings == null || settings.isEmpty()) {
            problems.add(new Problem("0", "settings", "NotBlank", "Choose at least one event"));
        } else {
            for (int i = 0; i < settings.size(); i++) {
                if (!WebhookEvents.KNOWN.contains(settings.get(i))) {
                    problems.add(new Problem("0", "settings[" + i + "]", "NotSupportedChoice",
                            "Unknown event " + settings.get(i) + "; known: " + String.join(", ", WebhookEvents.ALL)));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        List<String> events = List.copyOf(new LinkedHashSet<>(settings));
        Instant now = clock.instant();
        long accountId = actor.accountId();
        Optional<Webhook> existing = repository.hooks(accountId, url).stream().findFirst();
        if (existing.isPresent()) {
            repository.resubscribe(accountId, existing.get().id(), events, sort == null ? existing.get().sort() : sort, now);
            return repository.hook(accountId, existing.get().id()).orElseThrow();
        }
        if (repository.count(accountId) >= maxHooks) {
            throw new RuleViolationException("TooManyWebhooks", "destination", "An account can have at most " + maxHooks + " webhooks");
        }
        Webhook hook = new Webhook(accountId, ids.next("webhook_seq"), url, events, sort == null ? 0 : sort, false, null, null,
                Signature.newSecret(), actor.userId(), now, now);
        repository.insert(hook);
        return hook;
    }

    /** Removes the destination's hook with its log; false when there is none. */
    @Transactional
    public boolean unsubscribe(Actor actor, String destination) {
        requireAdmin(actor);
        Optional<Webhook> hook = repository.hooks(actor.accountId(), destination == null ? "" : destination.trim()).stream().findFirst();
        hook.ifPresent(h -> repository.delete(actor.accountId(), h.id()));
        return hook.isPresent();
    }

    /**
     * Sends a deal's stage change to a URL in the Digital Pipeline's format (automation's "send a
     * webhook" action), with the same delivery guarantees and retries; written in the caller's
     * transaction. Returns the delivery id.
     */
    @Transactional
    public long postStageHook(long accountId, String url, long dealId, long statusId, long pipelineId, long oldStatusId,
                              long oldPipelineId) {
        return outbox.postStageHook(accountId, url, dealId, statusId, pipelineId, oldStatusId, oldPipelineId);
    }

    public static boolean isHttpUrl(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Removes a hook by id; false when there is none. */
    @Transactional
    public boolean remove(Actor actor, long id) {
        requireAdmin(actor);
        Optional<Webhook> hook = repository.hook(actor.accountId(), id);
        hook.ifPresent(h -> repository.delete(actor.accountId(), h.id()));
        return hook.isPresent();
    }

    /** How many dead letters each hook has. */
    @Transactional(readOnly = true)
    public java.util.Map<Long, Integer> failedCounts(Actor actor) {
        requireAdmin(actor);
        return repository.failedCounts(actor.accountId());
    }

    /** A hook's deliveries, newest first; {@code state} pending, delivered, failed or null for all. */
    @Transactional(readOnly = true)
    public List<Delivery> deliveries(Actor actor, long webhookId, String state, int offset, int limit) {
        requireAdmin(actor);
        repository.hook(actor.accountId(), webhookId).orElseThrow(() -> new NotFoundException("webhook " + webhookId));
        return repository.deliveries(actor.accountId(), webhookId, state, offset, limit);
    }

    /** Sends a dead letter again, with a fresh round of retries. */
    @Transactional
    public Delivery retry(Actor actor, long deliveryId) {
        requireAdmin(actor);
        Delivery d = repository.delivery(actor.accountId(), deliveryId)
                .orElseThrow(() -> new NotFoundException("delivery " + deliveryId));
        if (!repository.retry(actor.accountId(), deliveryId, clock.instant())) {
            throw new RuleViolationException("NotFailed", "id", "Only a failed delivery can be retried; this one is " + d.state());
        }
        org.voronka.shared.AfterCommit.run(sender::wake);
        return repository.delivery(actor.accountId(), deliveryId).orElseThrow();
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.admin()) {
            throw new ForbiddenException("Only an administrator may manage webhooks");
        }
    }

    /** Daily: forgets delivered deliveries and attempts older than a week (dead letters stay). */
    @Configuration(proxyBeanMethods = false)
    static class PurgeJob {

        @Bean
        RecurringTask<Void> purgeWebhookLog(WebhookRepository repository, TransactionTemplate tx, Clock clock) {
            return Tasks.recurring("purge-webhook-log", FixedDelay.of(Duration.ofHours(24)))
                    .execute((instance, context) -> {
                        Instant weekAgo = clock.instant().minus(Duration.ofDays(7));
                        tx.executeWithoutResult(s -> repository.purge(weekAgo, weekAgo));
                    });
        }
    }
}
