package org.voronka.analytics.internal;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.voronka.shared.Ids;

/**
 * Settings for the report's read-only transaction on PostgreSQL: no JIT compilation (it cost
 * about two seconds per report at a million deals, more than the query itself) and enough sort
 * memory for the percentiles of a year's stays, instead of sorting on disk.
 */
@Component
class ReportSession {

    private final JdbcTemplate jdbc;
    private final boolean postgres;

    ReportSession(JdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.postgres = Ids.isPostgres(dataSource);
    }

    void tune() {
        if (postgres) {
            jdbc.execute("set local jit = off");
            jdbc.execute("set local work_mem = '64MB'");
        }
    }
}
