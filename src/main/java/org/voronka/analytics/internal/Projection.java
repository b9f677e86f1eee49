package org.voronka.analytics.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Keeps {@code analytics_entries} and {@code analytics_stays} (V26, ADR 20) equal to what the
 * recorded history says, in the transaction of the change. A move within a pipeline and new deal
 * values are applied to the rows as they are ({@link #apply}, ADR 22); anything else rewrites the
 * changed deals' rows from their transitions with the statements that backfilled them
 * ({@link #refresh}), a few hundred deals per statement. Deal ids are written as numbers (see
 * {@link Literals}).
 */
@Repository
public class Projection {

    private static final int CHUNK = 500;

    private final JdbcTemplate jdbc;
    private final StayLengths lengths;
    private final FunnelHistograms histograms;
    private final WonDurations wonDurations;

    Projection(JdbcTemplate jdbc, StayLengths lengths, FunnelHistograms histograms, WonDurations wonDurations) {
        this.jdbc = jdbc;
        this.lengths = lengths;
        this.histograms = histograms;
        this.wonDurations = wonDurations;
    }

    /** Writes the rows of these deals again (none for deals in the trash). */
    public void refresh(long accountId, Collection<Long> dealIds) {
        List<Long> ids = dealIds.stream().distinct().sorted().toList();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            String in = in(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
            // stays are found through their entries (the stays have no index by deal: each is one more write per move)
            String stays = "analytics_entries se join analytics_stays st on st.account_id = se.account_id and st.entry_id = se.entry_id "
                    + "where se.account_id = " + accountId + " and se.deal_id in " + in;
            String entries = "e.account_id = " + accountId + " and e.deal_id in " + in;
            lengths.record(-1, stays);
            recordEntries(-1, entries);
            jdbc.update("delete from analytics_stays where account_id = " + accountId + " and entry_id in (select entry_id from "
                    + "analytics_entries where account_id = " + accountId + " and deal_id in " + in + ")");
            jdbc.update("delete from analytics_entries where account_id = " + accountId + " and deal_id in " + in);
            jdbc.update(ENTRIES.replace("/*deals*/", " and t.account_id = " + accountId + " and t.deal_id in " + in));
            jdbc.update(STAYS.replace("/*entries*/", " where e.account_id = " + accountId + " and e.deal_id in " + in)
                    .replace("/*deals*/", " and t.account_id = " + accountId + " and t.deal_id in " + in));
            lengths.record(1, stays);
            recordEntries(1, entries);
        }
    }

    /**
     * Applies changes that need no recomputation from the whole history: one move of a deal
     * within its pipeline ({@code moved}) and new current values of a deal ({@code valued}: budget,
     * responsible user, department, source, loss reason). A move updates the deal's entries into
     * the pipeline (furthest stage, outcome, last move, stage lost from), closes its open stay and
     * opens the next one; the entries' responsible user, department and source are copied to their
     * stays. Returns the moved deals it
     * could not apply as one move after what the rows already say (to be refreshed instead).
     */
    public Set<Long> apply(long accountId, Collection<Long> moved, Collection<Long> valued) {
        Set<Long> movedSet = new HashSet<>(moved);
        Set<Long> valuedSet = new HashSet<>(valued);
        List<Long> ids = java.util.stream.Stream.concat(moved.stream(), valued.stream()).distinct().sorted().toList();
        Set<Long> unapplied = new HashSet<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
            List<Long> movers = chunk.stream().filter(movedSet::contains).toList();
            List<Long> transitions = new ArrayList<>();
            if (!movers.isEmpty()) {
                unapplied.addAll(movers);
                Map<Long, List<long[]>> newMoves = new HashMap<>();
                jdbc.query(NEW_MOVES.replace(":a", "" + accountId).replace(":deals", in(movers)), rs -> {
                    newMoves.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                });
                newMoves.forEach((deal, rows) -> {
                    if (rows.size() == 1 && rows.get(0)[1] == rows.get(0)[2]) {
                        unapplied.remove(deal);
                        transitions.add(rows.get(0)[0]);
                    }
                });
            }
            List<Long> deals = chunk.stream().filter(id -> !unapplied.contains(id)).toList();
            if (deals.isEmpty()) {
                continue;
            }
            String a = "" + accountId;
            // a move leaves the deal's values as they are: only deals with new values have them copied (a mass move skips it)
            List<Long> revalued = deals.stream().filter(valuedSet::contains).toList();
            // the entries' budget, outcome, furthest stage and loss, and the stages visited: the funnel's part of them
            String entries = "e.account_id = " + accountId + " and e.deal_id in " + in(deals);
            recordEntries(-1, entries);
            if (!revalued.isEmpty()) {
                jdbc.update(ENTRY_VALUES.replace(":a", a).replace(":deals", in(revalued)));
            }
            if (!transitions.isEmpty()) {
                String t = in(transitions);
                // the stays of the stages a deal leaves and enters: their lengths leave the histogram and come back changed
                String stays = MOVED_STAYS.replace(":a", a).replace(":transitions", t);
                lengths.record(-1, stays);
                jdbc.update(CLOSE_STAYS.replace(":a", a).replace(":transitions", t));
                jdbc.update(ENTRY_MOVES.replace(":a", a).replace(":transitions", t));
                jdbc.update(OPEN_STAYS.replace(":a", a).replace(":transitions", t));
                jdbc.update(STAGE_TOTALS.replace(":a", a).replace(":transitions", t));
                lengths.record(1, stays);
            }
            recordEntries(1, entries);
            if (!revalued.isEmpty()) {
                jdbc.update(STAY_VALUES.replace(":a", a).replace(":deals", in(revalued)));
            }
        }
        return unapplied;
    }

    /** The entries' part (a condition on alias e) in the histograms kept per entry: the funnel's and the forecast's. */
    private void recordEntries(int sign, String entries) {
        histograms.record(sign, entries);
        wonDurations.record(sign, entries);
    }

    private static String in(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * The moves of these deals after the last move the projection knows of them (deal, transition,
     * from and to pipeline): an index range per deal. None for a deal without rows (in the trash).
     */
    private static final String NEW_MOVES = """
            select t.deal_id, t.id, coalesce(t.from_pipeline_id, 0), t.to_pipeline_id
            from (select e.account_id, e.deal_id, max(e.last_id) as known from analytics_entries e
                  where e.account_id = :a and e.deal_id in :deals group by e.account_id, e.deal_id) k
            join stage_transitions t on t.account_id = k.account_id and t.deal_id = k.deal_id and t.id > k.known
            where t.merged_into is null
            """;

    /** The deal's values on its entries; rows that already hold them are not written (every write updates the covering indexes). */
    private static final String ENTRY_VALUES = """
            merge into analytics_entries e
            using (select account_id, id, price, responsible_user_id, group_id, source_id, loss_reason_id from deals
                   where account_id = :a and id in :deals) d
            on (e.account_id = d.account_id and e.deal_id = d.id)
            when matched and (e.price <> d.price or e.responsible_user_id <> d.responsible_user_id or e.group_id <> d.group_id
                              or e.source_id is distinct from d.source_id or e.loss_reason_id is distinct from d.loss_reason_id)
            then update set price = d.price, responsible_user_id = d.responsible_user_id, group_id = d.group_id,
                 source_id = d.source_id, loss_reason_id = d.loss_reason_id
            """;

    /** What the entries' columns computed in {@link #ENTRIES} become after one more move within the pipeline. */
    private static final String ENTRY_MOVES = """
            merge into analytics_entries e
            using (select t.account_id, t.id, t.deal_id, t.to_pipeline_id, t.to_status_id, t.from_pipeline_id, t.from_status_id,
                          t.moved_at, s.sort
                   from stage_transitions t
                   left join statuses s on s.account_id = t.account_id and s.pipeline_id = t.to_pipeline_id and s.id = t.to_status_id
                   where t.account_id = :a and t.id in :transitions) t
            on (e.account_id = t.account_id and e.deal_id = t.deal_id and e.pipeline_id = t.to_pipeline_id)
            when matched then update set
                 furthest_sort = case when t.to_status_id <> 143 and t.sort is not null
                                           and (e.furthest_sort is null or t.sort > e.furthest_sort) then t.sort
                                      else e.furthest_sort end,
                 outcome = case when t.to_status_id = 142 then 'won' when t.to_status_id = 143 then 'lost' else 'open' end,
                 lost_id = case when t.to_status_id = 143 then t.id else e.lost_id end,
                 lost_from = case when t.to_status_id = 143 then t.from_status_id else e.lost_from end,
                 last_id = t.id,
                 last_at = t.moved_at
            """;

    /**
     * The deal's stay before the move ends when the move happens: the stay of each entry's last
     * move, found by its key; run before {@link #ENTRY_MOVES} makes the new move the last one.
     */
    private static final String CLOSE_STAYS = """
            merge into analytics_stays s
            using (select e.account_id, e.entry_id, e.last_id, t.moved_at from stage_transitions t
                   join analytics_entries e on e.account_id = t.account_id and e.deal_id = t.deal_id and e.pipeline_id = t.to_pipeline_id
                   where t.account_id = :a and t.id in :transitions) x
            on (s.account_id = x.account_id and s.entry_id = x.entry_id and s.transition_id = x.last_id)
            when matched then update set stay_end = x.moved_at,
                 seconds = cast(extract(epoch from x.moved_at) as double precision) - cast(extract(epoch from s.stay_start) as double precision),
                 total_seconds = case when s.first_visit and cast(extract(epoch from x.moved_at) as double precision)
                                      - cast(extract(epoch from s.stay_start) as double precision) >= %1$d
                                 then cast(extract(epoch from x.moved_at) as double precision)
                                      - cast(extract(epoch from s.stay_start) as double precision) end
            """.formatted(StayLengths.THRESHOLD);

    /**
     * The stays (alias {@code st}) in the stages the moves leave and enter, of every entry of the
     * deal into the pipeline, as a {@code from} clause for {@link StayLengths#record}.
     */
    private static final String MOVED_STAYS = """
            stage_transitions t
            join analytics_entries se on se.account_id = t.account_id and se.deal_id = t.deal_id and se.pipeline_id = t.to_pipeline_id
            join analytics_stays st on st.account_id = se.account_id and st.entry_id = se.entry_id
                 and st.status_id in (t.from_status_id, t.to_status_id)
            where t.account_id = :a and t.id in :transitions""";

    /**
     * A deal's total time in a stage, on the stay of its first visit, once the deal has left it:
     * {@link #CLOSE_STAYS} sets it when the first visit ends (and a new stay is opened without
     * one), this statement when a later visit ends or begins: only stages visited more than once
     * (rows that already hold the value are not written).
     */
    private static final String STAGE_TOTALS = """
            merge into analytics_stays s
            using (select st.account_id, st.entry_id, st.status_id,
                          case when count(*) = count(st.seconds) then sum(case when st.seconds >= %1$d then st.seconds end) end as total
                   from %2$s
                   group by st.account_id, st.entry_id, st.status_id
                   having count(*) > 1) x
            on (s.account_id = x.account_id and s.entry_id = x.entry_id and s.status_id = x.status_id and s.first_visit = true)
            when matched and (s.total_seconds is distinct from x.total) then update set total_seconds = x.total
            """.formatted(StayLengths.THRESHOLD, MOVED_STAYS);

    /** A move into an open stage starts a stay in every entry of the deal into the pipeline. */
    private static final String OPEN_STAYS = """
            insert into analytics_stays (account_id, entry_id, transition_id, deal_id, pipeline_id, entered_at, prev_entered_at,
                                         responsible_user_id, group_id, source_id, status_id, stay_start, stay_end, first_visit)
            select e.account_id, e.entry_id, t.id, e.deal_id, e.pipeline_id, e.entered_at, e.prev_entered_at,
                   e.responsible_user_id, e.group_id, e.source_id, t.to_status_id, t.moved_at, null,
                   case when exists (select 1 from analytics_stays v where v.account_id = e.account_id and v.entry_id = e.entry_id
                                     and v.status_id = t.to_status_id) then false else true end
            from stage_transitions t
            join analytics_entries e on e.account_id = t.account_id and e.deal_id = t.deal_id and e.pipeline_id = t.to_pipeline_id
            where t.account_id = :a and t.id in :transitions and t.to_status_id not in (142, 143)
            """;

    /** The stays carry their entry's values the report filters look at (a move changes none of them: no stay is written). */
    private static final String STAY_VALUES = """
            merge into analytics_stays s
            using (select account_id, entry_id, responsible_user_id, group_id, source_id
                   from analytics_entries where account_id = :a and deal_id in :deals) e
            on (s.account_id = e.account_id and s.entry_id = e.entry_id)
            when matched and (s.responsible_user_id <> e.responsible_user_id or s.group_id <> e.group_id
                              or s.source_id is distinct from e.source_id)
            then update set responsible_user_id = e.responsible_user_id, group_id = e.group_id, source_id = e.source_id
            """;

    /**
     * The stage order of a pipeline changed: the furthest stage reached is read again from the
     * history, and the won durations by stage range are computed again.
     */
    public void reordered(long accountId, long pipelineId) {
        String entries = "e.account_id = " + accountId + " and e.pipeline_id = " + pipelineId;
        histograms.record(-1, entries);
        jdbc.update("""
                update analytics_entries set furthest_sort = (
                  select max(s.sort) from stage_transitions m
                  join statuses s on s.account_id = m.account_id and s.pipeline_id = m.to_pipeline_id and s.id = m.to_status_id
                  where m.account_id = analytics_entries.account_id and m.deal_id = analytics_entries.deal_id
                    and m.to_pipeline_id = analytics_entries.pipeline_id and m.id >= analytics_entries.entry_id
                    and m.to_status_id <> 143 and m.merged_into is null)
                where account_id = ? and pipeline_id = ?""", accountId, pipelineId);
        histograms.record(1, entries);
        wonDurations.reordered(accountId, pipelineId);
    }

    /** As in V26; {@code deals} limits the transitions read. */
    private static final String ENTRIES = """
            insert into analytics_entries (account_id, entry_id, deal_id, pipeline_id, entered_at, prev_entered_at, price,
                                           responsible_user_id, group_id, source_id, loss_reason_id, furthest_sort, outcome, lost_from,
                                           lost_id, last_id, last_at)
            select x.account_id, x.entry_id, x.deal_id, x.pipeline_id, x.entered_at, x.prev_entered_at, x.price, x.responsible_user_id,
                   x.group_id, x.source_id, x.loss_reason_id, x.furthest_sort,
                   case when l.to_status_id = 142 then 'won' when l.to_status_id = 143 then 'lost'
                        when x.deal_pipeline_id <> x.pipeline_id then 'moved_out' else 'open' end,
                   case when lt.from_pipeline_id = x.pipeline_id then lt.from_status_id end,
                   x.lost_id, l.id, l.moved_at
            from (
              select e.account_id, e.id as entry_id, e.deal_id, e.to_pipeline_id as pipeline_id, e.moved_at as entered_at,
                     e.prev_entered_at, d.price, d.responsible_user_id, d.group_id, d.source_id, d.loss_reason_id,
                     d.pipeline_id as deal_pipeline_id,
                     max(case when m.to_status_id <> 143 then s.sort end) as furthest_sort,
                     max(m.id) as last_id,
                     max(case when m.to_status_id = 143 then m.id end) as lost_id
              from (select t.account_id, t.id, t.deal_id, t.to_pipeline_id, t.moved_at,
                           lag(t.moved_at) over (partition by t.account_id, t.deal_id, t.to_pipeline_id order by t.id) as prev_entered_at
                    from stage_transitions t
                    where (t.from_pipeline_id is null or t.from_pipeline_id <> t.to_pipeline_id) and t.merged_into is null/*deals*/) e
              join deals d on d.account_id = e.account_id and d.id = e.deal_id and d.is_deleted = false
              join stage_transitions m on m.account_id = e.account_id and m.deal_id = e.deal_id and m.to_pipeline_id = e.to_pipeline_id
                   and m.id >= e.id and m.merged_into is null
              left join statuses s on s.account_id = m.account_id and s.pipeline_id = m.to_pipeline_id and s.id = m.to_status_id
              group by e.account_id, e.id, e.deal_id, e.to_pipeline_id, e.moved_at, e.prev_entered_at, d.price, d.responsible_user_id,
                       d.group_id, d.source_id, d.loss_reason_id, d.pipeline_id) x
            join stage_transitions l on l.account_id = x.account_id and l.id = x.last_id
            left join stage_transitions lt on lt.account_id = x.account_id and lt.id = x.lost_id
            """;

    /** As in V34 (V26 with the stays' lengths); {@code entries} and {@code deals} limit the rows read. */
    private static final String STAYS = """
            insert into analytics_stays (account_id, entry_id, transition_id, deal_id, pipeline_id, entered_at, prev_entered_at,
                                         responsible_user_id, group_id, source_id, status_id, stay_start, stay_end, first_visit, seconds,
                                         total_seconds)
            select y.account_id, y.entry_id, y.transition_id, y.deal_id, y.pipeline_id, y.entered_at, y.prev_entered_at,
                   y.responsible_user_id, y.group_id, y.source_id, y.status_id, y.stay_start, y.stay_end,
                   case when y.visit = 1 then true else false end, y.seconds,
                   case when y.visit = 1 and y.open_stays = 0 then y.counted end
            from (
              select z.*,
                     row_number() over (partition by z.account_id, z.entry_id, z.status_id order by z.transition_id) as visit,
                     sum(case when z.stay_end is null then 1 else 0 end) over (partition by z.account_id, z.entry_id, z.status_id)
                       as open_stays,
                     sum(case when z.seconds >= %1$d then z.seconds end) over (partition by z.account_id, z.entry_id, z.status_id)
                       as counted
              from (
                select e.account_id, e.entry_id, m.id as transition_id, e.deal_id, e.pipeline_id, e.entered_at, e.prev_entered_at,
                       e.responsible_user_id, e.group_id, e.source_id, m.to_status_id as status_id,
                       m.moved_at as stay_start, m.left_at as stay_end,
                       cast(extract(epoch from m.left_at) as double precision) - cast(extract(epoch from m.moved_at) as double precision)
                         as seconds
                from (select * from analytics_entries e/*entries*/) e
                join (select t.account_id, t.id, t.deal_id, t.to_pipeline_id, t.to_status_id, t.moved_at,
                             lead(t.moved_at) over (partition by t.account_id, t.deal_id order by t.id) as left_at
                      from stage_transitions t
                      where t.merged_into is null/*deals*/) m
                  on m.account_id = e.account_id and m.deal_id = e.deal_id and m.to_pipeline_id = e.pipeline_id and m.id >= e.entry_id
                where m.to_status_id not in (142, 143)) z) y
            """.formatted(StayLengths.THRESHOLD);

}
