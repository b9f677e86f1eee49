package org.voronka.shared;

import java.util.Collection;
import java.util.Set;

/**
 * Implemented by each module that owns entities other modules attach things to (tasks, notes):
 * deals answer for "leads", the contact module for "contacts" and "companies".
 */
public interface EntityDirectory {

    /** The amoCRM entity type this implementation answers for: leads, contacts or companies. */
    String entityType();

    /** Which of the ids exist (and are not deleted) in the account. */
    Set<Long> existing(long accountId, Collection<Long> ids);
}
