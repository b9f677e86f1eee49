package org.voronka.analytics.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.voronka.analytics.ReportFilter;
import org.voronka.shared.Times;

/**
 * A cohort without deal filters split for the analytics histograms (ADR 0028): the entries on
 * the period's whole days (UTC) are added up from a histogram; those on the part days at either
 * end, and the entries that are not a deal's first into the pipeline (counted when the previous one
 * lies before the period), are read from the rows.
 */
final class CohortDays {

    static final long DAY = 86_400;

    private final long firstDay;
    private final long endDay;
    private final String from;
    private final String to;

    /** A report's period: parameters {@code :from} and {@code :to}. */
    CohortDays(ReportFilter f) {
        this(f.from(), f.to(), ":from", ":to");
    }

    /** The period [start, end), named in the statements by the parameters {@code from} and {@code to}. */
    CohortDays(Instant start, Instant end, String from, String to) {
        firstDay = Math.floorDiv(start.getEpochSecond() + DAY - 1, DAY);
        endDay = Math.floorDiv(end.getEpochSecond(), DAY);
        this.from = from;
        this.to = to;
    }

    /** The day (since 1970, UTC) of a timestamp, as SQL. */
    static String day(String timestamp) {
        return "cast(floor(cast(extract(epoch from " + timestamp + ") as double precision) / " + DAY + ") as int)";
    }

    /** The condition on a histogram's rows (alias h), or null when the period holds no whole day. */
    String wholeDays(Map<String, Object> params) {
        return wholeDays(params, "entered_day");
    }

    /** The condition on the rows (alias h) of a table kept per day in column {@code dayColumn}, or null without a whole day. */
    String wholeDays(Map<String, Object> params, String dayColumn) {
        if (firstDay >= endDay) {
            return null;
        }
        params.put("first_day", firstDay);
        params.put("end_day", endDay);
        return "h.account_id = :a and h.pipeline_id = :p and h." + dayColumn + " >= :first_day and h." + dayColumn + " < :end_day";
    }

    /**
     * The parts of the period outside its whole days, as pairs of parameters [from, to): the part
     * days at either end, or the whole period when it holds no whole day.
     */
    List<String[]> partDays(Map<String, Object> params) {
        if (firstDay >= endDay) {
            return List.<String[]>of(new String[] {from, to});
        }
        params.put("first_at", Times.param(Instant.ofEpochSecond(firstDay * DAY)));
        params.put("end_at", Times.param(Instant.ofEpochSecond(endDay * DAY)));
        return List.of(new String[] {from, ":first_at"}, new String[] {":end_at", to});
    }

    /** The conditions, one per part, on the rows (alias {@code x}, with entered_at and prev_entered_at) read one by one. */
    List<String> rest(String x, Map<String, Object> params) {
        List<String> parts = new ArrayList<>();
        String first = x + ".prev_entered_at is null and ";
        if (firstDay < endDay) {
            params.put("first_at", Times.param(Instant.ofEpochSecond(firstDay * DAY)));
            params.put("end_at", Times.param(Instant.ofEpochSecond(endDay * DAY)));
            parts.add(first + x + ".entered_at >= " + from + " and " + x + ".entered_at < :first_at");
            parts.add(first + x + ".entered_at >= :end_at and " + x + ".entered_at < " + to);
        } else {
            parts.add(first + x + ".entered_at >= " + from + " and " + x + ".entered_at < " + to);
        }
        parts.add(x + ".prev_entered_at is not null and " + x + ".prev_entered_at < " + from + " and " + x + ".entered_at >= " + from
                + " and " + x + ".entered_at < " + to);
        return parts;
    }
}
