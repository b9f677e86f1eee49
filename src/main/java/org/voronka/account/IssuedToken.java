package org.voronka.account;

import java.time.Instant;

/** A freshly issued API token; {@code token} is shown once and never stored or logged. */
public record IssuedToken(String id, long userId, String name, Instant expiresAt, String token) {}
