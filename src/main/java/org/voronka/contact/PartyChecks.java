package org.voronka.contact;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.voronka.account.AccountManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.ValidationException.Problem;

/** What contacts and companies check and stamp alike: users they refer to, the default responsible, departments. */
final class PartyChecks {

    private final AccountManagement accounts;
    private final long accountId;
    private final Set<Long> users;
    private final Map<Long, Long> groups = new HashMap<>();

    /** Loads, in one query, which of the user ids the batch mentions exist. */
    PartyChecks(AccountManagement accounts, long accountId, Stream<Long> userIds) {
        this.accounts = accounts;
        this.accountId = accountId;
        this.users = accounts.existingUserIds(accountId, userIds.filter(Objects::nonNull).filter(id -> id != 0).distinct().toList());
    }

    /** A user reference; 0 is allowed for created_by/updated_by (robot/API) when {@code robotAllowed}. */
    void user(Long id, boolean robotAllowed, String rid, String path, List<Problem> problems) {
        if (id == null || (robotAllowed && id == 0)) {
            return;
        }
        if (!users.contains(id)) {
            problems.add(new Problem(rid, path, "NotSupportedChoice", "User " + id + " does not exist"));
        }
    }

    long responsible(Long requested, Actor actor) {
        if (requested != null) {
            return requested;
        }
        return actor.userId() != 0 ? actor.userId() : accounts.users(accountId, 0, 1).get(0).id();
    }

    long groupOf(long userId) {
        return groups.computeIfAbsent(userId, u -> accounts.groupOf(accountId, u));
    }

    static <T> List<Long> ids(Collection<T> items, java.util.function.Function<T, Long> getter) {
        return items.stream().map(getter).filter(Objects::nonNull).distinct().toList();
    }
}
