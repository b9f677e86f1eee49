package org.voronka.shared;

import java.sql.DatabaseMetaData;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;

/**
 * Hands out 64-bit ids from database sequences, one or many at a time, so that rows which refer
 * to each other (a deal and its first history record) can be written in one batch.
 */
@Component
public class Ids {

    private final JdbcTemplate jdbc;
    private final String rangeSql;
    private final String nextSql;

    public Ids(JdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        boolean postgres = isPostgres(dataSource);
        this.rangeSql = postgres
                ? "select nextval('%s') from generate_series(1, ?)"
                : "select next value for %s from system_range(1, ?)";
        this.nextSql = postgres ? "nextval('%s')" : "next value for %s";
    }

    /** The SQL expression that takes the sequence's next value, one per row, for statements that insert many rows from a select. */
    public String nextValueSql(String sequence) {
        return nextSql.formatted(checked(sequence));
    }

    private static String checked(String sequence) {
        if (!sequence.matches("[a-z_]+")) {
            throw new IllegalArgumentException("bad sequence name " + sequence);
        }
        return sequence;
    }

    public static boolean isPostgres(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            return product != null && product.toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (Exception e) {
            return false;
        }
    }

    public long next(String sequence) {
        return next(sequence, 1).get(0);
    }

    public List<Long> next(String sequence, int count) {
        return jdbc.queryForList(rangeSql.formatted(checked(sequence)), Long.class, count);
    }
}
