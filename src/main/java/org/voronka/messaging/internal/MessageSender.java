package org.voronka.messaging.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.voronka.deal.DealManagement;
import org.voronka.messaging.MessageFailed;
import org.voronka.messaging.MessagingSettings;
import org.voronka.messaging.OutboundMessage;
import org.voronka.messaging.OutgoingMessage;
import org.voronka.shared.Actor;
import org.voronka.shared.OutboxLoop;
import org.voronka.timeline.NewNote;
import org.voronka.timeline.NoteManagement;

/**
 * Sends due e-mails and SMS (the webhook sender's design, ADR 7, through the shared
 * {@link OutboxLoop}): leased to one node per attempt, the attempt outside any transaction, the
 * outcome recorded afterwards together with the deal's timeline event. Retries: 1, 5 and 30
 * minutes, then 2 hours; a fifth failure puts the message on the dead-letter list.
 */
@Component
public class MessageSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MessageSender.class);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final int BATCH = 20;
    private static final List<Duration> BACKOFF = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2));

    private final MessageRepository repository;
    private final DealManagement deals;
    private final NoteManagement notes;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final boolean enabled;
    private final Duration timeout;
    private final SmsGateway gateway;
    private final OutboxLoop<OutboundMessage> loop;

    MessageSender(MessageRepository repository, DealManagement deals, NoteManagement notes, TransactionTemplate tx,
                  ApplicationEventPublisher events, Clock clock,
                  @Value("${voronka.messages.enabled:true}") boolean enabled,
                  @Value("${voronka.messages.threads:2}") int threads,
                  @Value("${voronka.messages.poll-millis:1000}") long pollMillis,
                  @Value("${voronka.messages.timeout-millis:10000}") long timeoutMillis) {
        this.repository = repository;
        this.deals = deals;
        this.notes = notes;
        this.tx = tx;
        this.events = events;
        this.enabled = enabled;
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.gateway = new SmsGateway(timeout);
        this.loop = new OutboxLoop<>("messages", threads, pollMillis, LEASE, BATCH,
                (now, until, limit) -> tx.execute(s -> repository.claimDue(now, until, limit)), this::attempt, clock);
    }

    /** The pause before the next attempt after {@code attemptsMade} failed ones, or null for none. */
    static Duration backoff(int attemptsMade) {
        return attemptsMade >= 1 && attemptsMade <= BACKOFF.size() ? BACKOFF.get(attemptsMade - 1) : null;
    }

    public void wake() {
        loop.wake();
    }

    /** Claims and attempts every message due at {@code now}; returns the number of attempts. Safe on several nodes at once. */
    public int drain(Instant now) {
        return loop.drain(now);
    }

    private void attempt(OutboundMessage m, Instant now) {
        MessagingSettings settings = tx.execute(s -> repository.settings(m.accountId()));
        String error = null;
        boolean logged = false;
        try {
            if (OutgoingMessage.EMAIL.equals(m.channel())) {
                error = settings.emailReady() ? null : "SMTP is not configured";
                if (error == null) {
                    Smtp.send(settings, m.recipient(), m.subject(), m.body(), timeout);
                }
            } else if ("logging".equals(settings.smsProvider())) {
                logged = true;
            } else if (settings.smsReady()) {
                error = gateway.send(settings, m.recipient(), m.body());
            } else {
                error = "No SMS gateway is configured";
            }
        } catch (MailException e) {
            Throwable root = e.getMostSpecificCause();
            error = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage().strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;   // the lease runs out and the attempt is made again
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        boolean ok = error == null;
        Instant next = ok ? null : nextAttempt(m, now);
        String reason = error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error;
        boolean wasLogged = logged;
        tx.executeWithoutResult(s -> {
            repository.recordAttempt(m, now, ok, reason, next);
            if (ok) {
                timeline(m, wasLogged ? describe(m) + " (logging provider, not sent): " + m.body() : describe(m) + ": sent");
            } else if (next == null) {
                timeline(m, describe(m) + ": not sent after " + (m.attempts() + 1) + " attempts (" + reason + ")");
                events.publishEvent(new MessageFailed(m.accountId(), m.id(), m.channel(), m.recipient(), m.dealId(), m.ruleId(), m.runId(),
                        reason));
            }
        });
        if (!ok) {
            log.debug("{} {} of account {} failed: {}", m.channel(), m.id(), m.accountId(), reason);
        }
    }

    private static Instant nextAttempt(OutboundMessage m, Instant now) {
        Duration pause = backoff(m.attempts() + 1);
        return pause == null ? null : now.plus(pause);
    }

    private static String describe(OutboundMessage m) {
        return OutgoingMessage.EMAIL.equals(m.channel()) ? "e-mail «" + m.subject() + "» to " + m.recipient() : "SMS to " + m.recipient();
    }

    /** A timeline event on the deal the message is about: source automation and the rule's name, when a rule sent it. */
    private void timeline(OutboundMessage m, String text) {
        if (m.dealId() == null || deals.deal(m.accountId(), m.dealId()).isEmpty()) {
            return;
        }
        String said = m.ruleName() == null ? text : m.ruleName() + ": " + text;
        notes.create(new Actor(m.accountId(), m.userId(), true, "ru"), DealManagement.ENTITY, List.of(new NewNote("0",
                DealManagement.ENTITY, m.dealId(), "service_message", Map.of("service", m.ruleId() == null ? "messages" : "automation",
                "text", said.length() > 4000 ? said.substring(0, 4000) : said), null, m.userId())));
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
