package org.voronka.analytics.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.voronka.shared.DeltaFold;

/**
 * The forecast's won durations kept as a histogram (V37, ADR 0032): per pipeline and UTC day of the
 * move into Won, the won deals (first entries into the pipeline with outcome won) grouped as the
 * forecast's statement groups them before it joins the stages (ADR 0030) — per stage a deal stood
 * in, the range of stages from it ({@code upto}, a sort) down to the next one it stood in
 * ({@code below}, exclusive) and the whole days from first reaching them to Won; a row past every
 * stage counts each won deal once with its budget. The projection adds delta rows for the entries
 * it changes ({@link #record}); {@link StayLengths#fold} folds them. The ranges are by stage order,
 * so a new order takes the pipeline's histogram away as it is kept and adds it again
 * ({@link #reordered}).
 */
@Repository
class WonDurations {

    static final DeltaFold FOLD = new DeltaFold("analytics_won_durations", "analytics_won_duration_deltas",
            List.of("account_id", "pipeline_id", "won_day", "upto", "below", "days"), List.of("deals", "budget"));

    /** {@code upto} of the row that stands for the stages reached only with Won: past every stage. */
    static final int PAST_EVERY_STAGE = Integer.MAX_VALUE;

    /** {@code below} when a deal stood in no lower stage: every stage up to {@code upto} counts. */
    static final int NONE_BELOW = Integer.MIN_VALUE;

    private final JdbcTemplate jdbc;

    WonDurations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Per won entry ({@code won}: a condition on alias e that selects first entries with outcome
     * won), one row per stage it stood in (its first stay there), from the last stage back: the
     * earliest start so far is when the deal first reached every stage down to the next one it stood
     * in; and a row past every stage. Columns: account_id, pipeline_id, won_day, price, upto, below,
     * days.
     */
    static String stages(String won) {
        return """
                select x.account_id, x.pipeline_id, %2$s as won_day, x.price, x.sort as upto,
                       coalesce(lead(x.sort) over (partition by x.account_id, x.entry_id order by x.sort desc), %3$d) as below,
                       cast(floor((extract(epoch from x.last_at)
                                   - extract(epoch from coalesce(min(x.stay_start) over (partition by x.account_id, x.entry_id
                                                                                         order by x.sort desc), x.last_at)))
                                  / 86400) as bigint) as days
                from (
                  select e.account_id, e.pipeline_id, e.entry_id, e.last_at, e.price, vs.sort, v.stay_start
                  from analytics_entries e
                  join analytics_stays v on v.account_id = e.account_id and v.entry_id = e.entry_id and v.first_visit = true
                  join statuses vs on vs.account_id = e.account_id and vs.pipeline_id = e.pipeline_id and vs.id = v.status_id
                  where %1$s
                  union all
                  select e.account_id, e.pipeline_id, e.entry_id, e.last_at, e.price, %4$d, cast(null as timestamp with time zone)
                  from analytics_entries e
                  where %1$s
                ) x
                """.formatted(won, CohortDays.day("x.last_at"), NONE_BELOW, PAST_EVERY_STAGE);
    }

    /** The rows of {@link #stages} as (upto, below, days, deals): what the forecast joins with the stages. */
    static String ranges(String won) {
        return "select r.upto, r.below, r.days, count(*) as deals from (" + stages(won) + ") r group by r.upto, r.below, r.days";
    }

    /**
     * Adds ({@code sign} 1) or takes away (-1) the part of some entries (a condition on alias e) in
     * the histogram: run with -1 before the projection changes them or their stays and with 1 after.
     */
    void record(int sign, String entries) {
        String s = sign < 0 ? "-" : "";
        jdbc.update("insert into analytics_won_duration_deltas (account_id, pipeline_id, won_day, upto, below, days, deals, budget)\n"
                + "select r.account_id, r.pipeline_id, r.won_day, r.upto, r.below, r.days, " + s + "count(*), " + s + "sum(r.price)\nfrom ("
                + stages(entries + " and e.outcome = 'won' and e.prev_entered_at is null")
                + ") r\ngroup by r.account_id, r.pipeline_id, r.won_day, r.upto, r.below, r.days");
    }

    /**
     * The pipeline's stages were added, deleted or put in another order: its histogram is taken
     * away as it is kept (its keys hold the old order, which the statuses no longer do) and computed
     * again from the entries.
     */
    void reordered(long accountId, long pipelineId) {
        String keys = String.join(", ", FOLD.keys());
        jdbc.update("insert into analytics_won_duration_deltas (" + keys + ", deals, budget)\nselect " + keys
                + ", -sum(deals), -sum(budget) from (" + FOLD.rows("h.account_id = " + accountId + " and h.pipeline_id = " + pipelineId)
                + ") x group by " + keys + " having sum(deals) <> 0 or sum(budget) <> 0");
        record(1, "e.account_id = " + accountId + " and e.pipeline_id = " + pipelineId);
    }

    /**
     * The won durations of the deals won in [since, until) in the pipeline as {@link #ranges} rows
     * (upto, below, days, deals), one part per source: the histogram for the window's whole UTC
     * days, and the entries themselves for the part days at either end ({@code won} gives the
     * condition on alias e for the deals won between two named times).
     */
    List<String> window(Instant since, Instant until, Map<String, Object> params, Won won) {
        CohortDays days = new CohortDays(since, until, ":since", ":until");
        List<String> parts = new ArrayList<>();
        String wholeDays = days.wholeDays(params, "won_day");
        if (wholeDays != null) {
            parts.add("select h.upto, h.below, h.days, h.deals from (" + FOLD.rows(wholeDays) + ") h");
        }
        for (String[] part : days.partDays(params)) {
            parts.add(ranges(won.between(part[0], part[1])));
        }
        return parts;
    }

    /** The condition on alias e for the deals won in the pipeline between two named times. */
    interface Won {
        String between(String from, String to);
    }
}
