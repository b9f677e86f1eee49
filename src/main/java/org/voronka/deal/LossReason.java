package org.voronka.deal;

import java.time.Instant;

public record LossReason(long id, String name, int sort, Instant createdAt, Instant updatedAt) {}
