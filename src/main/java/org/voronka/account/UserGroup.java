package org.voronka.account;

/** A department ("отдел"); amoCRM calls it a users group. */
public record UserGroup(long id, String name, String uuid) {}
