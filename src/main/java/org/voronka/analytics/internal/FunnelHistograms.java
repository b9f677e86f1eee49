package org.voronka.analytics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.voronka.analytics.ReportFilter;
import org.voronka.shared.DeltaFold;

/**
 * The funnel's histograms (V34, ADR 0028), per pipeline and day of entry, for entries that are a
 * deal's first into the pipeline: the entries by furthest stage, outcome, stage lost from and loss
 * reason (the reached funnel), and the first visits of stages by the entry's outcome and furthest
 * stage (the visited funnel), with the deals and their budget; -1 stands for none. The projection
 * adds delta rows for the entries it changes ({@link #record}); {@link StayLengths#fold} folds them.
 */
@Repository
class FunnelHistograms {

    static final DeltaFold ENTRIES = new DeltaFold("analytics_entry_outcomes", "analytics_entry_outcome_deltas",
            List.of("account_id", "pipeline_id", "entered_day", "furthest_sort", "outcome", "lost_from", "loss_reason_id"),
            List.of("deals", "budget"));

    static final DeltaFold VISITS = new DeltaFold("analytics_stage_visits", "analytics_stage_visit_deltas",
            List.of("account_id", "pipeline_id", "entered_day", "status_id", "outcome", "furthest_sort"), List.of("deals", "budget"));

    private final JdbcTemplate jdbc;

    FunnelHistograms(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The entries' histogram rows, grouped: {@code where} is a condition on the entries (alias e). */
    private static String entries(String where, String sign) {
        return """
                select v.account_id, v.pipeline_id, v.entered_day, v.furthest_sort, v.outcome, v.lost_from, v.loss_reason_id,
                       %2$s count(*) as deals, %2$s sum(v.price) as budget
                from (select e.account_id, e.pipeline_id, %3$s as entered_day, coalesce(e.furthest_sort, -1) as furthest_sort, e.outcome,
                             coalesce(e.lost_from, -1) as lost_from, coalesce(e.loss_reason_id, -1) as loss_reason_id, e.price
                      from analytics_entries e
                      where %1$s) v
                group by v.account_id, v.pipeline_id, v.entered_day, v.furthest_sort, v.outcome, v.lost_from, v.loss_reason_id
                """.formatted(where, sign, CohortDays.day("e.entered_at"));
    }

    /**
     * The first visits' histogram rows, grouped: {@code where} is a condition on the entries
     * (alias e) and stays (alias st) joined.
     */
    private static String visits(String where, String sign) {
        return """
                select v.account_id, v.pipeline_id, v.entered_day, v.status_id, v.outcome, v.furthest_sort,
                       %2$s count(*) as deals, %2$s sum(v.price) as budget
                from (select st.account_id, st.pipeline_id, %3$s as entered_day, st.status_id, e.outcome,
                             coalesce(e.furthest_sort, -1) as furthest_sort, e.price
                      from analytics_entries e
                      join analytics_stays st on st.account_id = e.account_id and st.entry_id = e.entry_id
                      where st.first_visit = true and %1$s) v
                group by v.account_id, v.pipeline_id, v.entered_day, v.status_id, v.outcome, v.furthest_sort
                """.formatted(where, sign, CohortDays.day("st.entered_at"));
    }

    /**
     * Adds ({@code sign} 1) or takes away (-1) the part of some entries (a condition on alias e)
     * in both histograms: run with -1 before the projection changes them or their stays and with 1
     * after.
     */
    void record(int sign, String entries) {
        String first = entries + " and e.prev_entered_at is null";
        String s = sign < 0 ? "-" : "";
        jdbc.update("insert into analytics_entry_outcome_deltas (account_id, pipeline_id, entered_day, furthest_sort, outcome, "
                + "lost_from, loss_reason_id, deals, budget)\n" + entries(first, s));
        jdbc.update("insert into analytics_stage_visit_deltas (account_id, pipeline_id, entered_day, status_id, outcome, furthest_sort, "
                + "deals, budget)\n" + visits(first, s));
    }

    /**
     * The cohort's entries as rows of (furthest_sort, outcome, lost_from, loss_reason_id, deals,
     * budget): from the histogram for the whole pipeline, else from the entries of the cohort
     * ({@code cohort}, a condition on alias e).
     */
    String reached(ReportFilter f, String cohort, Map<String, Object> params) {
        List<String> parts = parts(ENTRIES, f, "e", cohort, params, FunnelHistograms::entries);
        return "select r.furthest_sort, r.outcome, r.lost_from, r.loss_reason_id, r.deals, r.budget from (\n"
                + String.join("\nunion all\n", parts) + ") r";
    }

    /**
     * The cohort's first visits per stage, outcome and furthest stage as rows of (status_id,
     * outcome, furthest_sort, deals, budget): from the histogram for the whole pipeline, else from
     * the stays of the cohort ({@code cohort}, a condition on alias st).
     */
    String visited(ReportFilter f, String cohort, Map<String, Object> params) {
        List<String> parts = parts(VISITS, f, "st", cohort, params, FunnelHistograms::visits);
        return "select r.status_id, r.outcome, r.furthest_sort, r.deals, r.budget from (\n" + String.join("\nunion all\n", parts) + ") r";
    }

    private interface Rows {
        String of(String where, String sign);
    }

    private static List<String> parts(DeltaFold histogram, ReportFilter f, String alias, String cohort, Map<String, Object> params,
                                      Rows rows) {
        List<String> parts = new ArrayList<>();
        if (f.filtersDeals()) {
            parts.add(rows.of(cohort, ""));
            return parts;
        }
        CohortDays days = new CohortDays(f);
        String wholeDays = days.wholeDays(params);
        if (wholeDays != null) {
            parts.add(histogram.rows(wholeDays));
        }
        for (String rest : days.rest(alias, params)) {
            parts.add(rows.of(alias + ".account_id = :a and " + alias + ".pipeline_id = :p and " + rest, ""));
        }
        return parts;
    }
}
