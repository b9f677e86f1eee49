package org.voronka.analytics;

import java.util.List;
import java.util.Map;
import org.voronka.pipeline.Stage;

/**
 * The funnel of a pipeline for a cohort: per stage, top to bottom (Incoming when the pipeline
 * has it, the working stages, Won), the deals counted in it by the model, and where the lost
 * deals were lost from.
 *
 * @param cohort   all deals that entered the pipeline in the period
 * @param outcomes the cohort split by latest outcome
 * @param steps    the funnel rows; the last one is Won (deals whose outcome is won)
 * @param losses   lost deals by the stage they were lost from (null stage: created in Lost or
 *                 moved into Lost from another pipeline), with loss reasons
 */
public record Funnel(ReportFilter filter, FunnelModel model, Amount cohort, Map<Outcome, Amount> outcomes, List<Step> steps,
                     List<Loss> losses) {

    /**
     * One row. {@code won} are the deals of this row whose outcome is won; conversions are
     * fractions (0.25 = 25 %), null when the row is empty or has no next row.
     */
    public record Step(Stage stage, Amount amount, long won, Double conversionToNext, Double conversionToWon) {}

    public record Loss(Stage stage, Amount amount, List<Reason> reasons) {}

    /**
     * A lost deal of the cohort: the stage it was lost from (null: created in Lost or moved there from
     * another pipeline) and its loss reason (null: none given).
     */
    public record LostDeal(long dealId, String name, java.math.BigDecimal budget, Stage lostFrom, String reason,
                           java.time.Instant lostAt) {}

    /** A loss reason (null id: none given) and its lost deals. */
    public record Reason(Long reasonId, String name, Amount amount) {}
}
