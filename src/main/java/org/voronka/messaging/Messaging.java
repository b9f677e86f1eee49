package org.voronka.messaging;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.voronka.messaging.internal.MessageRepository;
import org.voronka.messaging.internal.MessageSender;
import org.voronka.messaging.internal.Smtp;
import org.voronka.shared.Actor;
import org.voronka.shared.AfterCommit;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;

/**
 * The facade for e-mail and SMS: the account's settings (administrators), queueing a send in the
 * caller's transaction, the list of sends with its dead letters and their retry, and a test e-mail.
 */
@Service
public class Messaging {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final MessageRepository repository;
    private final MessageSender sender;
    private final Ids ids;
    private final Clock clock;
    private final Duration timeout;

    Messaging(MessageRepository repository, MessageSender sender, Ids ids, Clock clock,
              @Value("${voronka.messages.timeout-millis:10000}") long timeoutMillis) {
        this.repository = repository;
        this.sender = sender;
        this.ids = ids;
        this.clock = clock;
        this.timeout = Duration.ofMillis(timeoutMillis);
    }

    @Transactional(readOnly = true)
    public MessagingSettings settings(long accountId) {
        return repository.settings(accountId);
    }

    /** Saves the settings after checking all of them; an invalid field changes nothing. */
    @Transactional
    public MessagingSettings save(Actor actor, MessagingSettings s) {
        requireAdmin(actor);
        List<Problem> problems = new ArrayList<>();
        boolean smtp = s.smtpHost() != null && !s.smtpHost().isBlank();
        if (smtp) {
            check(s.smtpHost().length() <= 255 && !s.smtpHost().contains(" "), "smtp_host", "InvalidValue", "A host name", problems);
            check(s.smtpPort() != null && s.smtpPort() >= 1 && s.smtpPort() <= 65535, "smtp_port", "OutOfRange", "1 to 65535", problems);
            check(s.smtpFrom() != null && s.smtpFrom().length() <= 320 && EMAIL.matcher(s.smtpFrom().trim()).matches(), "smtp_from",
                    "InvalidEmail", "The sender's e-mail address", problems);
            check(s.smtpUser() == null || s.smtpUser().length() <= 255, "smtp_user", "TooLong", "At most 255 characters", problems);
            check(s.smtpPassword() == null || s.smtpPassword().length() <= 255, "smtp_password", "TooLong", "At most 255 characters", problems);
        }
        check(MessagingSettings.SECURITY.contains(s.smtpSecurity()), "smtp_security", "NotSupportedChoice", "none, starttls or ssl",
                problems);
        check(MessagingSettings.PROVIDERS.contains(s.smsProvider()), "sms_provider", "NotSupportedChoice", "none, logging or http",
                problems);
        if ("http".equals(s.smsProvider())) {
            String url = s.smsUrl() == null ? "" : s.smsUrl().replace("{{phone}}", "0").replace("{{text}}", "0");
            check(s.smsUrl() != null && s.smsUrl().length() <= 2000 && isHttpUrl(url), "sms_url",
                    "InvalidUrl", "An absolute http or https URL", problems);
            check(MessagingSettings.METHODS.contains(s.smsMethod()), "sms_method", "NotSupportedChoice", "POST, PUT or GET", problems);
            check(MessagingSettings.CONTENT_TYPES.contains(s.smsContentType()), "sms_content_type", "NotSupportedChoice",
                    String.join(", ", MessagingSettings.CONTENT_TYPES), problems);
            check(s.smsBody() == null || s.smsBody().length() <= 4000, "sms_body", "TooLong", "At most 4000 characters", problems);
            check("GET".equals(s.smsMethod()) || s.smsBody() != null && s.smsBody().contains("{{text}}")
                    || s.smsUrl() != null && s.smsUrl().contains("{{text}}"), "sms_body", "MissingPlaceholder",
                    "The body (or the URL) must contain {{text}}", problems);
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        Integer port = s.smtpPort() != null && s.smtpPort() >= 1 && s.smtpPort() <= 65535 ? s.smtpPort() : null;
        MessagingSettings clean = new MessagingSettings(smtp ? s.smtpHost().trim() : null, port, blankToNull(s.smtpUser()),
                blankToNull(s.smtpPassword()), smtp ? s.smtpFrom().trim() : blankToNull(s.smtpFrom()), s.smtpSecurity(), s.smsProvider(),
                blankToNull(s.smsUrl()), s.smsMethod() == null ? "POST" : s.smsMethod(),
                s.smsContentType() == null ? "application/json" : s.smsContentType(), s.smsBody());
        repository.save(actor.accountId(), clean, clock.instant());
        return clean;
    }

    /**
     * Queues an e-mail or SMS in the caller's transaction; it is sent after the commit. Refused
     * (and nothing queued) when the channel is not configured or the recipient is unusable.
     * Returns the message id.
     */
    @Transactional
    public long queue(long accountId, OutgoingMessage m) {
        MessagingSettings s = repository.settings(accountId);
        boolean email = OutgoingMessage.EMAIL.equals(m.channel());
        if (email && !s.emailReady()) {
            throw new RuleViolationException("SmtpNotConfigured", "channel", "E-mail is not configured (Настройки → Отправка)");
        }
        if (!email && !s.smsReady()) {
            throw new RuleViolationException("SmsNotConfigured", "channel", "No SMS gateway is configured (Настройки → Отправка)");
        }
        String to = m.recipient() == null ? "" : m.recipient().trim();
        if (to.isEmpty() || to.length() > 320 || email && !EMAIL.matcher(to).matches()) {
            throw new RuleViolationException("InvalidRecipient", "recipient", "Not an " + (email ? "e-mail address" : "phone number")
                    + ": " + to);
        }
        Instant now = clock.instant();
        long id = ids.next("outbound_message_seq");
        String subject = m.subject() == null ? null : m.subject().length() > 500 ? m.subject().substring(0, 500) : m.subject();
        repository.insert(new OutboundMessage(accountId, id, m.channel(), to, subject, m.body(), m.dealId(), m.ruleId(), m.runId(),
                m.ruleName(), m.userId(), OutboundMessage.PENDING, 0, now, null, null, now, null));
        AfterCommit.run(sender::wake);
        return id;
    }

    /** Sends a test e-mail at once with the saved settings; throws with the server's answer when it cannot. */
    public void sendTestEmail(Actor actor, String to, String subject, String body) {
        requireAdmin(actor);
        MessagingSettings s = repository.settings(actor.accountId());
        if (!s.emailReady()) {
            throw new RuleViolationException("SmtpNotConfigured", "smtp_host", "E-mail is not configured");
        }
        if (to == null || !EMAIL.matcher(to.trim()).matches()) {
            throw new RuleViolationException("InvalidRecipient", "to", "Not an e-mail address");
        }
        try {
            Smtp.send(s, to.trim(), subject, body, timeout);
        } catch (MailException e) {
            Throwable root = e.getMostSpecificCause();
            throw new RuleViolationException("SendFailed", "smtp_host",
                    root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage().strip()));
        }
    }

