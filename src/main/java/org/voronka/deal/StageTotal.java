package org.voronka.deal;

import java.math.BigDecimal;

/** How many live deals a stage of a pipeline holds and their budget sum. */
public record StageTotal(long statusId, long count, BigDecimal budget) {}
