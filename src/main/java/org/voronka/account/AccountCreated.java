package org.voronka.account;

/** Published inside the transaction that created the account, so listeners add their defaults atomically. */
public record AccountCreated(long accountId, long adminUserId, String language, boolean unsortedOn) {}
