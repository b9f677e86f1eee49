package org.voronka.deal.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.shared.ActivityCounts;
import org.voronka.shared.ActivityCounts.Scope;
import org.voronka.shared.Times;

@Repository
public class MergeRepository {

    private final JdbcClient jdbc;
    private final ActivityCounts activity;

    MergeRepository(JdbcClient jdbc, ActivityCounts activity) {
        this.jdbc = jdbc;
        this.activity = activity;
    }

    public record MergeRow(long id, long survivorId, List<Long> mergedIds, String survivorBefore, Instant createdAt, Instant undoneAt) {}

    public void insert(long accountId, long id, long survivorId, List<Long> mergedIds, String survivorBefore, long userId, Instant at) {
        jdbc.sql("insert into deal_merges (account_id, id, survivor_id, merged_ids, survivor_before, created_by, created_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?)")
                .params(accountId, id, survivorId, mergedIds.stream().map(String::valueOf).collect(Collectors.joining(",")),
                        survivorBefore, userId, Times.param(at)).update();
    }

    public Optional<MergeRow> lock(long accountId, long id) {
        return row(accountId, id, " for update");
    }

    public Optional<MergeRow> find(long accountId, long id) {
        return row(accountId, id, "");
    }

    private Optional<MergeRow> row(long accountId, long id, String lock) {
        return jdbc.sql("select * from deal_merges where account_id = ? and id = ?" + lock).params(accountId, id)
                .query((rs, n) -> new MergeRow(rs.getLong("id"), rs.getLong("survivor_id"),
                        Arrays.stream(rs.getString("merged_ids").split(",")).map(Long::parseLong).toList(), rs.getString("survivor_before"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        Times.instant(rs.getObject("undone_at", OffsetDateTime.class))))
                .optional();
    }

    /** The latest merge into a survivor that is not undone. */
    public Optional<Long> latestActive(long accountId, long survivorId) {
        return jdbc.sql("select max(id) from deal_merges where account_id = ? and survivor_id = ? and undone_at is null")
                .params(accountId, survivorId).query(Long.class).optional();
    }

    public void markUndone(long accountId, long id, Instant at) {
        jdbc.sql("update deal_merges set undone_at = ? where account_id = ? and id = ?").params(Times.param(at), accountId, id).update();
    }

    /**
     * Merged deals go to the trash: their activity leaves the counts (ADR 0031) until it moves to
     * the survivor with their tasks and notes.
     */
    public void markMerged(long accountId, List<Long> mergedIds, long survivorId, long userId, Instant at) {
        activity.around(accountId, Scope.deals(mergedIds), () -> jdbc.sql("update deals set is_deleted = true, deleted_at = :at, "
                        + "deleted_by = :u, updated_at = :at, updated_by = :u, merged_into = :s where account_id = :a and id in (:ids)")
                .param("at", Times.param(at)).param("u", userId).param("s", survivorId).param("a", accountId).param("ids", mergedIds)
                .update());
        jdbc.sql("update stage_transitions set merged_into = :s where account_id = :a and deal_id in (:ids)")
                .param("s", survivorId).param("a", accountId).param("ids", mergedIds).update();
    }

    public void unmarkMerged(long accountId, List<Long> mergedIds, long userId, Instant at) {
        activity.around(accountId, Scope.deals(mergedIds), () -> jdbc.sql("update deals set is_deleted = false, deleted_at = null, "
                        + "deleted_by = null, merged_into = null, updated_at = :at, updated_by = :u where account_id = :a and id in (:ids)")
                .param("at", Times.param(at)).param("u", userId).param("a", accountId).param("ids", mergedIds).update());
        jdbc.sql("update stage_transitions set merged_into = null where account_id = :a and deal_id in (:ids)")
                .param("a", accountId).param("ids", mergedIds).update();
    }

    /** How many of the merged deals are still in the trash as merged into the survivor. */
    public int countStillMerged(long accountId, List<Long> mergedIds, long survivorId) {
        return jdbc.sql("select count(*) from deals where account_id = :a and id in (:ids) and is_deleted and merged_into = :s")
                .param("a", accountId).param("ids", mergedIds).param("s", survivorId).query(Integer.class).single();
    }

    public void replaceContacts(long accountId, long dealId, List<long[]> contactsAndMain) {
        jdbc.sql("delete from deal_contacts where account_id = ? and deal_id = ?").params(accountId, dealId).update();
        for (long[] c : contactsAndMain) {
            jdbc.sql("insert into deal_contacts (account_id, deal_id, contact_id, is_main) values (?, ?, ?, ?)")
                    .params(accountId, dealId, c[0], c[1] == 1).update();
        }
    }
}
