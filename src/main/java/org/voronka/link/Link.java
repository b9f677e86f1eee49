package org.voronka.link;

/**
 * A link from an entity to another; {@code mainContact} tells, for a deal–contact link, whether
 * the contact is the deal's main one, and is null for other links.
 */
public record Link(String entityType, long entityId, String toEntityType, long toEntityId, Boolean mainContact) {}
