package org.voronka.shared;

import java.util.List;

/**
 * Entities (leads, contacts or companies) removed for good from the trash. Published in the purge
 * transaction; every module that keeps something about such entities (tags, tasks, notes, events)
 * drops it, so nothing is left behind.
 */
public record EntitiesPurged(long accountId, String entityType, List<Long> ids) {}
