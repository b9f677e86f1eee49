package org.voronka.deal;

import java.time.Instant;

/** A named filter of the deal list (its query string), personal or shared with the whole account. */
public record SavedFilter(long id, long userId, String name, String query, boolean shared, Instant createdAt) {}
