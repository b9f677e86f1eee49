package org.voronka.account.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.account.ApiTokens.TokenInfo;
import org.voronka.shared.Actor;
import org.voronka.shared.Times;

@Repository
public class TokenRepository {

    private final JdbcClient jdbc;

    TokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(long accountId, String id, long userId, String name, long createdBy, Instant now, Instant expires) {
        jdbc.sql("""
                insert into api_tokens (account_id, id, user_id, name, created_by, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(accountId, id, userId, name, createdBy, Times.param(now), Times.param(expires)).update();
    }

    public List<TokenInfo> list(long accountId) {
        return jdbc.sql("select * from api_tokens where account_id = ? order by created_at desc").param(accountId)
                .query((rs, n) -> new TokenInfo(rs.getString("id"), rs.getLong("user_id"), rs.getString("name"),
                        Times.instant(rs.getObject("created_at", OffsetDateTime.class)),
                        Times.instant(rs.getObject("expires_at", OffsetDateTime.class)),
                        Times.instant(rs.getObject("revoked_at", OffsetDateTime.class))))
                .list();
    }

    public boolean revoke(long accountId, String id, Instant now) {
        return jdbc.sql("update api_tokens set revoked_at = ? where account_id = ? and id = ? and revoked_at is null")
                .params(Times.param(now), accountId, id).update() == 1;
    }

    public Optional<Actor> activeActor(long accountId, String id, Instant now) {
        return jdbc.sql("""
                select u.account_id, u.id, u.is_admin, u.lang from api_tokens t
                join users u on u.account_id = t.account_id and u.id = t.user_id
                where t.account_id = ? and t.id = ? and t.revoked_at is null and t.expires_at > ? and u.is_active""")
                .params(accountId, id, Times.param(now))
                .query((rs, n) -> new Actor(rs.getLong(1), rs.getLong(2), rs.getBoolean(3), rs.getString(4)))
                .optional();
    }
}
