package org.voronka.analytics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.voronka.analytics.ReportFilter;

/**
 * The visited funnel's histogram (V34, ADR 0028): per pipeline, day of entry, stage, the entry's
 * outcome and furthest stage, the deals that stood in the stage and their budget, for entries that
 * are a deal's first into the pipeline. The projection adds delta rows for the entries it changes
 * ({@link #record}); {@link StayLengths#fold} folds them with the stay lengths.
 */
@Repository
class StageVisits {

    static final DeltaFold FOLD = new DeltaFold("analytics_stage_visits", "analytics_stage_visit_deltas",
            List.of("account_id", "pipeline_id", "entered_day", "status_id", "outcome", "furthest_sort"), List.of("deals", "budget"));

    private final JdbcTemplate jdbc;

    StageVisits(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The histogram rows of the first visits of stages in some entries, grouped: {@code where} is a
     * condition on the entries (alias e) and stays (alias st) joined.
     */
    private static String histogram(String where, String sign) {
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
     * Adds ({@code sign} 1) or takes away (-1) the part of some entries (a condition on alias e):
     * run with -1 before the projection changes them or their stays and with 1 after.
     */
    void record(int sign, String entries) {
        jdbc.update("insert into analytics_stage_visit_deltas (account_id, pipeline_id, entered_day, status_id, outcome, furthest_sort, "
                + "deals, budget)\n" + histogram(entries + " and e.prev_entered_at is null", sign < 0 ? "-" : ""));
    }

    /**
     * The cohort's visits per stage, outcome and furthest stage (-1 for none) as rows of
     * (status_id, outcome, furthest_sort, deals, budget): from the histogram for the whole
     * pipeline, else from the stays of the cohort ({@code cohort}, a condition on alias st).
     */
    String rows(ReportFilter f, String cohort, Map<String, Object> params) {
        List<String> parts = new ArrayList<>();
        if (f.filtersDeals()) {
            parts.add(histogram(cohort, ""));
        } else {
            CohortDays days = new CohortDays(f);
            String wholeDays = days.wholeDays(params);
            if (wholeDays != null) {
                parts.add(FOLD.rows(wholeDays));
            }
            for (String rest : days.rest("st", params)) {
                parts.add(histogram("st.account_id = :a and st.pipeline_id = :p and " + rest, ""));
            }
        }
        return "select r.status_id, r.outcome, r.furthest_sort, r.deals, r.budget from (\n" + String.join("\nunion all\n", parts) + ") r";
    }
}
