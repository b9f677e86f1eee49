package org.voronka.account;

/**
 * A user as an administrator creates or edits them. A blank password on creation means "generate
 * one" (shown once); a blank password on an edit keeps the current one.
 */
public record UserForm(String name, String email, String password, String lang, boolean admin, long groupId) {}
