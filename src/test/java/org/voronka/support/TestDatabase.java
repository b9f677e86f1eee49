package org.voronka.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The database a test run uses: H2 in memory by default, PostgreSQL when the system property
 * {@code voronka.test.db=postgres} is set (the build's second test execution does that). Each JVM
 * gets a fresh PostgreSQL database, so runs never see each other's data.
 */
public final class TestDatabase {

    public static final boolean POSTGRES = "postgres".equalsIgnoreCase(System.getProperty("voronka.test.db", "h2"));
    public static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    static final String PG_HOST = System.getProperty("voronka.test.pg.host", envOr("VORONKA_TEST_PG_HOST", "127.0.0.1"));
    static final String PG_PORT = System.getProperty("voronka.test.pg.port", envOr("VORONKA_TEST_PG_PORT", "5432"));
    static final String PG_USER = System.getProperty("voronka.test.pg.user", envOr("VORONKA_TEST_PG_USER", "postgres"));
    static final String PG_PASSWORD = System.getProperty("voronka.test.pg.password", envOr("VORONKA_TEST_PG_PASSWORD", ""));

    private static String url;
    private static String unavailable;

    private TestDatabase() {}

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Null when the database is usable, else why not. */
    public static synchronized String unavailableReason() {
        url();
        return unavailable;
    }

    public static synchronized String url() {
        if (url != null || unavailable != null) {
            return url;
        }
        if (!POSTGRES) {
            url = "jdbc:h2:mem:voronka-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
            return url;
        }
        String name = "voronka_test_" + Long.toString(System.currentTimeMillis(), 36) + "_" + ProcessHandle.current().pid();
        String admin = "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, PG_USER, PG_PASSWORD)) {
            c.createStatement().execute("create database " + name);
            url = "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + name;
            // drop it when the test JVM ends, so runs leave nothing behind
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Connection drop = DriverManager.getConnection(admin, PG_USER, PG_PASSWORD)) {
                    drop.createStatement().execute("drop database if exists " + name + " with (force)");
                } catch (SQLException ignored) {
                    // the database stays; nothing depends on it
                }
            }));
        } catch (SQLException e) {
            unavailable = "PostgreSQL at " + PG_HOST + ":" + PG_PORT + " is not reachable (" + e.getMessage() + ")";
        }
        return url;
    }

    public static String user() {
        return POSTGRES ? PG_USER : "sa";
    }

    public static String password() {
        return POSTGRES ? PG_PASSWORD : "";
    }
}
