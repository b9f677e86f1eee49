package org.voronka.analytics.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import org.voronka.analytics.ReportFilter;
import org.voronka.analytics.SalesAnalytics;
import org.voronka.shared.DeltaFold;

/**
 * The histogram of stay lengths behind the time-in-stage report (V34, ADR 0028): per pipeline, day
 * of entry, stage, measure and length bucket, the number of stays and their summed length, for
 * the default mis-drop threshold. The projection adds delta rows for what it changes, in the
 * transaction of the change ({@link #record}); a background job folds them into the totals. A
 * report adds up the histogram over the period's whole days, reads the part days at its ends and
 * re-entries from the stays, and then reads each percentile exactly from the stays of the one
 * bucket that holds it.
 *
 * <p>Measures: {@code f} a finished stay of at least the threshold, {@code m} a shorter one (a
 * mis-drop, bucket 0), {@code c} a deal's total counted time in a stage it has left (kept on the
 * stay of its first visit as {@code total_seconds}), {@code o} an open stay (bucket: the day it
 * began, total: the sum of the starts in seconds since 1970). Only entries that are a deal's first into the pipeline
 * are in the histogram.
 */
@Repository
public class StayLengths {

    /** The threshold the histogram is kept for: stays shorter than it are mis-drops. */
    static final long THRESHOLD = SalesAnalytics.DEFAULT_MISDROP_SECONDS;

    /** Buckets per factor e of length: a bucket spans a ratio of about 1.25. */
    private static final double PER_E = 4.5;

    private static final long DAY = CohortDays.DAY;

    static final DeltaFold FOLD = new DeltaFold("analytics_stay_lengths", "analytics_stay_length_deltas",
            List.of("account_id", "pipeline_id", "entered_day", "status_id", "measure", "bucket"), List.of("stays", "total"));

    private final JdbcTemplate jdbc;

    StayLengths(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The bucket of a length in seconds, as SQL. */
    static String bucket(String seconds) {
        return "cast(floor(" + PER_E + " * ln(1 + " + seconds + ")) as int)";
    }

    /**
     * The histogram rows of some stays (alias {@code st}, {@code from} is the rest of a {@code from}
     * clause ending in a {@code where} condition), grouped; columns as in the tables.
     */
    private static String histogram(String from, String sign) {
        // the stays are read once (PostgreSQL computes a common table expression used three times once)
        return """
                with s as (select st.account_id, st.pipeline_id, st.entered_at, st.status_id, st.seconds, st.total_seconds, st.stay_start,
                                  st.stay_end
                           from %1$s)
                select c.account_id, c.pipeline_id, c.entered_day, c.status_id, c.measure, c.bucket,
                       %2$s count(*) as stays, %2$s sum(c.len) as total
                from (
                  select s.account_id, s.pipeline_id, %3$s as entered_day, s.status_id,
                         case when s.seconds < %4$d then 'm' else 'f' end as measure,
                         case when s.seconds < %4$d then 0 else %5$s end as bucket,
                         cast(s.seconds as numeric(30, 6)) as len
                  from s where s.seconds is not null
                  union all
                  select s.account_id, s.pipeline_id, %3$s, s.status_id, 'c', %6$s, cast(s.total_seconds as numeric(30, 6))
                  from s where s.total_seconds is not null
                  union all
                  select s.account_id, s.pipeline_id, %3$s, s.status_id, 'o', %7$s,
                         cast(cast(extract(epoch from s.stay_start) as double precision) as numeric(30, 6))
                  from s where s.stay_end is null) c
                group by c.account_id, c.pipeline_id, c.entered_day, c.status_id, c.measure, c.bucket
                """.formatted(from, sign, CohortDays.day("s.entered_at"), THRESHOLD, bucket("s.seconds"), bucket("s.total_seconds"),
                CohortDays.day("s.stay_start"));
    }

    /**
     * Adds ({@code sign} 1) or takes away (-1) the part of some stays in the histogram: run with -1
     * before the projection changes them and with 1 after. {@code from} as in {@link #histogram}.
     */
    void record(int sign, String from) {
        jdbc.update("insert into analytics_stay_length_deltas (account_id, pipeline_id, entered_day, status_id, measure, bucket, stays, total)\n"
                + histogram(from + " and st.prev_entered_at is null", sign < 0 ? "-" : ""));
    }

    /** Length buckets of one stage and measure: stays and their summed length. */
    record Bucket(int bucket, long stays, BigDecimal total) {}

    /** The cohort's histogram per stage and measure, buckets in order. */
    record Cohort(Map<Long, Map<String, TreeMap<Integer, Bucket>>> byStage) {

        TreeMap<Integer, Bucket> buckets(long statusId, String measure) {
            return byStage.getOrDefault(statusId, Map.of()).getOrDefault(measure, new TreeMap<>());
        }
    }

    /** The histogram of a cohort without deal filters (see {@link CohortDays}). */
    Cohort cohort(long accountId, ReportFilter f) {
        Map<String, Object> p = HistorySql.params(accountId, f);
        CohortDays days = new CohortDays(f);
        List<String> parts = new ArrayList<>();
        String wholeDays = days.wholeDays(p);
        if (wholeDays != null) {
            parts.add(FOLD.rows(wholeDays));
        }
        for (String rest : days.rest("st", p)) {
            parts.add(rows(histogram("analytics_stays st where st.account_id = :a and st.pipeline_id = :p and " + rest, "")));
        }
        String sql = "select x.status_id, x.measure, x.bucket, sum(x.stays), sum(x.total) from (\n" + String.join("\nunion all\n", parts)
                + ") x group by x.status_id, x.measure, x.bucket having sum(x.stays) > 0";
        Map<Long, Map<String, TreeMap<Integer, Bucket>>> byStage = new HashMap<>();
        jdbc.query(Literals.inline(sql, p), rs -> {
            byStage.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).computeIfAbsent(rs.getString(2).trim(), k -> new TreeMap<>())
                    .put(rs.getInt(3), new Bucket(rs.getInt(3), rs.getLong(4), rs.getBigDecimal(5)));
        });
        return new Cohort(byStage);
    }

