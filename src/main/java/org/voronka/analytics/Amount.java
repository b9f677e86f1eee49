package org.voronka.analytics;

import java.math.BigDecimal;

/** A number of deals and the sum of their budgets. */
public record Amount(long deals, BigDecimal budget) {

    public static final Amount NONE = new Amount(0, BigDecimal.ZERO);

    public Amount plus(long moreDeals, BigDecimal moreBudget) {
        return new Amount(deals + moreDeals, budget.add(moreBudget));
    }

    public Amount plus(Amount other) {
        return plus(other.deals, other.budget);
    }
}
