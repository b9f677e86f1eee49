package org.voronka.analytics;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.AccountManagement;
import org.voronka.analytics.internal.ForecastSql;
import org.voronka.analytics.internal.ForecastSql.DurationRow;
import org.voronka.analytics.internal.ForecastSql.OpenDeal;
import org.voronka.analytics.internal.ForecastSql.ReachRow;
import org.voronka.analytics.internal.ForecastSql.SavedRow;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.ValidationException;

/**
 * The sales forecast of a pipeline (ADR 15): the weighted pipeline, the expected won revenue for
 * the current and the next two months with a range, and the accuracy of the forecasts saved in
 * earlier months.
 *
 * <p>The model, per open deal in stage S that has stood there A whole days: it is won with S's
 * observed probability (else the admin's, else never); when won, the day is drawn from the
 * durations of the window's won deals from first reaching S to Won, among those at least A days
 * long (less A); when none is that long, from all of them; when S has no won deals at all, evenly
 * over the three months. The expected revenue is the exact mean of this model; the range is the
 * 10th–90th percentile of {@value #RUNS} simulated futures drawn with a fixed seed.
 */
@Service
public class SalesForecast {

    public static final int WINDOW_DAYS = 180;
    public static final int RUNS = 1000;
    public static final int MONTHS = 3;
    public static final long DEFAULT_SEED = 1;

    private static final Logger log = LoggerFactory.getLogger(SalesForecast.class);

    private final ForecastSql sql;
    private final PipelineManagement pipelines;
    private final AccountManagement accounts;
    private final Clock clock;

    SalesForecast(ForecastSql sql, PipelineManagement pipelines, AccountManagement accounts, Clock clock) {
        this.sql = sql;
        this.pipelines = pipelines;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The forecast now; the filter's period is not used (the history window is the trailing {@value #WINDOW_DAYS} days). */
    @Transactional(readOnly = true)
    public Forecast forecast(long accountId, ReportFilter filter, long seed) {
        return make(accountId, filter, clock.instant(), seed);
    }

    /** Saved forecasts for the last {@code months} months (the current one included) with the won revenue of each month. */
    @Transactional(readOnly = true)
    public ForecastAccuracy accuracy(long accountId, long pipelineId, int months) {
        Pipeline p = pipeline(accountId, pipelineId);
        ZoneId zone = accounts.account(accountId).zone();
        Instant now = clock.instant();
        YearMonth current = YearMonth.from(now.atZone(zone));
        YearMonth first = current.minusMonths(Math.max(1, months) - 1L);
        List<SavedRow> saved = sql.savedFor(accountId, p.id(), first.atDay(1), current.atDay(1));
        List<Instant> bounds = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(current.plusMonths(1)); m = m.plusMonths(1)) {
            bounds.add(m.atDay(1).atStartOfDay(zone).toInstant());
        }
        List<BigDecimal> won = sql.wonPerPeriod(accountId, p.id(), bounds);
        List<ForecastAccuracy.Row> rows = new ArrayList<>();
        for (SavedRow r : saved) {
            YearMonth month = YearMonth.from(r.month());
            YearMonth made = YearMonth.from(r.madeMonth());
            int index = (int) ChronoUnit.MONTHS.between(first, month);
            rows.add(new ForecastAccuracy.Row(month, made, (int) ChronoUnit.MONTHS.between(made, month), r.madeAt(), r.expected(),
                    r.low(), r.high(), won.get(index), month.isBefore(current)));
        }
        return new ForecastAccuracy(p.id(), current, rows);
    }

