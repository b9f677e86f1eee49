package org.voronka.webhook.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.shared.Times;
import org.voronka.webhook.Delivery;
import org.voronka.webhook.Webhook;

/** The webhooks, their deliveries and the log of attempts. */
@Repository
public class WebhookRepository {

    private static final String HOOK = "account_id, id, destination, settings, sort, disabled, disabled_reason, disabled_at, secret, "
            + "created_by, created_at, updated_at";
    private static final String DELIVERY = "account_id, id, webhook_id, destination, event, body, state, attempts, next_attempt_at, last_status, "
            + "last_error, last_attempt_at, created_at";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    WebhookRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    // ---- hooks ----

    public List<Webhook> hooks(long accountId, String destination) {
        return jdbc.sql("select " + HOOK + " from webhooks where account_id = :a"
                        + (destination == null ? "" : " and destination = :d") + " order by sort, id")
                .param("a", accountId).param("d", destination).query(WebhookRepository::hook).list();
    }

    /** The hooks that receive events now: the enabled ones. */
    public List<Webhook> activeHooks(long accountId) {
        return jdbc.sql("select " + HOOK + " from webhooks where account_id = ? and not disabled order by sort, id")
                .params(accountId).query(WebhookRepository::hook).list();
    }

    public Optional<Webhook> hook(long accountId, long id) {
        return jdbc.sql("select " + HOOK + " from webhooks where account_id = ? and id = ?")
                .params(accountId, id).query(WebhookRepository::hook).optional();
    }

    public int count(long accountId) {
        return jdbc.sql("select count(*) from webhooks where account_id = ?").params(accountId).query(Integer.class).single();
    }

    public void insert(Webhook h) {
        jdbc.sql("insert into webhooks (" + HOOK + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(h.accountId(), h.id(), h.destination(), String.join(",", h.settings()), h.sort(), h.disabled(),
                        h.disabledReason(), Times.param(h.disabledAt()), h.secret(), h.createdBy(), Times.param(h.createdAt()),
                        Times.param(h.updatedAt()))
                .update();
    }

    /** New settings and sort; subscribing again also switches a disabled hook back on. */
    public void resubscribe(long accountId, long id, List<String> settings, int sort, Instant now) {
        jdbc.sql("update webhooks set settings = ?, sort = ?, disabled = false, disabled_reason = null, disabled_at = null, "
                        + "updated_at = ? where account_id = ? and id = ?")
                .params(String.join(",", settings), sort, Times.param(now), accountId, id).update();
    }

    public void delete(long accountId, long id) {
        jdbc.sql("delete from webhook_attempts where account_id = ? and webhook_id = ?").params(accountId, id).update();
        jdbc.sql("delete from webhook_deliveries where account_id = ? and webhook_id = ?").params(accountId, id).update();
        jdbc.sql("delete from webhooks where account_id = ? and id = ?").params(accountId, id).update();
    }

    /** Switches a hook off unless it already is; true when this call did it. */
    public boolean disable(long accountId, long id, String reason, Instant now) {
        return jdbc.sql("update webhooks set disabled = true, disabled_reason = ?, disabled_at = ?, updated_at = ? "
                        + "where account_id = ? and id = ? and not disabled")
                .params(reason, Times.param(now), Times.param(now), accountId, id).update() == 1;
    }

    // ---- deliveries ----

    public void insertDeliveries(List<Delivery> rows) {
        template.batchUpdate("insert into webhook_deliveries (" + DELIVERY + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows.stream().map(d -> new Object[] {d.accountId(), d.id(), d.webhookId(), d.destination(), d.event(), d.body(), d.state(), d.attempts(),
                        Times.param(d.nextAttemptAt()), d.lastStatus(), d.lastError(), Times.param(d.lastAttemptAt()),
                        Times.param(d.createdAt())}).toList());
    }

    /**
     * Takes up to {@code limit} due deliveries of enabled hooks and leases them until
     * {@code leaseUntil}: rows another node holds are skipped, so each attempt is made by one node;
     * a node that dies mid-send lets its lease run out and another node makes the attempt.
     */
    public List<Delivery> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<Delivery> due = jdbc.sql("select " + DELIVERY + " from webhook_deliveries d where state = 'pending' "
                        + "and next_attempt_at <= :now and (locked_until is null or locked_until <= :now) "
                        + "and (d.webhook_id is null or exists (select 1 from webhooks w where w.account_id = d.account_id and w.id = d.webhook_id "
                        + "and not w.disabled)) "
                        + "order by next_attempt_at limit :limit for update skip locked")
                .param("now", Times.param(now)).param("limit", limit).query(WebhookRepository::delivery).list();
        if (!due.isEmpty()) {
            template.batchUpdate("update webhook_deliveries set locked_until = ? where account_id = ? and id = ?",
                    due.stream().map(d -> new Object[] {Times.param(leaseUntil), d.accountId(), d.id()}).toList());
        }
        return due;
    }

