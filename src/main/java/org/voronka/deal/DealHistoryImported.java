package org.voronka.deal;

import java.util.List;

/**
 * Published inside the transaction of a history import, once per batch: every stage-history row
 * written, in order. A row without a "from" stage is the creation of its deal. Unlike
 * {@link DealsChanged} each row carries its own time and user, so listeners (the timeline) can
 * back-date what they write.
 */
public record DealHistoryImported(long accountId, String source, List<StageTransition> transitions) {}
