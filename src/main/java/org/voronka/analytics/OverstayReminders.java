package org.voronka.analytics;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.voronka.account.AccountManagement;
import org.voronka.account.User;
import org.voronka.analytics.internal.OverstaySql;
import org.voronka.analytics.internal.OverstaySql.Stay;
import org.voronka.analytics.internal.OverstaySql.TargetStage;
import org.voronka.notification.Notification;
import org.voronka.notification.Notifications;

/**
 * Reminds the responsible user shortly before a deal overstays its stage's target duration (ADR
 * 26), without anyone watching: a recurring job ({@code remind-overstays}, claimed by one node at a
 * time through {@code shared.Jobs}) notifies them once per stay, {@link #NOTICE the notice} before
 * the stay's due time, or late when the job was not running then (up to {@link #CATCH_UP} after it).
 * A stay is the deal's current one: its last move brought it into the stage; moving on ends it, a
 * later move back begins a new one. Each reminded stay is recorded in the notification's
 * transaction, keyed by the move, so no stay is reminded of twice, whichever nodes run the job.
 */
@Service
public class OverstayReminders {

    /** The default notice: an hour before the due time, never more than half the stage's target. */
    public static final Duration NOTICE = Duration.ofHours(1);

    /** Stays that fell due longer ago than this are not reminded of (a target set on old deals does not flood the users). */
    public static final Duration CATCH_UP = Duration.ofDays(1);

    private static final int BATCH = 500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");
    private static final Logger log = LoggerFactory.getLogger(OverstayReminders.class);

    private final OverstaySql sql;
    private final Notifications notifications;
    private final AccountManagement accounts;
    private final MessageSource messages;
    private final TransactionTemplate tx;
    private final Duration notice;

    OverstayReminders(OverstaySql sql, Notifications notifications, AccountManagement accounts, MessageSource messages,
                      TransactionTemplate tx, @Value("${voronka.analytics.overstay-notice:PT1H}") Duration notice) {
        this.sql = sql;
        this.notifications = notifications;
        this.accounts = accounts;
        this.messages = messages;
        this.tx = tx;
        this.notice = notice;
    }

    /**
     * Sends the reminders due at {@code now}: for every deal standing in a stage with a target
     * duration whose stay falls due within the notice (or fell due less than {@link #CATCH_UP} ago)
     * and was not reminded of yet. Returns how many it sent.
     */
    public int remindDue(Instant now) {
        int sent = 0;
        for (TargetStage stage : sql.targetStages()) {
            Duration target = Duration.ofSeconds(stage.targetSeconds());
            Duration lead = notice.compareTo(target.dividedBy(2)) > 0 ? target.dividedBy(2) : notice;
            // due = entered + target, in [now - CATCH_UP, now + lead]
            Instant since = now.minus(CATCH_UP).minus(target);
            Instant until = now.plus(lead).minus(target);
            List<Stay> stays;
            do {
                stays = sql.unremindedStays(stage, since, until, BATCH);
                for (Stay stay : stays) {
                    if (remind(stage, stay, now)) {
                        sent++;
                    }
                }
            } while (stays.size() == BATCH);
        }
        sql.forgetDueBefore(now.minus(CATCH_UP).minus(Duration.ofDays(1)));
        return sent;
    }

    private boolean remind(TargetStage stage, Stay stay, Instant now) {
        Instant due = stay.enteredAt().plusSeconds(stage.targetSeconds());
        try {
            return Boolean.TRUE.equals(tx.execute(s -> {
                sql.remember(stage.accountId(), stay, due, now);
                notifications.notify(stage.accountId(), stay.responsibleUserId(), Notification.OVERSTAY, stay.dealId(),
                        text(stage, stay, due), null, null);
                return true;
            }));
        } catch (DuplicateKeyException other) {
            return false; // another node reminded of this stay first
        } catch (RuntimeException e) {
            log.warn("Overstay reminder for deal {} in account {} not sent: {}", stay.dealId(), stage.accountId(), e.toString());
            return false;
        }
    }

    private String text(TargetStage stage, Stay stay, Instant due) {
        Optional<User> user = accounts.user(stage.accountId(), stay.responsibleUserId());
        Locale locale = Locale.forLanguageTag(user.map(User::lang).filter(l -> !l.isBlank()).orElse("ru"));
        ZoneId zone = accounts.account(stage.accountId()).zone();
        return messages.getMessage("notifications.overstay.text", new Object[] {stay.dealName(), stage.name(),
                TIME.format(due.atZone(zone))}, locale);
    }

    /** The recurring job: every five minutes on one node, with the real clock. */
    @Configuration(proxyBeanMethods = false)
    static class RemindJob {

        @Bean
        RecurringTask<Void> remindOverstays(OverstayReminders reminders, Clock clock) {
            return Tasks.recurring("remind-overstays", FixedDelay.of(Duration.ofMinutes(5)))
                    .execute((instance, context) -> reminders.remindDue(clock.instant()));
        }
    }
}