    public Optional<Delivery> delivery(long accountId, long id) {
        return jdbc.sql("select " + DELIVERY + " from webhook_deliveries where account_id = ? and id = ?")
                .params(accountId, id).query(WebhookRepository::delivery).optional();
    }

    /** Newest first; {@code state} null for all. */
    public List<Delivery> deliveries(long accountId, long webhookId, String state, int offset, int limit) {
        return jdbc.sql("select " + DELIVERY + " from webhook_deliveries where account_id = :a and webhook_id = :w"
                        + (state == null ? "" : " and state = :s") + " order by created_at desc, id desc offset :o rows fetch next :l rows only")
                .param("a", accountId).param("w", webhookId).param("s", state).param("o", offset).param("l", limit)
                .query(WebhookRepository::delivery).list();
    }

    /** The outcome of an attempt; {@code nextAttemptAt} null means no further attempt. */
    public void recordAttempt(Delivery d, Instant at, Integer status, boolean ok, String error, Instant nextAttemptAt) {
        String state = ok ? Delivery.DELIVERED : nextAttemptAt == null ? Delivery.FAILED : Delivery.PENDING;
        jdbc.sql("update webhook_deliveries set state = ?, attempts = attempts + 1, next_attempt_at = ?, locked_until = null, "
                        + "last_status = ?, last_error = ?, last_attempt_at = ? where account_id = ? and id = ?")
                .params(state, Times.param(nextAttemptAt == null ? at : nextAttemptAt), status, error, Times.param(at),
                        d.accountId(), d.id())
                .update();
        if (d.webhookId() != null) {
            jdbc.sql("insert into webhook_attempts (account_id, webhook_id, delivery_id, attempted_at, status, ok, error) "
                            + "values (?, ?, ?, ?, ?, ?, ?)")
                    .params(d.accountId(), d.webhookId(), d.id(), Times.param(at), status, ok, error).update();
        }
    }

    /** Sends a failed delivery again now, with a fresh round of retries. */
    public boolean retry(long accountId, long id, Instant now) {
        return jdbc.sql("update webhook_deliveries set state = 'pending', attempts = 0, next_attempt_at = ?, locked_until = null "
                        + "where account_id = ? and id = ? and state = 'failed'")
                .params(Times.param(now), accountId, id).update() == 1;
    }

    /** Dead letters per hook of the account. */
    public java.util.Map<Long, Integer> failedCounts(long accountId) {
        java.util.Map<Long, Integer> counts = new java.util.HashMap<>();
        jdbc.sql("select webhook_id, count(*) from webhook_deliveries where account_id = ? and state = 'failed' group by webhook_id")
                .params(accountId).query((rs, i) -> counts.put(rs.getLong(1), rs.getInt(2))).list();
        return counts;
    }

    public int invalidAnswersSince(long accountId, long webhookId, Instant since) {
        return jdbc.sql("select count(*) from webhook_attempts where account_id = ? and webhook_id = ? and attempted_at >= ? and not ok")
                .params(accountId, webhookId, Times.param(since)).query(Integer.class).single();
    }

    /** Forgets delivered deliveries and attempts older than the given instants. */
    public int purge(Instant deliveredBefore, Instant attemptsBefore) {
        int n = jdbc.sql("delete from webhook_deliveries where state = 'delivered' and created_at < ?")
                .params(Times.param(deliveredBefore)).update();
        n += jdbc.sql("delete from webhook_attempts where attempted_at < ?").params(Times.param(attemptsBefore)).update();
        return n;
    }

    private static Webhook hook(ResultSet rs, int row) throws SQLException {
        String settings = rs.getString("settings");
        return new Webhook(rs.getLong("account_id"), rs.getLong("id"), rs.getString("destination"),
                settings.isEmpty() ? List.of() : Arrays.asList(settings.split(",")), rs.getInt("sort"), rs.getBoolean("disabled"),
                rs.getString("disabled_reason"), Times.instant(rs.getObject("disabled_at")), rs.getString("secret"),
                rs.getLong("created_by"), Times.instant(rs.getObject("created_at")), Times.instant(rs.getObject("updated_at")));
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        int status = rs.getInt("last_status");
        Integer lastStatus = rs.wasNull() ? null : status;
        long hook = rs.getLong("webhook_id");
        Long webhookId = rs.wasNull() ? null : hook;
        return new Delivery(rs.getLong("account_id"), rs.getLong("id"), webhookId, rs.getString("destination"), rs.getString("event"),
                rs.getString("body"), rs.getString("state"), rs.getInt("attempts"), Times.instant(rs.getObject("next_attempt_at")),
                lastStatus, rs.getString("last_error"), Times.instant(rs.getObject("last_attempt_at")),
                Times.instant(rs.getObject("created_at")));
    }
}
