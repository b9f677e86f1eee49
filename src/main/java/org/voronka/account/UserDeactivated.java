package org.voronka.account;

/** Published when an administrator deactivates a user: their sessions end and their API tokens stop working. */
public record UserDeactivated(long accountId, long userId) {}
