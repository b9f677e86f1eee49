package org.voronka.contact;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.voronka.shared.Actor;
import org.voronka.shared.Times;
import org.voronka.shared.TrashPurge;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;

/**
 * The trash for contacts and companies. Deleting only hides: the row, its phones, e-mails, tags,
 * notes, tasks and its links to deals and to its company (or its contacts) stay as they are, so
 * restoring brings every link back. Deleted ones are left out of lists, search, cards and links,
 * and are purged for good after the trash retention, as deals are.
 */
@Service
public class PartyTrash {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PartyTrash(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** Moves live contacts or companies to the trash; unknown or already deleted ids reject the whole request. */
    @Transactional
    public void delete(Actor actor, String entityType, List<Long> ids) {
        String table = table(entityType);
        Set<Long> unique = new LinkedHashSet<>(ids);
        check(ids, select(actor.accountId(), table, unique, false), "does not exist or is already deleted");
        Instant now = clock.instant();
        jdbc.sql("update " + table + " set is_deleted = true, deleted_at = :at, deleted_by = :by where account_id = :a and id in (:ids)")
                .param("at", Times.param(now)).param("by", actor.userId()).param("a", actor.accountId()).param("ids", unique).update();
        publish(actor, now, unique.stream().map(id -> (PartiesChanged.Change) new PartiesChanged.Deleted(table, id)).toList());
    }

    /** Brings contacts or companies back from the trash with everything they had. */
    @Transactional
    public void restore(Actor actor, String entityType, List<Long> ids) {
        String table = table(entityType);
        Set<Long> unique = new LinkedHashSet<>(ids);
        check(ids, select(actor.accountId(), table, unique, true), "is not in the trash");
        Instant now = clock.instant();
        jdbc.sql("update " + table + " set is_deleted = false, deleted_at = null, deleted_by = null, updated_at = :at, updated_by = :by "
                        + "where account_id = :a and id in (:ids)")
                .param("at", Times.param(now)).param("by", actor.userId()).param("a", actor.accountId()).param("ids", unique).update();
        publish(actor, now, unique.stream().map(id -> (PartiesChanged.Change) new PartiesChanged.Restored(table, id)).toList());
    }

    /** A page of the trash, most recently deleted first. */
    @Transactional(readOnly = true)
    public List<TrashedParty> trashed(long accountId, String entityType, int offset, int limit) {
        return jdbc.sql("select id, name, deleted_by, deleted_at from " + table(entityType)
                        + " where account_id = :a and is_deleted order by deleted_at desc, id desc offset " + Math.max(0, offset)
                        + " rows fetch next " + Math.max(1, limit) + " rows only")
                .param("a", accountId)
                .query((rs, n) -> new TrashedParty(rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class),
                        Times.instant(rs.getObject(4, java.time.OffsetDateTime.class))))
                .list();
    }

    /**
     * Purges contacts, then companies, deleted before the cut-off, in chunks, each in its own
     * transaction; contacts of a purged company keep living without it. Returns how many.
     */
    public int purgeDeletedBefore(Instant cutoff, TransactionTemplate tx) {
        int total = 0;
        for (String table : List.of(ContactManagement.ENTITY, CompanyManagement.ENTITY)) {
            total += TrashPurge.run(tx, events, table, limit -> jdbc.sql("select account_id, id from " + table
                            + " where is_deleted and deleted_at < :before order by deleted_at fetch first " + limit + " rows only")
                    .param("before", Times.param(cutoff)).query((rs, n) -> new TrashPurge.Expired(rs.getLong(1), rs.getLong(2))).list(),
                    (account, ids) -> {
                        if (CompanyManagement.ENTITY.equals(table)) {
                            jdbc.sql("update contacts set company_id = null where account_id = :a and company_id in (:ids)")
                                    .param("a", account).param("ids", ids).update();
                        }
                        jdbc.sql("delete from " + table + " where account_id = :a and id in (:ids) and is_deleted")
                                .param("a", account).param("ids", ids).update();
                    });
        }
        return total;
    }

    /** The purge job: hourly, on one node at a time, with the retention of deleted deals. */
    @Configuration(proxyBeanMethods = false)
    static class PurgeJob {

        @Bean
        RecurringTask<Void> purgeDeletedParties(PartyTrash trash, TransactionTemplate tx, Clock clock,
                                                @Value("${voronka.trash.retention-days:90}") int retentionDays) {
            return Tasks.recurring("purge-deleted-parties", FixedDelay.of(Duration.ofHours(1)))
                    .execute((instance, context) -> trash.purgeDeletedBefore(clock.instant().minus(Duration.ofDays(retentionDays)), tx));
        }
    }

    private void publish(Actor actor, Instant now, List<PartiesChanged.Change> changes) {
        events.publishEvent(new PartiesChanged(actor.accountId(), actor.userId(), now, changes));
    }

    private Set<Long> select(long accountId, String table, Set<Long> ids, boolean deleted) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select id from " + table + " where account_id = :a and id in (:ids) and is_deleted = :d")
                .param("a", accountId).param("ids", ids).param("d", deleted).query(Long.class).list());
    }

    private static void check(List<Long> requested, Set<Long> found, String why) {
        List<Problem> problems = new ArrayList<>();
        if (requested.isEmpty()) {
            problems.add(new Problem("0", "id", "NotBlank", "Nothing selected"));
        }
        for (int i = 0; i < requested.size(); i++) {
            if (!found.contains(requested.get(i))) {
                problems.add(new Problem(Integer.toString(i), "id", "NotFound", "#" + requested.get(i) + " " + why));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    static String table(String entityType) {
        if (ContactManagement.ENTITY.equals(entityType) || CompanyManagement.ENTITY.equals(entityType)) {
            return entityType;
        }
        throw new IllegalArgumentException("not a contact or company type: " + entityType);
    }
}
