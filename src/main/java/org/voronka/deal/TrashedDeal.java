package org.voronka.deal;

import java.time.Instant;

/** A deal in the trash with who deleted it and when. */
public record TrashedDeal(Deal deal, Instant deletedAt, Long deletedBy) {}
