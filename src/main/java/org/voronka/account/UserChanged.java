package org.voronka.account;

/**
 * Published when an administrator changes a user: the role and language of their open sessions
 * follow at once, and a new password signs them out everywhere.
 */
public record UserChanged(long accountId, long userId, boolean admin, String lang, boolean passwordChanged) {}
