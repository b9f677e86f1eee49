package org.voronka.task;

import java.util.Collection;
import java.util.Set;

/** Implemented by the modules that own entities tasks can be attached to. */
public interface TaskTargets {

    /** The entity type this implementation answers for: leads, contacts or companies. */
    String entityType();

    /** Which of the ids exist (and are not deleted) in the account. */
    Set<Long> existing(long accountId, Collection<Long> ids);
}
