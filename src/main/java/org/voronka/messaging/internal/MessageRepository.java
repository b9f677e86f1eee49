package org.voronka.messaging.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.messaging.MessagingSettings;
import org.voronka.messaging.OutboundMessage;
import org.voronka.shared.Times;

/** The accounts' messaging settings and the outbox of e-mails and SMS. */
@Repository
public class MessageRepository {

    private static final String SETTINGS = "smtp_host, smtp_port, smtp_user, smtp_password, smtp_from, smtp_security, sms_provider, sms_url, "
            + "sms_method, sms_content_type, sms_body";
    private static final String MESSAGE = "account_id, id, channel, recipient, subject, body, deal_id, rule_id, run_id, rule_name, user_id, "
            + "state, attempts, next_attempt_at, last_error, last_attempt_at, created_at, sent_at";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    MessageRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    // ---- settings ----

    public MessagingSettings settings(long accountId) {
        return jdbc.sql("select " + SETTINGS + " from messaging_settings where account_id = ?").params(accountId)
                .query(MessageRepository::settings).optional().orElse(MessagingSettings.none());
    }

    public void save(long accountId, MessagingSettings s, Instant now) {
        Object[] values = {s.smtpHost(), s.smtpPort(), s.smtpUser(), s.smtpPassword(), s.smtpFrom(), s.smtpSecurity(), s.smsProvider(),
                s.smsUrl(), s.smsMethod(), s.smsContentType(), s.smsBody(), Times.param(now), accountId};
        int updated = template.update("update messaging_settings set smtp_host = ?, smtp_port = ?, smtp_user = ?, smtp_password = ?, "
                + "smtp_from = ?, smtp_security = ?, sms_provider = ?, sms_url = ?, sms_method = ?, sms_content_type = ?, sms_body = ?, "
                + "updated_at = ? where account_id = ?", values);
        if (updated == 0) {
            template.update("insert into messaging_settings (" + SETTINGS + ", updated_at, account_id) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
        }
    }

    // ---- messages ----

    public void insert(OutboundMessage m) {
        jdbc.sql("insert into outbound_messages (" + MESSAGE + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(m.accountId(), m.id(), m.channel(), m.recipient(), m.subject(), m.body(), m.dealId(), m.ruleId(), m.runId(),
                        m.ruleName(), m.userId(), m.state(), m.attempts(), Times.param(m.nextAttemptAt()), m.lastError(),
                        Times.param(m.lastAttemptAt()), Times.param(m.createdAt()), Times.param(m.sentAt()))
                .update();
    }

    /**
     * Takes up to {@code limit} due messages and leases them until {@code leaseUntil}: rows another
     * node holds are skipped; a node that dies mid-send lets its lease run out.
     */
    public List<OutboundMessage> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<OutboundMessage> due = jdbc.sql("select " + MESSAGE + " from outbound_messages where state = 'pending' "
                        + "and next_attempt_at <= :now and (locked_until is null or locked_until <= :now) "
                        + "order by next_attempt_at limit :limit for update skip locked")
                .param("now", Times.param(now)).param("limit", limit).query(MessageRepository::message).list();
        if (!due.isEmpty()) {
            template.batchUpdate("update outbound_messages set locked_until = ? where account_id = ? and id = ?",
                    due.stream().map(m -> new Object[] {Times.param(leaseUntil), m.accountId(), m.id()}).toList());
        }
        return due;
    }

    /** The outcome of an attempt; {@code nextAttemptAt} null after a failure means no further attempt. */
    public void recordAttempt(OutboundMessage m, Instant at, boolean ok, String error, Instant nextAttemptAt) {
        String state = ok ? OutboundMessage.SENT : nextAttemptAt == null ? OutboundMessage.FAILED : OutboundMessage.PENDING;
        jdbc.sql("update outbound_messages set state = ?, attempts = attempts + 1, next_attempt_at = ?, locked_until = null, "
                        + "last_error = ?, last_attempt_at = ?, sent_at = ? where account_id = ? and id = ?")
                .params(state, Times.param(nextAttemptAt == null ? at : nextAttemptAt), error, Times.param(at), Times.param(ok ? at : null),
                        m.accountId(), m.id())
                .update();
    }

    public Optional<OutboundMessage> message(long accountId, long id) {
        return jdbc.sql("select " + MESSAGE + " from outbound_messages where account_id = ? and id = ?")
                .params(accountId, id).query(MessageRepository::message).optional();
    }

    /** Newest first; {@code state} null for all. */
    public List<OutboundMessage> messages(long accountId, String state, int offset, int limit) {
        return jdbc.sql("select " + MESSAGE + " from outbound_messages where account_id = :a" + (state == null ? "" : " and state = :s")
                        + " order by created_at desc, id desc offset :o rows fetch next :l rows only")
                .param("a", accountId).param("s", state).param("o", offset).param("l", limit)
                .query(MessageRepository::message).list();
    }

    public int count(long accountId, String state) {
        return jdbc.sql("select count(*) from outbound_messages where account_id = ? and state = ?").params(accountId, state)
                .query(Integer.class).single();
    }

    /** Sends a failed message again now, with a fresh round of retries. */
    public boolean retry(long accountId, long id, Instant now) {
        return jdbc.sql("update outbound_messages set state = 'pending', attempts = 0, next_attempt_at = ?, locked_until = null "
                        + "where account_id = ? and id = ? and state = 'failed'")
                .params(Times.param(now), accountId, id).update() == 1;
    }

    /** Forgets sent messages created before the instant (dead letters stay). */
    public int purge(Instant sentBefore) {
        return jdbc.sql("delete from outbound_messages where state = 'sent' and created_at < ?").params(Times.param(sentBefore)).update();
    }

    private static MessagingSettings settings(ResultSet rs, int row) throws SQLException {
        int port = rs.getInt("smtp_port");
        Integer smtpPort = rs.wasNull() ? null : port;
        return new MessagingSettings(rs.getString("smtp_host"), smtpPort, rs.getString("smtp_user"), rs.getString("smtp_password"),
                rs.getString("smtp_from"), rs.getString("smtp_security"), rs.getString("sms_provider"), rs.getString("sms_url"),
                rs.getString("sms_method"), rs.getString("sms_content_type"), rs.getString("sms_body"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static OutboundMessage message(ResultSet rs, int row) throws SQLException {
        return new OutboundMessage(rs.getLong("account_id"), rs.getLong("id"), rs.getString("channel"), rs.getString("recipient"),
                rs.getString("subject"), rs.getString("body"), nullableLong(rs, "deal_id"), nullableLong(rs, "rule_id"),
                nullableLong(rs, "run_id"), rs.getString("rule_name"), rs.getLong("user_id"), rs.getString("state"), rs.getInt("attempts"),
                Times.instant(rs.getObject("next_attempt_at")), rs.getString("last_error"), Times.instant(rs.getObject("last_attempt_at")),
                Times.instant(rs.getObject("created_at")), Times.instant(rs.getObject("sent_at")));
    }
}
