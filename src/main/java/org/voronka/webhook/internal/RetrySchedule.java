package org.voronka.webhook.internal;

import java.time.Duration;

/**
 * amoCRM's retry schedule: the 2nd attempt 5 minutes after a failed 1st, the 3rd 15 minutes later;
 * the 4th (15 minutes) and 5th (1 hour) only when the receiver itself failed (HTTP 499 or 5xx) or
 * did not answer at all. After that the delivery goes to the dead-letter list.
 */
final class RetrySchedule {

    private RetrySchedule() {}

    /** The pause before the next attempt after {@code attemptsMade} failed ones, or null for none. */
    static Duration next(int attemptsMade, Integer lastStatus) {
        boolean receiverFailed = lastStatus == null || lastStatus == 499 || lastStatus >= 500;
        return switch (attemptsMade) {
            case 1 -> Duration.ofMinutes(5);
            case 2 -> Duration.ofMinutes(15);
            case 3 -> receiverFailed ? Duration.ofMinutes(15) : null;
            case 4 -> receiverFailed ? Duration.ofHours(1) : null;
            default -> null;
        };
    }

    /** amoCRM accepts any answer from 100 to 299. */
    static boolean valid(Integer status) {
        return status != null && status >= 100 && status <= 299;
    }
}
