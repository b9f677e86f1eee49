package org.voronka.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.AccountManagement;
import org.voronka.account.User;
import org.voronka.messaging.Messaging;
import org.voronka.messaging.OutgoingMessage;
import org.voronka.notification.internal.NotificationRepository;
import org.voronka.shared.Actor;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
import org.voronka.webhook.WebhookDisabled;

/** The facade for notifications: send one to a user, list a user's, count the unread, mark them read, opt in to e-mail. */
@Service
public class Notifications {

    private final NotificationRepository repository;
    private final AccountManagement accounts;
    private final Messaging messaging;
    private final MessageSource messages;
    private final Ids ids;
    private final Clock clock;
    private final String publicUrl;

    Notifications(NotificationRepository repository, AccountManagement accounts, Messaging messaging, MessageSource messages, Ids ids,
                  Clock clock, @Value("${voronka.public-url:}") String publicUrl) {
        this.repository = repository;
        this.accounts = accounts;
        this.messaging = messaging;
        this.messages = messages;
        this.ids = ids;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    /**
     * Notifies a user, in the caller's transaction; also by e-mail when the user asked for that and
     * the account can send e-mail. Returns the notification.
     */
    @Transactional
    public Notification notify(long accountId, long userId, String kind, Long dealId, String text, Long ruleId, String ruleName) {
        String clean = text == null ? "" : text.length() > 4000 ? text.substring(0, 4000) : text;
        Notification n = new Notification(accountId, ids.next("notification_seq"), userId, kind, dealId, clean, clock.instant(), null);
        repository.insert(n);
        if (repository.byEmail(accountId, userId) && messaging.settings(accountId).emailReady()) {
            Optional<User> user = accounts.user(accountId, userId);
            if (user.isPresent() && user.get().active() && user.get().email() != null) {
                Locale locale = Locale.forLanguageTag(user.get().lang() == null ? "ru" : user.get().lang());
                String subject = messages.getMessage("notifications.email.subject." + kind, null, locale);
                String link = dealId == null || publicUrl.isBlank() ? "" : "\n\n" + publicUrl.replaceAll("/+$", "") + "/leads/" + dealId;
                messaging.queue(accountId, new OutgoingMessage(OutgoingMessage.EMAIL, user.get().email(), subject, clean + link, null, ruleId,
                        null, ruleName, userId));
            }
        }
        return n;
    }

    /** Every active administrator hears that a webhook was switched off, in the transaction that switched it off. */
    @EventListener
    void on(WebhookDisabled event) {
        String text = event.destination() + " — " + event.reason();
        for (User u : accounts.users(event.accountId(), 0, 10_000)) {
            if (u.admin() && u.active()) {
                notify(event.accountId(), u.id(), Notification.WEBHOOK_DISABLED, null, text, null, null);
            }
        }
    }

    /** The user's notifications, newest first. */
    @Transactional(readOnly = true)
    public List<Notification> list(Actor actor, boolean unreadOnly, int offset, int limit) {
        return repository.list(actor.accountId(), actor.userId(), unreadOnly, offset, limit);
    }

    @Transactional(readOnly = true)
    public int unread(Actor actor) {
        return repository.unread(actor.accountId(), actor.userId());
    }

    /** Marks one of the user's notifications read (reading it again changes nothing). */
    @Transactional
    public void markRead(Actor actor, long id) {
        if (!repository.exists(actor.accountId(), actor.userId(), id)) {
            throw new NotFoundException("notification " + id);
        }
        repository.markRead(actor.accountId(), actor.userId(), id, clock.instant());
    }

    @Transactional
    public int markAllRead(Actor actor) {
        Instant now = clock.instant();
        return repository.markAllRead(actor.accountId(), actor.userId(), now);
    }

    @Transactional(readOnly = true)
    public boolean byEmail(Actor actor) {
        return repository.byEmail(actor.accountId(), actor.userId());
    }

    @Transactional
    public void setByEmail(Actor actor, boolean byEmail) {
        repository.setByEmail(actor.accountId(), actor.userId(), byEmail);
    }
}
