package org.voronka.deal.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.deal.TrashedDeal;
import org.voronka.shared.ActivityCounts;
import org.voronka.shared.ActivityCounts.Scope;
import org.voronka.shared.Times;
import org.voronka.shared.TrashPurge;

@Repository
public class TrashRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ActivityCounts activity;

    TrashRepository(JdbcClient jdbc, JdbcTemplate template, ActivityCounts activity) {
        this.jdbc = jdbc;
        this.template = template;
        this.activity = activity;
    }

    /** The activity of deals in the trash is not counted (ADR 0031): it leaves the counts with them, and comes back on restore. */
    public void markDeleted(long accountId, Collection<Long> ids, long userId, Instant at) {
        activity.around(accountId, Scope.deals(ids), () -> template.batchUpdate("update deals set is_deleted = true, deleted_at = ?, "
                        + "deleted_by = ?, updated_at = ?, updated_by = ? where account_id = ? and id = ?",
                ids.stream().map(id -> new Object[] {Times.param(at), userId, Times.param(at), userId, accountId, id}).toList()));
    }

    /** Restoring a merged-away deal by hand ends its merge: its history counts as its own again. */
    public void markRestored(long accountId, Collection<Long> ids, long userId, Instant at) {
        activity.around(accountId, Scope.deals(ids), () -> template.batchUpdate("update deals set is_deleted = false, deleted_at = null, "
                        + "deleted_by = null, merged_into = null, updated_at = ?, updated_by = ? where account_id = ? and id = ?",
                ids.stream().map(id -> new Object[] {Times.param(at), userId, accountId, id}).toList()));
        jdbc.sql("update stage_transitions set merged_into = null where account_id = :a and deal_id in (:ids) and merged_into is not null")
                .param("a", accountId).param("ids", ids).update();
    }

    /** Deals in the trash, most recently deleted first, locked when {@code forUpdate}. */
    public List<TrashedDeal> trashed(long accountId, Collection<Long> ids, boolean forUpdate) {
        return jdbc.sql("select " + DealRepository.COLUMNS + ", deleted_at, deleted_by from deals where account_id = :a and id in (:ids) "
                        + "and is_deleted order by id" + (forUpdate ? " for update" : ""))
                .param("a", accountId).param("ids", ids)
                .query((rs, n) -> new TrashedDeal(DealRepository.deal(rs, n), Times.instant(rs.getObject("deleted_at", OffsetDateTime.class)),
                        rs.getObject("deleted_by", Long.class)))
                .list();
    }

    public List<TrashedDeal> page(long accountId, int offset, int limit) {
        return jdbc.sql("select " + DealRepository.COLUMNS + ", deleted_at, deleted_by from deals where account_id = ? and is_deleted "
                        + "order by deleted_at desc, id desc offset ? rows fetch next ? rows only")
                .params(accountId, offset, limit)
                .query((rs, n) -> new TrashedDeal(DealRepository.deal(rs, n), Times.instant(rs.getObject("deleted_at", OffsetDateTime.class)),
                        rs.getObject("deleted_by", Long.class)))
                .list();
    }

    public List<TrashPurge.Expired> expired(Instant before, int limit) {
        return jdbc.sql("select account_id, id from deals where is_deleted and deleted_at < ? order by deleted_at fetch first ? rows only")
                .params(Times.param(before), limit).query((rs, n) -> new TrashPurge.Expired(rs.getLong(1), rs.getLong(2))).list();
    }

    public void purge(long accountId, List<Long> ids) {
        for (String sql : List.of("delete from deal_contacts where account_id = :a and deal_id in (:ids)",
                "delete from stage_transitions where account_id = :a and deal_id in (:ids)",
                "delete from deals where account_id = :a and id in (:ids) and is_deleted")) {
            jdbc.sql(sql).param("a", accountId).param("ids", ids).update();
        }
    }

    /** Contacts purged for good leave the deals they were linked to; a purged company is no deal's company any more. */
    public void unlinkPurgedParties(long accountId, String entityType, List<Long> ids) {
        if ("contacts".equals(entityType)) {
            jdbc.sql("delete from deal_contacts where account_id = :a and contact_id in (:ids)").param("a", accountId).param("ids", ids)
                    .update();
        } else if ("companies".equals(entityType)) {
            jdbc.sql("update deals set company_id = null where account_id = :a and company_id in (:ids)").param("a", accountId)
                    .param("ids", ids).update();
        }
    }
}
