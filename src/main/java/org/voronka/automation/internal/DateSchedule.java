package org.voronka.automation.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;
import org.voronka.account.AccountManagement;
import org.voronka.account.WorkingHours;
import org.voronka.automation.Rule;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealQuery;
import org.voronka.shared.Ids;

/**
 * Schedules a date-field rule for the deals already in its stage when the rule is created, resumed
 * or pointed at another field, offset or stage: one run per deal whose date plus the offset is still
 * ahead, written by one statement, however many deals the stage holds. The rule's earlier pending
 * runs are dropped first (skipped, "the rule changed"), so each deal has at most one; later changes
 * of a deal's date or stage reschedule it as before ({@link Triggers}).
 */
@Component
public class DateSchedule {

    static final String RULE_CHANGED = "the rule changed";

    private final AutomationRepository repository;
    private final DealManagement deals;
    private final FieldValues fields;
    private final AccountManagement accounts;
    private final Ids ids;

    DateSchedule(AutomationRepository repository, DealManagement deals, FieldValues fields, AccountManagement accounts, Ids ids) {
        this.repository = repository;
        this.deals = deals;
        this.fields = fields;
        this.accounts = accounts;
        this.ids = ids;
    }

    /** After a rule was saved: {@code before} is null for a new rule. Returns how many runs were scheduled. */
    public int saved(Rule before, Rule after, Instant now) {
        boolean moved = before == null || !before.trigger().equals(after.trigger()) || !Objects.equals(before.triggerField(), after.triggerField())
                || !Objects.equals(before.triggerMinutes(), after.triggerMinutes()) || before.pipelineId() != after.pipelineId()
                || before.statusId() != after.statusId() || before.waitForWorkingHours() != after.waitForWorkingHours();
        boolean resumed = before != null && before.paused() && !after.paused();
        if (!moved && !resumed) {
            return 0;
        }
        if (before != null && isDate(before)) {
            repository.cancelPendingOfRule(after.accountId(), after.id(), RULE_CHANGED, now);
        }
        if (!isDate(after) || after.paused() || after.triggerField() == null) {
            return 0;
        }
        long offset = (after.triggerMinutes() == null ? 0L : after.triggerMinutes()) * 60;
        // due = date + offset, and only a due moment after now: date > now - offset (whole seconds, as dates are stored)
        int n = repository.insertDateRuns(after, now, offset, deals.selection(after.accountId(), DealQuery.ofStage(after.pipelineId(),
                        after.statusId())), fields.numbersAbove(after.accountId(), DealManagement.ENTITY, Long.parseLong(after.triggerField()),
                        BigDecimal.valueOf(now.getEpochSecond() - offset)), ids.nextValueSql("automation_run_seq"));
        if (n > 0 && after.waitForWorkingHours()) {
            waitForWorkingHours(after);
        }
        return n;
    }

    private static boolean isDate(Rule r) {
        return "date_field".equals(r.trigger());
    }

    /** The runs that would come due outside the working hours wait for the next window, as {@link Triggers} does for new runs. */
    private void waitForWorkingHours(Rule rule) {
        WorkingHours hours = accounts.workingHours(rule.accountId());
        ZoneId zone = Actions.zone(accounts.account(rule.accountId()));
        Map<Long, Instant> moved = new LinkedHashMap<>();
        repository.pendingOfRule(rule.accountId(), rule.id()).forEach((id, due) -> {
            Instant next = hours.nextWindow(due, zone);
            if (!next.equals(due)) {
                moved.put(id, next);
            }
        });
        repository.reschedule(rule.accountId(), moved);
    }
}
