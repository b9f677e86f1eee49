package org.voronka.automation.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.voronka.account.AccountManagement;
import org.voronka.account.User;
import org.voronka.automation.Rule;
import org.voronka.deal.DealManagement;
import org.voronka.shared.RuleViolationException;

/**
 * Picks a user of a department for a rule's action: in turn (round robin, remembered per rule and
 * action across nodes) or the one with the fewest open deals. Only active users take part.
 */
@Component
class Assignment {

    static final String ROUND_ROBIN = "round_robin";
    static final String LEAST_BUSY = "least_busy";
    static final List<String> MODES = List.of(ROUND_ROBIN, LEAST_BUSY);

    private static final int MAX_USERS = 10_000;

    private final AccountManagement accounts;
    private final DealManagement deals;
    private final JdbcClient jdbc;

    Assignment(AccountManagement accounts, DealManagement deals, JdbcClient jdbc) {
        this.accounts = accounts;
        this.deals = deals;
        this.jdbc = jdbc;
    }

    /** The user to give the deal (or task) to; runs in the run's transaction. */
    long pick(Rule rule, int actionIndex, String mode, long groupId) {
        List<Long> users = accounts.users(rule.accountId(), 0, MAX_USERS).stream()
                .filter(u -> u.active() && u.groupId() == groupId).map(User::id).sorted().toList();
        if (users.isEmpty()) {
            throw new RuleViolationException("NoActiveUsers", "group_id", "The department " + groupId + " has no active users to assign");
        }
        return LEAST_BUSY.equals(mode) ? leastBusy(rule.accountId(), users) : nextInTurn(rule, actionIndex, users);
    }

    private long leastBusy(long accountId, List<Long> users) {
        Map<Long, Long> open = deals.openDealCounts(accountId, users);
        return users.stream().min(Comparator.comparing((Long u) -> open.getOrDefault(u, 0L)).thenComparing(u -> u)).orElseThrow();
    }

    private long nextInTurn(Rule rule, int actionIndex, List<Long> users) {
        jdbc.sql("insert into automation_rotations (account_id, rule_id, action_index, last_user_id) values (?, ?, ?, 0) "
                + "on conflict do nothing").params(rule.accountId(), rule.id(), actionIndex).update();
        long last = jdbc.sql("select last_user_id from automation_rotations where account_id = ? and rule_id = ? and action_index = ? "
                + "for update").params(rule.accountId(), rule.id(), actionIndex).query(Long.class).single();
        long next = users.stream().filter(u -> u > last).findFirst().orElse(users.get(0));
        jdbc.sql("update automation_rotations set last_user_id = ? where account_id = ? and rule_id = ? and action_index = ?")
                .params(next, rule.accountId(), rule.id(), actionIndex).update();
        return next;
    }
}