    /** Sends, newest first; {@code state} pending, sent, failed or null for all. */
    @Transactional(readOnly = true)
    public List<OutboundMessage> messages(Actor actor, String state, int offset, int limit) {
        requireAdmin(actor);
        return repository.messages(actor.accountId(), state, offset, limit);
    }

    @Transactional(readOnly = true)
    public int deadLetters(Actor actor) {
        requireAdmin(actor);
        return repository.count(actor.accountId(), OutboundMessage.FAILED);
    }

    /** Sends a dead letter again now, with a fresh round of retries. */
    @Transactional
    public OutboundMessage retry(Actor actor, long id) {
        requireAdmin(actor);
        OutboundMessage m = repository.message(actor.accountId(), id).orElseThrow(() -> new NotFoundException("message " + id));
        if (!repository.retry(actor.accountId(), id, clock.instant())) {
            throw new RuleViolationException("NotFailed", "id", "Only a failed message can be retried; this one is " + m.state());
        }
        AfterCommit.run(sender::wake);
        return repository.message(actor.accountId(), id).orElseThrow();
    }

    private static boolean isHttpUrl(String url) {
        try {
            java.net.URI uri = new java.net.URI(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void check(boolean ok, String path, String code, String detail, List<Problem> problems) {
        if (!ok) {
            problems.add(new Problem("0", path, code, detail));
        }
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.admin()) {
            throw new ForbiddenException("Only an administrator may manage e-mail and SMS sending");
        }
    }

    /** Daily: forgets sent messages older than 30 days (dead letters stay). */
    @Configuration(proxyBeanMethods = false)
    static class PurgeJob {

        @Bean
        RecurringTask<Void> purgeSentMessages(MessageRepository repository, TransactionTemplate tx, Clock clock) {
            return Tasks.recurring("purge-sent-messages", FixedDelay.of(Duration.ofHours(24)))
                    .execute((instance, context) -> tx.executeWithoutResult(s -> repository.purge(clock.instant().minus(Duration.ofDays(30)))));
        }
    }
}
