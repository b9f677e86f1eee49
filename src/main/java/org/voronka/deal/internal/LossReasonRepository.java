package org.voronka.deal.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.deal.LossReason;
import org.voronka.shared.Times;

@Repository
public class LossReasonRepository {

    private final JdbcClient jdbc;

    LossReasonRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<LossReason> all(long accountId) {
        return jdbc.sql("select * from loss_reasons where account_id = ? order by sort, id").param(accountId)
                .query(LossReasonRepository::reason).list();
    }

    public Optional<LossReason> find(long accountId, long id) {
        return jdbc.sql("select * from loss_reasons where account_id = ? and id = ?").params(accountId, id)
                .query(LossReasonRepository::reason).optional();
    }

    private static LossReason reason(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new LossReason(rs.getLong("id"), rs.getString("name"), rs.getInt("sort"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    public Set<Long> existingIds(long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select id from loss_reasons where account_id = :a and id in (:ids)")
                .param("a", accountId).param("ids", ids).query(Long.class).list());
    }

    public void insert(long accountId, LossReason r) {
        jdbc.sql("insert into loss_reasons (account_id, id, name, sort, created_at, updated_at) values (?, ?, ?, ?, ?, ?)")
                .params(accountId, r.id(), r.name(), r.sort(), Times.param(r.createdAt()), Times.param(r.updatedAt())).update();
    }

    public void update(long accountId, LossReason r) {
        jdbc.sql("update loss_reasons set name = ?, sort = ?, updated_at = ? where account_id = ? and id = ?")
                .params(r.name(), r.sort(), Times.param(r.updatedAt()), accountId, r.id()).update();
    }

    public boolean delete(long accountId, long id) {
        return jdbc.sql("delete from loss_reasons where account_id = ? and id = ?").params(accountId, id).update() == 1;
    }

    /** The deals not in the trash that have the reason. */
    public List<Long> liveDealsWith(long accountId, long id) {
        return jdbc.sql("select id from deals where account_id = ? and loss_reason_id = ? and is_deleted = false order by id")
                .params(accountId, id).query(Long.class).list();
    }

    public int clearFromDeals(long accountId, long id) {
        return jdbc.sql("update deals set loss_reason_id = null where account_id = ? and loss_reason_id = ?")
                .params(accountId, id).update();
    }
}