    private static String rows(String histogram) {
        return "select r.account_id, r.pipeline_id, r.entered_day, r.status_id, r.measure, r.bucket, r.stays, r.total from ("
                + histogram + ") r";
    }

    /**
     * Per stage, finished stays, mis-drops and open stays (kinds {@code finished}, {@code misdrop},
     * {@code open}, the open ones' age up to {@code now}) as {@link HistorySql#stays} counts them,
     * and the cumulative time per deal as {@link HistorySql#cumulative}, for a cohort without deal
     * filters and the default threshold.
     */
    Durations durations(long accountId, ReportFilter f, Instant now, String cohortCondition, Map<String, Object> params) {
        Cohort cohort = cohort(accountId, f);
        Lookups lookups = new Lookups();
        List<Pending> pending = new ArrayList<>();
        for (long statusId : cohort.byStage().keySet()) {
            for (String measure : List.of("f", "c", "o")) {
                TreeMap<Integer, Bucket> buckets = cohort.buckets(statusId, measure);
                if (!buckets.isEmpty()) {
                    pending.add(new Pending(statusId, measure, buckets, lookups));
                }
            }
        }
        Map<String, Double> values = lookups.run(jdbc, cohortCondition, params);
        double nowSeconds = now.getEpochSecond() + now.getNano() / 1e9;
        List<HistorySql.StayRow> stays = new ArrayList<>();
        List<HistorySql.CumulativeRow> cumulative = new ArrayList<>();
        for (Pending x : pending) {
            double mean = x.total.doubleValue() / x.count;
            Double median = x.median.value(values);
            Double p90 = x.p90.value(values);
            Double extreme = x.extremeKey == null ? null : values.get(x.extremeKey);
            switch (x.measure) {
                case "f" -> stays.add(new HistorySql.StayRow(x.statusId, "finished", x.count, mean, median, p90, extreme));
                case "c" -> cumulative.add(new HistorySql.CumulativeRow(x.statusId, x.count, mean, median, p90));
                // the open stays' lengths are their starts read backwards: the oldest start is the longest stay
                default -> stays.add(new HistorySql.StayRow(x.statusId, "open", x.count, nowSeconds - mean, age(nowSeconds, median),
                        age(nowSeconds, p90), age(nowSeconds, extreme)));
            }
        }
        cohort.byStage().forEach((statusId, measures) -> {
            long misdrops = count(measures.get("m"));
            if (misdrops > 0) {
                stays.add(new HistorySql.StayRow(statusId, "misdrop", misdrops, null, null, null, null));
            }
        });
        return new Durations(stays, cumulative);
    }

