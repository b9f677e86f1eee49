package org.voronka.pipeline.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Times;

@Repository
public class PipelineRepository {

    private final JdbcClient jdbc;

    PipelineRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Row(long accountId, long id, String name, int sort, boolean main, boolean unsortedOn, boolean archive) {}

    /** All pipelines of an account with their stages, two queries in all. */
    public List<Pipeline> findAll(long accountId) {
        return load(accountId, null);
    }

    public Optional<Pipeline> find(long accountId, long id) {
        return load(accountId, id).stream().findFirst();
    }

    private List<Pipeline> load(long accountId, Long onlyId) {
        String where = onlyId == null ? "" : " and id = " + onlyId;
        List<Row> rows = jdbc.sql("select * from pipelines where account_id = ?" + where + " order by sort, id")
                .param(accountId)
                .query((rs, n) -> new Row(rs.getLong("account_id"), rs.getLong("id"), rs.getString("name"), rs.getInt("sort"),
                        rs.getBoolean("is_main"), rs.getBoolean("is_unsorted_on"), rs.getBoolean("is_archive")))
                .list();
        Map<Long, List<Stage>> stages = new LinkedHashMap<>();
        String stageWhere = onlyId == null ? "" : " and pipeline_id = " + onlyId;
        jdbc.sql("select * from statuses where account_id = ?" + stageWhere + " order by pipeline_id, sort, id")
                .param(accountId)
                .query((rs, n) -> new Stage(rs.getLong("account_id"), rs.getLong("pipeline_id"), rs.getLong("id"),
                        rs.getString("name"), rs.getInt("sort"), rs.getString("color"), rs.getInt("type"),
                        rs.getObject("target_seconds", Long.class), rs.getObject("win_probability", Integer.class)))
                .list()
                .forEach(s -> stages.computeIfAbsent(s.pipelineId(), k -> new ArrayList<>()).add(s));
        return rows.stream().map(r -> new Pipeline(r.accountId(), r.id(), r.name(), r.sort(), r.main(), r.unsortedOn(),
                r.archive(), List.copyOf(stages.getOrDefault(r.id(), List.of())))).toList();
    }

    public int count(long accountId) {
        return jdbc.sql("select count(*) from pipelines where account_id = ?").param(accountId).query(Integer.class).single();
    }

    public void insert(long accountId, long id, String name, int sort, boolean main, boolean unsortedOn, Instant now) {
        jdbc.sql("""
                insert into pipelines (account_id, id, name, sort, is_main, is_unsorted_on, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(accountId, id, name, sort, main, unsortedOn, Times.param(now), Times.param(now)).update();
    }

    public void update(long accountId, long id, String name, int sort, boolean main, boolean unsortedOn, Instant now) {
        jdbc.sql("update pipelines set name = ?, sort = ?, is_main = ?, is_unsorted_on = ?, updated_at = ? where account_id = ? and id = ?")
                .params(name, sort, main, unsortedOn, Times.param(now), accountId, id).update();
    }

    public void clearMain(long accountId, long exceptId) {
        jdbc.sql("update pipelines set is_main = false where account_id = ? and id <> ? and is_main")
                .params(accountId, exceptId).update();
    }

    public void delete(long accountId, long id) {
        jdbc.sql("delete from statuses where account_id = ? and pipeline_id = ?").params(accountId, id).update();
        jdbc.sql("delete from pipelines where account_id = ? and id = ?").params(accountId, id).update();
    }

    /** Locks the account's pipelines so that concurrent structure changes (limits, main flag) serialise. */
    public void lockAccount(long accountId) {
        jdbc.sql("select id from accounts where id = ? for update").param(accountId).query(Long.class).optional();
    }

    public void insertStage(Stage s, Instant now) {
        jdbc.sql("""
                insert into statuses (account_id, pipeline_id, id, name, sort, color, type, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(s.accountId(), s.pipelineId(), s.id(), s.name(), s.sort(), s.color(), s.type(), Times.param(now)).update();
    }

    public void updateStage(Stage s) {
        jdbc.sql("""
                update statuses set name = ?, sort = ?, color = ?, target_seconds = ?, win_probability = ?
                where account_id = ? and pipeline_id = ? and id = ?""")
                .params(s.name(), s.sort(), s.color(), s.targetSeconds(), s.winProbability(), s.accountId(), s.pipelineId(), s.id())
                .update();
    }

    public void deleteStage(long accountId, long pipelineId, long id) {
        jdbc.sql("delete from statuses where account_id = ? and pipeline_id = ? and id = ?").params(accountId, pipelineId, id).update();
    }

    public void touch(long accountId, long pipelineId, Instant now) {
        jdbc.sql("update pipelines set updated_at = ? where account_id = ? and id = ?")
                .params(Times.param(now), accountId, pipelineId).update();
    }
}
