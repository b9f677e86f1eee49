package org.voronka.link;

/** One link or unlink of a request; {@code main} makes a contact the deal's main contact. */
public record LinkRequest(String requestId, String entityType, long entityId, String toEntityType, long toEntityId, boolean main) {}
