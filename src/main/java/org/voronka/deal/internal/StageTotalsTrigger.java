package org.voronka.deal.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.h2.api.Trigger;

/**
 * The embedded database's way of keeping the board's stage counters (ADR 0021): for each changed
 * deal row, the stage it leaves loses one deal and its budget and the stage it enters gains them;
 * deleted deals count nowhere. PostgreSQL does the same with statement triggers.
 */
public class StageTotalsTrigger implements Trigger {

    private static final String INSERT = "insert into deal_stage_deltas (account_id, pipeline_id, status_id, deals, budget) values (?, ?, ?, ?, ?)";

    private int account;
    private int pipeline;
    private int status;
    private int price;
    private int deleted;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type)
            throws SQLException {
        Map<String, Integer> positions = new HashMap<>();
        try (PreparedStatement s = conn.prepareStatement(
                "select column_name, ordinal_position from information_schema.columns where table_schema = ? and table_name = ?")) {
            s.setString(1, schemaName);
            s.setString(2, tableName);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    positions.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getInt(2) - 1);
                }
            }
        }
        account = Objects.requireNonNull(positions.get("account_id"));
        pipeline = Objects.requireNonNull(positions.get("pipeline_id"));
        status = Objects.requireNonNull(positions.get("status_id"));
        price = Objects.requireNonNull(positions.get("price"));
        deleted = Objects.requireNonNull(positions.get("is_deleted"));
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        boolean counted = oldRow != null && !Boolean.TRUE.equals(oldRow[deleted]);
        boolean counts = newRow != null && !Boolean.TRUE.equals(newRow[deleted]);
        if (counted && counts && Objects.equals(oldRow[pipeline], newRow[pipeline]) && Objects.equals(oldRow[status], newRow[status])
                && ((BigDecimal) oldRow[price]).compareTo((BigDecimal) newRow[price]) == 0) {
            return; // neither its stage nor its budget changed
        }
        try (PreparedStatement s = conn.prepareStatement(INSERT)) {
            if (counted) {
                add(s, oldRow, -1, ((BigDecimal) oldRow[price]).negate());
            }
            if (counts) {
                add(s, newRow, 1, (BigDecimal) newRow[price]);
            }
            s.executeBatch();
        }
    }

    private void add(PreparedStatement s, Object[] row, long deals, BigDecimal budget) throws SQLException {
        s.setLong(1, ((Number) row[account]).longValue());
        s.setLong(2, ((Number) row[pipeline]).longValue());
        s.setLong(3, ((Number) row[status]).longValue());
        s.setLong(4, deals);
        s.setBigDecimal(5, budget);
        s.addBatch();
    }
}