    private static Double age(double now, Double start) {
        return start == null ? null : now - start;
    }

    private static long count(TreeMap<Integer, Bucket> buckets) {
        return buckets == null ? 0 : buckets.values().stream().mapToLong(Bucket::stays).sum();
    }

    record Durations(List<HistorySql.StayRow> stays, List<HistorySql.CumulativeRow> cumulative) {}

    /** One percentile as {@code percentile_cont} computes it: the values at two ranks, interpolated. */
    private record Percentile(String lowKey, String highKey, double fraction) {

        Double value(Map<String, Double> values) {
            Double low = values.get(lowKey);
            Double high = values.get(highKey);
            if (low == null || high == null) {
                return null;
            }
            return low + fraction * (high - low);
        }
    }

    /**
     * The lookups one stage and measure needs: its median and 90th percentile, and the longest
     * finished stay or the earliest start of an open one. Open stays are ranked by their start,
     * so their percentiles of age are the starts' percentiles taken from the other end.
     */
    private static final class Pending {
        final long statusId;
        final String measure;
        final long count;
        final BigDecimal total;
        final Percentile median;
        final Percentile p90;
        final String extremeKey;

        Pending(long statusId, String measure, TreeMap<Integer, Bucket> buckets, Lookups lookups) {
            this.statusId = statusId;
            this.measure = measure;
            this.count = buckets.values().stream().mapToLong(Bucket::stays).sum();
            this.total = buckets.values().stream().map(Bucket::total).reduce(BigDecimal.ZERO, BigDecimal::add);
            boolean open = measure.equals("o");
            this.median = percentile(0.5, buckets, lookups);
            this.p90 = percentile(open ? 0.1 : 0.9, buckets, lookups);
            this.extremeKey = switch (measure) {
                case "f" -> lookups.extreme(statusId, measure, buckets.lastKey(), "desc");
                case "o" -> lookups.extreme(statusId, measure, buckets.firstKey(), "asc");
                default -> null;
            };
        }

        private Percentile percentile(double p, TreeMap<Integer, Bucket> buckets, Lookups lookups) {
            double position = p * (count - 1);
            long low = (long) Math.floor(position);
            long high = Math.min(count - 1, low + 1);
            return new Percentile(rank(low, buckets, lookups), rank(high, buckets, lookups), position - low);
        }

        /** The lookup key of the value at a rank (0 = lowest) among the measure's values. */
        private String rank(long rank, TreeMap<Integer, Bucket> buckets, Lookups lookups) {
            long before = 0;
            for (Bucket b : buckets.values()) {
                if (rank < before + b.stays()) {
                    return lookups.at(statusId, measure, b.bucket(), rank - before);
                }
                before += b.stays();
            }
            throw new IllegalStateException("rank " + rank + " beyond " + before);
        }
    }

    /**
     * The values to read from the stays, grouped into one ordered range per stage, measure and
     * bucket, all in one statement.
     */
    private static final class Lookups {

        private record Range(long statusId, String measure, int bucket) {}

        private final Map<Range, long[]> offsets = new HashMap<>(); // lowest and highest offset wanted
        private final Map<Range, String> extremes = new HashMap<>(); // the bucket's first value in this order

