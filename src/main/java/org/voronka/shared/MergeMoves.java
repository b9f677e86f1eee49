package org.voronka.shared;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Moves the rows a module attaches to entities (tasks, notes) from merged entities to the
 * survivor, logging each row's old entity under the merge id, and moves exactly those back when
 * the merge is undone. Each module calls it for its own table and log table.
 *
 * @param table    the module's table, with columns account_id, id, entity_type, entity_id
 * @param logTable its log: account_id, merge_id, {@code logIdColumn}, from_entity_id
 */
public record MergeMoves(JdbcClient jdbc, String table, String logTable, String logIdColumn) {

    public void moveTo(long accountId, String entityType, long mergeId, List<Long> from, long survivor) {
        jdbc.sql("insert into " + logTable + " (account_id, merge_id, " + logIdColumn + ", from_entity_id) select account_id, :m, id, "
                        + "entity_id from " + table + " where account_id = :a and entity_type = :t and entity_id in (:ids)")
                .param("m", mergeId).param("a", accountId).param("t", entityType).param("ids", from).update();
        jdbc.sql("update " + table + " set entity_id = :s where account_id = :a and entity_type = :t and entity_id in (:ids)")
                .param("s", survivor).param("a", accountId).param("t", entityType).param("ids", from).update();
    }

    public void moveBack(long accountId, String entityType, long mergeId) {
        jdbc.sql("update " + table + " set entity_id = (select m.from_entity_id from " + logTable + " m where m.account_id = "
                        + table + ".account_id and m.merge_id = :m and m." + logIdColumn + " = " + table + ".id) where account_id = :a "
                        + "and entity_type = :t and id in (select " + logIdColumn + " from " + logTable
                        + " where account_id = :a and merge_id = :m)")
                .param("m", mergeId).param("a", accountId).param("t", entityType).update();
        jdbc.sql("delete from " + logTable + " where account_id = ? and merge_id = ?").params(accountId, mergeId).update();
    }
}
