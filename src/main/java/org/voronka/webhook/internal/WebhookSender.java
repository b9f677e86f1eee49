package org.voronka.webhook.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.context.ApplicationEventPublisher;
import org.voronka.shared.OutboxLoop;
import org.voronka.webhook.Delivery;
import org.voronka.webhook.WebhookDisabled;
import org.voronka.webhook.Webhook;

/**
 * Sends due deliveries. Every node runs one: it wakes after a local commit that wrote deliveries
 * and polls for the rest (deliveries written on other nodes, retries that came due). A delivery is
 * leased to one node for the attempt, which happens outside any transaction; its outcome is
 * recorded afterwards. A receiver may see a delivery twice only when a node dies between the
 * receiver's answer and that record, so every delivery carries its id for deduplication.
 */
@Component
public class WebhookSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final Duration DISABLE_WINDOW = Duration.ofHours(2);
    private static final int BATCH = 50;

    private final WebhookRepository repository;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final boolean enabled;
    private final int threads;
    private final long pollMillis;
    private final Duration timeout;
    private final int disableAfter;
    private final HttpClient http;
    private final ApplicationEventPublisher events;
    private final OutboxLoop<Delivery> loop;

    WebhookSender(WebhookRepository repository, TransactionTemplate tx, Clock clock, ApplicationEventPublisher events,
                  @Value("${voronka.webhooks.enabled:true}") boolean enabled,
                  @Value("${voronka.webhooks.threads:4}") int threads,
                  @Value("${voronka.webhooks.poll-millis:1000}") long pollMillis,
                  @Value("${voronka.webhooks.timeout-millis:2000}") long timeoutMillis,
                  @Value("${voronka.webhooks.disable-after-invalid:100}") int disableAfter) {
        this.repository = repository;
        this.tx = tx;
        this.clock = clock;
        this.enabled = enabled;
        this.threads = Math.max(1, threads);
        this.pollMillis = Math.max(50, pollMillis);
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.disableAfter = disableAfter;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.events = events;
        this.loop = new OutboxLoop<>("webhook", this.threads, this.pollMillis, LEASE, BATCH,
                (now, until, limit) -> tx.execute(s -> repository.claimDue(now, until, limit)), this::attempt, clock);
    }

    /** Asks for a pass soon (after a commit that wrote deliveries). */
    public void wake() {
        loop.wake();
    }

    /**
     * Claims and attempts every delivery due at {@code now}, batch after batch, until none is left.
     * Returns the number of attempts made. Safe to run on several nodes at once.
     */
    public int drain(Instant now) {
        return loop.drain(now);
    }

    private void attempt(Delivery d, Instant now) {
        Webhook hook = d.webhookId() == null ? null : repository.hook(d.accountId(), d.webhookId()).orElse(null);
        if (d.webhookId() != null && hook == null) {
            return;   // the hook was removed meanwhile
        }
        String destination = hook != null ? hook.destination() : d.destination();
        long timestamp = now.getEpochSecond();
        Integer status = null;
        String error = null;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(destination))
                    .timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("User-Agent", "Voronka-Webhooks/1")
                    .header("X-Voronka-Event", d.event())
                    .header("X-Voronka-Delivery", Long.toString(d.id()))
                    .header("X-Voronka-Timestamp", Long.toString(timestamp))
                    .POST(HttpRequest.BodyPublishers.ofString(d.body()));
            if (hook != null) {
                request.header("X-Voronka-Signature", "sha256=" + Signature.of(hook.secret(), timestamp, d.body()));
            }
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (!RetrySchedule.valid(status)) {
                error = "HTTP " + status;
            }
        } catch (HttpTimeoutException e) {
            error = "No answer within " + timeout.toMillis() + " ms";
        } catch (IOException | IllegalArgumentException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;   // the lease runs out and the attempt is made again
        }
        boolean ok = RetrySchedule.valid(status);
        Duration pause = ok ? null : RetrySchedule.next(d.attempts() + 1, status);
        Instant next = pause == null ? null : now.plus(pause);
        Integer answered = status;
        String reason = error == null ? null : error.length() > 500 ? error.substring(0, 500) : error;
        tx.executeWithoutResult(s -> {
            repository.recordAttempt(d, now, answered, ok, reason, next);
            String why = "More than " + disableAfter + " invalid answers in 2 hours; the last: " + reason;
            if (!ok && hook != null && repository.invalidAnswersSince(d.accountId(), d.webhookId(), now.minus(DISABLE_WINDOW)) > disableAfter
                    && repository.disable(d.accountId(), d.webhookId(), why, now)) {
                // published inside the transaction that switched it off: listeners (the administrators' notifications) commit with it
                events.publishEvent(new WebhookDisabled(d.accountId(), d.webhookId(), destination, why, now));
                log.warn("Webhook {} of account {} ({}) was switched off: it keeps failing ({})", d.webhookId(), d.accountId(),
                        destination, reason);
            }
        });
    }

    @Override
    public void start() {
        if (enabled) {
            loop.start();
        }
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
