package org.voronka.account;

/** A person who works in an account. {@code groupId} 0 is the account's default department. */
public record User(long accountId, long id, String name, String email, String lang, boolean admin, boolean active, long groupId) {}