        String at(long statusId, String measure, int bucket, long offset) {
            offsets.merge(new Range(statusId, measure, bucket), new long[] {offset, offset},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            return statusId + measure + bucket + "@" + offset;
        }

        String extreme(long statusId, String measure, int bucket, String order) {
            extremes.put(new Range(statusId, measure, bucket), order);
            return statusId + measure + bucket + order;
        }

        Map<String, Double> run(JdbcTemplate jdbc, String cohortCondition, Map<String, Object> params) {
            List<String> parts = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            offsets.forEach((r, range) -> {
                keys.add(r.statusId() + r.measure() + r.bucket() + "@" + range[0]);
                parts.add(select(parts.size(), r, "asc", range[1] - range[0] + 1, range[0], cohortCondition));
            });
            extremes.forEach((r, order) -> {
                keys.add(r.statusId() + r.measure() + r.bucket() + order);
                parts.add(select(parts.size(), r, order, 1, 0, cohortCondition));
            });
            Map<String, Double> values = new HashMap<>();
            if (parts.isEmpty()) {
                return values;
            }
            String sql = String.join("\nunion all\n", parts) + "\norder by 1, 2"; // each range's values in order
            Map<Integer, Integer> seen = new HashMap<>();
            jdbc.query(Literals.inline(sql, params), rs -> {
                int part = rs.getInt(1);
                int index = seen.merge(part, 1, Integer::sum) - 1;
                String key = keys.get(part);
                int at = key.lastIndexOf('@');
                values.put(at < 0 ? key : key.substring(0, at + 1) + (Long.parseLong(key.substring(at + 1)) + index), rs.getDouble(2));
            });
            return values;
        }

        /**
         * The cohort's values in one bucket of a stage, in order, from an offset: an index range
         * on the length or the open stay's start (the bounds are widened a little; the bucket's own
         * expression decides).
         */
        private static String select(int part, Range r, String order, long limit, long offset, String cohortCondition) {
            String col;
            String value;
            String range;
            if (r.measure().equals("o")) {
                col = "st.stay_start";
                value = "cast(extract(epoch from st.stay_start) as double precision)";
                range = col + " >= " + timestamp(r.bucket() * DAY - 1) + " and " + col + " < " + timestamp((r.bucket() + 1) * DAY + 1)
                        + " and st.stay_end is null and " + CohortDays.day(col) + " = " + r.bucket();
            } else {
                col = r.measure().equals("f") ? "st.seconds" : "st.total_seconds";
                value = col;
                double low = (Math.exp(r.bucket() / PER_E) - 1) * (1 - 1e-9) - 1e-6;
                double high = (Math.exp((r.bucket() + 1) / PER_E) - 1) * (1 + 1e-9) + 1e-6;
                range = col + " >= " + BigDecimal.valueOf(low).toPlainString() + " and " + col + " < "
                        + BigDecimal.valueOf(high).toPlainString() + " and " + bucket(col) + " = " + r.bucket()
                        + (r.measure().equals("f") ? " and " + col + " >= " + THRESHOLD : "");
            }
            return "select " + part + " as part, x.v from (select " + value + " as v from analytics_stays st where st.status_id = "
                    + r.statusId() + " and " + range + " and " + cohortCondition + " order by " + col + " " + order
                    + " limit " + limit + " offset " + offset + ") x";
        }

        private static String timestamp(long epochSecond) {
            return "timestamp with time zone '" + Instant.ofEpochSecond(epochSecond).toString().replace("T", " ").replace("Z", "+00") + "'";
        }
    }

    /**
     * Every table the analytics module keeps with delta rows: this histogram, the two of
     * {@link FunnelHistograms}, the forecast's {@link WonDurations} and the activity rollup ({@link ActivityRollup}).
     */
    public static final List<DeltaFold> HISTOGRAMS = List.of(FOLD, FunnelHistograms.ENTRIES, FunnelHistograms.VISITS,
            WonDurations.FOLD, ActivityRollup.FOLD);

    /** Folds a batch of delta rows of every table in {@link #HISTOGRAMS}; the number folded. */
    public int fold() {
        return HISTOGRAMS.stream().mapToInt(h -> h.fold(jdbc)).sum();
    }

    /** Folds the deltas every few seconds, on one node at a time. */
    @Configuration(proxyBeanMethods = false)
    static class FoldJob {

        @Bean
        RecurringTask<Void> foldAnalyticsHistograms(StayLengths lengths, TransactionTemplate tx,
                                                    @Value("${voronka.analytics.fold-seconds:15}") int seconds) {
            return DeltaFold.job("fold-analytics-histograms", seconds, tx, lengths::fold);
        }
    }
}
