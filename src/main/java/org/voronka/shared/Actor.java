package org.voronka.shared;

/**
 * Who performs an operation: the account everything is scoped to, the user (0 = robot / API
 * integration, as amoCRM has it) and whether the user is an administrator. Serializable because
 * a signed-in UI session keeps it in the database (Spring Session JDBC).
 */
public record Actor(long accountId, long userId, boolean admin, String lang) implements java.io.Serializable {

    public static Actor system(long accountId) {
        return new Actor(accountId, 0, true, "ru");
    }
}
