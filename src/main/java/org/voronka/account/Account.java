package org.voronka.account;

import java.time.Instant;

/** A tenant. Everything else belongs to exactly one account. */
public record Account(
        long id,
        String name,
        String subdomain,
        String uuid,
        String country,
        String currency,
        String language,
        String timezone,
        boolean unsortedOn,
        boolean lossReasonEnabled,
        int maxPipelines,
        int maxStatuses,
        int version,
        Instant createdAt) {

    /** The account's time zone (UTC when the stored name is not a known zone). */
    public java.time.ZoneId zone() {
        try {
            return java.time.ZoneId.of(timezone);
        } catch (RuntimeException e) {
            return java.time.ZoneOffset.UTC;
        }
    }
}
