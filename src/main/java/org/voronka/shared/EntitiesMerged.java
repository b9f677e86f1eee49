package org.voronka.shared;

import java.util.List;

/**
 * Entities were merged into a survivor (or, with {@code undone}, merge {@code mergeId} was undone).
 * Modules that attach things to entities (tasks, notes) move them to the survivor, logging each
 * move under the merge id, and move exactly those back on undo.
 */
public record EntitiesMerged(long accountId, String entityType, long mergeId, long survivorId, List<Long> mergedIds, boolean undone) {}
