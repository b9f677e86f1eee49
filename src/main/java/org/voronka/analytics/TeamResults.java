package org.voronka.analytics;

import java.math.BigDecimal;
import java.util.List;

/**
 * Results per responsible user or per department for a report's pipeline, period and filters. From
 * the cohort (deals that entered the pipeline in the period): new deals, won (count and budget),
 * lost, conversion to won and the median cycle of the won ones (entry into the pipeline to Won).
 * From the activity in the period on the pipeline's deals that match the filters: tasks completed
 * (by their responsible user), calls and notes logged (by their author).
 *
 * @param byDepartment rows are departments (the department recorded on the deal, task or note; 0 = none)
 */
public record TeamResults(ReportFilter filter, boolean byDepartment, List<Row> rows, Row total) {

    /** {@code conversion} is won over new (null without new deals); {@code medianCycleSeconds} null without won deals. */
    public record Row(long id, String name, long newDeals, long won, BigDecimal wonBudget, long lost, Double conversion,
                      Double medianCycleSeconds, long tasksCompleted, long calls, long notes) {}
}
