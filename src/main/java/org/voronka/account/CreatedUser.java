package org.voronka.account;

/** A new user and, when the password was generated, that password (to be shown once, never stored in clear). */
public record CreatedUser(User user, String generatedPassword) {}
