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
        Instant createdAt) {}
