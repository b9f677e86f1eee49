package org.voronka.shared;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between the API's Unix seconds, Java time and JDBC parameters. */
public final class Times {

    private Times() {}

    /** A JDBC parameter both H2 and the PostgreSQL driver accept for timestamptz. */
    public static OffsetDateTime param(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(Object jdbcValue) {
        if (jdbcValue == null) {
            return null;
        }
        if (jdbcValue instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (jdbcValue instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (jdbcValue instanceof java.time.ZonedDateTime zdt) {
            return zdt.toInstant();
        }
        if (jdbcValue instanceof Instant i) {
            return i;
        }
        throw new IllegalArgumentException("not a timestamp: " + jdbcValue.getClass());
    }

    public static Long seconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }
}
