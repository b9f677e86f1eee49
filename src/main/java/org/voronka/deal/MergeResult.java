package org.voronka.deal;

import java.util.List;

public record MergeResult(long mergeId, long survivorId, List<Long> mergedIds) {}
