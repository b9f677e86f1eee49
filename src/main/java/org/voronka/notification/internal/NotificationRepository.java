package org.voronka.notification.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.notification.Notification;
import org.voronka.shared.Times;

/** Notifications and the users' wish to get them by e-mail. */
@Repository
public class NotificationRepository {

    private static final String COLUMNS = "account_id, id, user_id, kind, deal_id, text, created_at, read_at";

    private final JdbcClient jdbc;

    NotificationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Notification n) {
        jdbc.sql("insert into notifications (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(n.accountId(), n.id(), n.userId(), n.kind(), n.dealId(), n.text(), Times.param(n.createdAt()),
                        Times.param(n.readAt()))
                .update();
    }

    /** Newest first. */
    public List<Notification> list(long accountId, long userId, boolean unreadOnly, int offset, int limit) {
        return jdbc.sql("select " + COLUMNS + " from notifications where account_id = :a and user_id = :u"
                        + (unreadOnly ? " and read_at is null" : "") + " order by created_at desc, id desc offset :o rows fetch next :l rows only")
                .param("a", accountId).param("u", userId).param("o", offset).param("l", limit)
                .query(NotificationRepository::notification).list();
    }

    public int unread(long accountId, long userId) {
        return jdbc.sql("select count(*) from notifications where account_id = ? and user_id = ? and read_at is null")
                .params(accountId, userId).query(Integer.class).single();
    }

    /** Marks the user's notification read; false when there is none such (or it was read already). */
    public boolean markRead(long accountId, long userId, long id, Instant at) {
        return jdbc.sql("update notifications set read_at = ? where account_id = ? and user_id = ? and id = ? and read_at is null")
                .params(Times.param(at), accountId, userId, id).update() == 1;
    }

    public int markAllRead(long accountId, long userId, Instant at) {
        return jdbc.sql("update notifications set read_at = ? where account_id = ? and user_id = ? and read_at is null")
                .params(Times.param(at), accountId, userId).update();
    }

    public boolean exists(long accountId, long userId, long id) {
        return jdbc.sql("select count(*) from notifications where account_id = ? and user_id = ? and id = ?")
                .params(accountId, userId, id).query(Integer.class).single() == 1;
    }

    public boolean byEmail(long accountId, long userId) {
        return jdbc.sql("select by_email from notification_preferences where account_id = ? and user_id = ?")
                .params(accountId, userId).query(Boolean.class).optional().orElse(false);
    }

    public void setByEmail(long accountId, long userId, boolean byEmail) {
        if (jdbc.sql("update notification_preferences set by_email = ? where account_id = ? and user_id = ?")
                .params(byEmail, accountId, userId).update() == 0) {
            jdbc.sql("insert into notification_preferences (account_id, user_id, by_email) values (?, ?, ?)")
                    .params(accountId, userId, byEmail).update();
        }
    }

    private static Notification notification(ResultSet rs, int row) throws SQLException {
        long deal = rs.getLong("deal_id");
        Long dealId = rs.wasNull() ? null : deal;
        return new Notification(rs.getLong("account_id"), rs.getLong("id"), rs.getLong("user_id"), rs.getString("kind"), dealId,
                rs.getString("text"), Times.instant(rs.getObject("created_at")), Times.instant(rs.getObject("read_at")));
    }
}
