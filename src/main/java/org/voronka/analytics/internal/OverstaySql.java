package org.voronka.analytics.internal;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.voronka.shared.Times;

/**
 * The queries of the overstay reminders: the stages with a target duration, the deals whose stay
 * in such a stage falls due in a window, and the record of the stays already reminded of.
 */
@Repository
public class OverstaySql {

    private final JdbcTemplate jdbc;

    OverstaySql(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An open stage of a pipeline that is not archived, with its target duration in seconds. */
    public record TargetStage(long accountId, long pipelineId, long statusId, String name, long targetSeconds) {}

    /** A deal standing in a stage since {@code enteredAt}, by the move {@code transitionId}. */
    public record Stay(long transitionId, long dealId, String dealName, long responsibleUserId, Instant enteredAt) {}

    public List<TargetStage> targetStages() {
        return jdbc.query("""
                select s.account_id, s.pipeline_id, s.id, s.name, s.target_seconds
                from statuses s join pipelines p on p.account_id = s.account_id and p.id = s.pipeline_id
                where s.target_seconds is not null and s.id not in (142, 143) and p.is_archive = false
                order by s.account_id, s.pipeline_id, s.id""", (rs, n) -> new TargetStage(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                rs.getString(4), rs.getLong(5)));
    }

    /**
     * Deals of the stage that entered it in [since, until] and stand there still (the move into
     * it is their last one), whose stay has not been reminded of; at most {@code limit}, by move.
     * One range of {@code ix_transitions_pipeline}, then a probe per deal.
     */
    public List<Stay> unremindedStays(TargetStage stage, Instant since, Instant until, int limit) {
        return jdbc.query("""
                select t.id, t.deal_id, d.name, d.responsible_user_id, t.moved_at
                from stage_transitions t
                join deals d on d.account_id = t.account_id and d.id = t.deal_id
                where t.account_id = ? and t.to_pipeline_id = ? and t.moved_at >= ? and t.moved_at <= ? and t.to_status_id = ?
                  and t.merged_into is null
                  and d.is_deleted = false and d.pipeline_id = t.to_pipeline_id and d.status_id = t.to_status_id
                  and not exists (select 1 from stage_transitions l where l.account_id = t.account_id and l.deal_id = t.deal_id
                                  and l.id > t.id)
                  and not exists (select 1 from overstay_reminders r where r.account_id = t.account_id and r.transition_id = t.id)
                order by t.id
                limit ?""", (rs, n) -> new Stay(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                Times.instant(rs.getObject(5))), stage.accountId(), stage.pipelineId(), Times.param(since), Times.param(until),
                stage.statusId(), limit);
    }

    /** Records that a stay was reminded of; a second record of the same stay fails on the primary key. */
    public void remember(long accountId, Stay stay, Instant dueAt, Instant now) {
        jdbc.update("insert into overstay_reminders (account_id, transition_id, deal_id, due_at, reminded_at) values (?, ?, ?, ?, ?)",
                accountId, stay.transitionId(), stay.dealId(), Times.param(dueAt), Times.param(now));
    }

    /** Forgets the stays that fell due before {@code before}: the job never looks at them again. */
    public int forgetDueBefore(Instant before) {
        return jdbc.update("delete from overstay_reminders where due_at < ?", Times.param(before));
    }
}
