package org.voronka.contact;

import java.time.Instant;

/** A contact or company in the trash: who deleted it and when ({@code deletedBy} null when unknown). */
public record TrashedParty(long id, String name, Long deletedBy, Instant deletedAt) {}
