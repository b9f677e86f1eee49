package org.voronka.shared;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes what stayed in a trash past the retention for good, in chunks, each chunk in its own
 * transaction (a big backlog never holds one long transaction). Each chunk publishes
 * {@link EntitiesPurged} per account before the rows go, so every module drops what it keeps about them.
 */
public final class TrashPurge {

    public static final int CHUNK = 500;

    /** An entity whose time in the trash is over. */
    public record Expired(long accountId, long id) {}

    private TrashPurge() {}

    /**
     * {@code expired}: the next at most n expired entities (oldest first); {@code purge}: deletes
     * an account's ones. Returns how many were purged.
     */
    public static int run(TransactionTemplate tx, ApplicationEventPublisher events, String entityType, IntFunction<List<Expired>> expired,
                          BiConsumer<Long, List<Long>> purge) {
        int total = 0;
        while (true) {
            Integer purged = tx.execute(status -> {
                List<Expired> rows = expired.apply(CHUNK);
                rows.stream().collect(Collectors.groupingBy(Expired::accountId, LinkedHashMap::new,
                        Collectors.mapping(Expired::id, Collectors.toList()))).forEach((account, ids) -> {
                            events.publishEvent(new EntitiesPurged(account, entityType, ids));
                            purge.accept(account, ids);
                        });
                return rows.size();
            });
            total += purged == null ? 0 : purged;
            if (purged == null || purged < CHUNK) {
                return total;
            }
        }
    }
}