    /** The won revenue of each month from {@code first} to the current one, in the account's time zone. */
    @Transactional(readOnly = true)
    public Map<YearMonth, BigDecimal> wonPerMonth(long accountId, long pipelineId, YearMonth first) {
        ZoneId zone = accounts.account(accountId).zone();
        YearMonth current = YearMonth.from(clock.instant().atZone(zone));
        List<Instant> bounds = new ArrayList<>();
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(current); m = m.plusMonths(1)) {
            months.add(m);
            bounds.add(m.atDay(1).atStartOfDay(zone).toInstant());
        }
        bounds.add(current.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
        List<BigDecimal> won = sql.wonPerPeriod(accountId, pipeline(accountId, pipelineId).id(), bounds);
        Map<YearMonth, BigDecimal> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < months.size(); i++) {
            out.put(months.get(i), won.get(i));
        }
        return out;
    }

    /**
     * Saves the pipeline's forecast (unfiltered, default seed) for the current month and the next
     * two, unless one was already made this month. Returns whether it saved one.
     */
    @Transactional
    public boolean saveIfDue(long accountId, long pipelineId) {
        Instant now = clock.instant();
        ZoneId zone = accounts.account(accountId).zone();
        YearMonth made = YearMonth.from(now.atZone(zone));
        if (sql.saved(accountId, pipelineId, made.atDay(1))) {
            return false;
        }
        Forecast f = make(accountId, ReportFilter.of(pipelineId, now, now.plusSeconds(1)), now, DEFAULT_SEED);
        for (Forecast.MonthForecast m : f.months()) {
            sql.save(accountId, pipelineId, new SavedRow(made.atDay(1), m.month().atDay(1), now, m.expected(), m.low(), m.high(),
                    f.weighted(), f.open().deals(), f.open().budget()));
        }
        return true;
    }

    /** The job's work: every pipeline that is not archived gets its forecast saved once a month. */
    public int saveDueForecasts() {
        int saved = 0;
        for (ForecastSql.PipelineZone pz : sql.activePipelines()) {
            try {
                if (self().saveIfDue(pz.accountId(), pz.pipelineId())) {
                    saved++;
                }
            } catch (RuntimeException e) {
                log.warn("Forecast of pipeline {} in account {} not saved: {}", pz.pipelineId(), pz.accountId(), e.toString());
            }
        }
        return saved;
    }

    private SalesForecast self;

    @org.springframework.beans.factory.annotation.Autowired
    void setSelf(@org.springframework.context.annotation.Lazy SalesForecast self) {
        this.self = self;
    }

    private SalesForecast self() {
        return self == null ? this : self;
    }

    /** The forecast as made at {@code now} (package-private: the cross-checks make it at a fixed time by both paths). */
    Forecast make(long accountId, ReportFilter f, Instant now, long seed) {
        Pipeline p = pipeline(accountId, f.pipelineId());
        ZoneId zone = accounts.account(accountId).zone();
        Instant since = now.minus(Duration.ofDays(WINDOW_DAYS));

        // observed probability per stage: among deals that reached it in the window and are won or lost now
        long started = System.nanoTime();
        List<ReachRow> reach = sql.reach(accountId, f, since, now);
        long reached = System.nanoTime();
        Map<Long, TreeMap<Long, Long>> durations = new HashMap<>();
        for (DurationRow r : sql.durations(accountId, f, since, now)) {
            durations.computeIfAbsent(r.statusId(), k -> new TreeMap<>()).merge(r.days(), r.deals(), Long::sum);
        }
        long measured = System.nanoTime();
        List<OpenDeal> open = sql.openDeals(accountId, f, p.stages().stream().filter(s -> !s.isClosed()).map(Stage::id).toList(), now);
        long read = System.nanoTime();

        Map<Long, Amount> openByStage = new HashMap<>();
        Amount openTotal = Amount.NONE;
        for (OpenDeal d : open) {
            openByStage.merge(d.statusId(), new Amount(1, d.price()), Amount::plus);
            openTotal = openTotal.plus(1, d.price());
        }
        List<Forecast.StageForecast> stages = new ArrayList<>();
        Map<Long, Double> probability = new HashMap<>();
        BigDecimal weightedTotal = BigDecimal.ZERO;
        for (Stage s : p.stages()) {
            if (s.isClosed()) {
                continue;
            }
            long decided = 0;
            long won = 0;
            for (ReachRow r : reach) {
                if (r.furthestSort() != null && r.furthestSort() >= s.sort() && !"other".equals(r.outcome())) {
                    decided += r.deals();
                    won += "won".equals(r.outcome()) ? r.deals() : 0;
                }
            }
            Double observed = decided == 0 ? null : (double) won / decided;
            double used = observed != null ? observed : s.winProbability() != null ? s.winProbability() / 100.0 : 0;
            probability.put(s.id(), used);
            Amount amount = openByStage.getOrDefault(s.id(), Amount.NONE);
            BigDecimal weighted = money(amount.budget().doubleValue() * used);
            weightedTotal = weightedTotal.add(weighted);
            stages.add(new Forecast.StageForecast(s, amount, s.winProbability(), observed, decided, won, used,
                    s.winProbability() == null ? null : amount.budget().multiply(BigDecimal.valueOf(s.winProbability()))
                            .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP),
                    observed == null ? null : money(amount.budget().doubleValue() * observed), weighted));
        }

        // per deal the chance to be won in each month; deals of a stage with the same age share it
        YearMonth current = YearMonth.from(now.atZone(zone));
        Instant[] starts = monthStarts(current, zone);
        Map<String, double[]> chances = new HashMap<>();
        ForecastSimulation simulation = new ForecastSimulation(MONTHS);
        double[] expected = new double[MONTHS];
        for (OpenDeal d : open) {
            double prob = probability.getOrDefault(d.statusId(), 0.0);
            if (prob <= 0) {
                continue;
            }
            double[] q = chances.computeIfAbsent(d.statusId() + ":" + d.ageDays(), k -> {
                double[] share = monthShares(durations.get(d.statusId()), d.ageDays(), now, starts);
                double[] chance = new double[MONTHS];
                for (int m = 0; m < MONTHS; m++) {
                    chance[m] = prob * share[m];
                }
                return chance;
            });
            double price = d.price().doubleValue();
            for (int m = 0; m < MONTHS; m++) {
                expected[m] += price * q[m];
            }
            simulation.add(q, price);
        }
        long modelled = System.nanoTime();

        // the range: RUNS simulated futures, each deal drawn once per run, in id order, from one seeded generator
        double[][] totals = simulation.run(RUNS, seed);
        List<Forecast.MonthForecast> months = new ArrayList<>();
        for (int m = 0; m < MONTHS; m++) {
            double[] sorted = totals[m].clone();
            Arrays.sort(sorted);
            months.add(new Forecast.MonthForecast(current.plusMonths(m), money(expected[m]), money(sorted[(int) Math.floor(0.1 * (RUNS - 1))]),
                    money(sorted[(int) Math.ceil(0.9 * (RUNS - 1))])));
        }
        if (log.isDebugEnabled()) {
            log.debug("Forecast of pipeline {}: reach {} ms, durations {} ms, open deals {} ms ({} rows), model {} ms, simulation {} ms ({})",
                    p.id(), ms(started, reached), ms(reached, measured), ms(measured, read), open.size(), ms(read, modelled),
                    ms(modelled, System.nanoTime()), simulation.size() + " deals drawn");
        }
        return new Forecast(p.id(), now, WINDOW_DAYS, RUNS, seed, openTotal, weightedTotal, stages, months);
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /**
     * For a deal of a stage that has stood there {@code age} days: the share of the stage's won
     * durations (at least {@code age} days; all of them when none is) that put its win into each of
     * the months; evenly by days over the three months when the stage has no won deals. The months
     * begin at {@code starts} (the current one and the next ones, the one after the last included:
     * {@link #monthStarts}).
     */
    static double[] monthShares(TreeMap<Long, Long> durations, long age, Instant now, Instant[] starts) {
        double[] share = new double[MONTHS];
        if (durations == null || durations.isEmpty()) {
            double total = Duration.between(now, starts[MONTHS]).toSeconds();
            for (int m = 0; m < MONTHS; m++) {
                Instant start = m == 0 ? now : starts[m];
                share[m] = Duration.between(start, starts[m + 1]).toSeconds() / total;
            }
            return share;
        }
        Map<Long, Long> candidates = durations.tailMap(age, true);
        long shift = age;
        if (candidates.isEmpty()) {
            candidates = durations;
            shift = 0;
        }
        long count = 0;
        for (Map.Entry<Long, Long> e : candidates.entrySet()) {
            count += e.getValue();
            int index = month(now.plus(Duration.ofDays(e.getKey() - shift)), starts);
            if (index >= 0) {
                share[index] += e.getValue();
            }
        }
        for (int m = 0; m < MONTHS; m++) {
            share[m] /= count;
        }
        return share;
    }

    /** When each of the months begins in the zone, and the one after them: {@code MONTHS + 1} instants. */
    static Instant[] monthStarts(YearMonth current, ZoneId zone) {
        Instant[] starts = new Instant[MONTHS + 1];
        for (int m = 0; m <= MONTHS; m++) {
            starts[m] = current.plusMonths(m).atDay(1).atStartOfDay(zone).toInstant();
        }
        return starts;
    }

    /**
     * The month (0 = the current one) an instant falls in, -1 when none of them: the instant
     * compared with the months' first instants, the same as its month in the zone, without a
     * time-zone conversion per won duration.
     */
    private static int month(Instant at, Instant[] starts) {
        if (at.isBefore(starts[0])) {
            return -1;
        }
        for (int m = 0; m < MONTHS; m++) {
            if (at.isBefore(starts[m + 1])) {
                return m;
            }
        }
        return -1;
    }

    private static BigDecimal money(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
    }

    private Pipeline pipeline(long accountId, long pipelineId) {
        return pipelines.pipeline(accountId, pipelineId).orElseThrow(() -> ValidationException.of("0", "pipeline_id",
                "NotSupportedChoice", "Pipeline " + pipelineId + " does not exist"));
    }

    /** Saves each pipeline's forecast once a month, checking hourly, on one node at a time, with nobody watching. */
    @Configuration(proxyBeanMethods = false)
    static class SaveJob {

        @Bean
        RecurringTask<Void> saveForecasts(SalesForecast forecasts) {
            return Tasks.recurring("save-forecasts", FixedDelay.of(Duration.ofHours(1)))
                    .execute((instance, context) -> forecasts.saveDueForecasts());
        }
    }
}
