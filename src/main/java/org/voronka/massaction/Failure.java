package org.voronka.massaction;

/** A deal a mass action could not change, and why. */
public record Failure(long dealId, String reason) {}
