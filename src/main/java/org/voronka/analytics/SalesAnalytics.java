package org.voronka.analytics;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.AccountManagement;
import org.voronka.account.User;
import org.voronka.analytics.StageDurations.StageTime;
import org.voronka.analytics.StageDurations.Stats;
import org.voronka.analytics.internal.CurrentSql;
import org.voronka.analytics.internal.DealConditions;
import org.voronka.analytics.internal.ForecastSql;
import org.voronka.analytics.internal.ResultsSql;
import org.voronka.analytics.internal.HistorySql;
import org.voronka.analytics.internal.HistorySql.ReachedRow;
import org.voronka.analytics.internal.HistorySql.VisitedRow;
import org.voronka.deal.LossReason;
import org.voronka.deal.LossReasons;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.ValidationException;

/** The analytics module's facade: every report of a pipeline, read-only. */
@Service
public class SalesAnalytics {

    /** The default mis-drop threshold: stays under a minute count as passing through. */
    public static final long DEFAULT_MISDROP_SECONDS = 60;

    private final HistorySql history;
    private final CurrentSql current;
    private final ForecastSql forecastSql;
    private final ResultsSql results;
    private final PipelineManagement pipelines;
    private final LossReasons lossReasons;
    private final AccountManagement accounts;
    private final Clock clock;
    private final DealConditions conditions;

    SalesAnalytics(HistorySql history, CurrentSql current, ForecastSql forecastSql, ResultsSql results, PipelineManagement pipelines,
                   LossReasons lossReasons, AccountManagement accounts, Clock clock, DealConditions conditions) {
        this.conditions = conditions;
        this.results = results;
        this.history = history;
        this.current = current;
        this.forecastSql = forecastSql;
        this.pipelines = pipelines;
        this.lossReasons = lossReasons;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** One snapshot for the reached and visited statements, so their stages agree while deals move. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Funnel funnel(long accountId, ReportFilter filter, FunnelModel model) {
        Pipeline p = check(accountId, filter);
        List<ReachedRow> reached = history.reached(accountId, filter);
        Map<Long, VisitedRow> visited = visitedByStage(accountId, filter);

        Map<Outcome, Amount> outcomes = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, Amount.NONE);
        }
        Amount cohort = Amount.NONE;
        for (ReachedRow r : reached) {
            Outcome o = Outcome.valueOf(r.outcome().toUpperCase(java.util.Locale.ROOT));
            outcomes.put(o, outcomes.get(o).plus(r.deals(), r.budget()));
            cohort = cohort.plus(r.deals(), r.budget());
        }
        Amount won = outcomes.get(Outcome.WON);

        List<Stage> rows = funnelStages(p);
        List<Amount> amounts = new ArrayList<>();
        List<Long> wonCounts = new ArrayList<>();
        for (Stage s : rows) {
            if (s.isWon()) {
                amounts.add(won);
                wonCounts.add(won.deals());
            } else if (model == FunnelModel.VISITED || s.isUnsorted()) {
                VisitedRow v = visited.get(s.id());
                amounts.add(v == null ? Amount.NONE : new Amount(v.deals(), v.budget()));
                wonCounts.add(v == null ? 0 : v.won());
            } else {
                amounts.add(reachedAmount(reached, s.sort()));
                wonCounts.add(reachedWon(reached, s.sort()));
            }
        }
        List<Funnel.Step> steps = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Stage s = rows.get(i);
            long deals = amounts.get(i).deals();
            Double toNext = null;
            if (i + 1 < rows.size() && (model == FunnelModel.VISITED || s.isUnsorted())) {
                // the share of the deals that stood here and got to a later stage: the visited rows are not nested
                VisitedRow v = visited.get(s.id());
                toNext = ratio(v == null ? 0 : v.advanced(), deals);
            } else if (i + 1 < rows.size()) {
                toNext = ratio(amounts.get(i + 1).deals(), deals);
            }
            steps.add(new Funnel.Step(rows.get(i), amounts.get(i), wonCounts.get(i), toNext, ratio(wonCounts.get(i), deals)));
        }
        return new Funnel(filter, model, cohort, outcomes, steps, losses(accountId, p, reached));
    }

    private List<Funnel.Loss> losses(long accountId, Pipeline p, List<ReachedRow> reached) {
        Map<Long, String> reasonNames = new HashMap<>();
        for (LossReason r : lossReasons.all(accountId)) {
            reasonNames.put(r.id(), r.name());
        }
        Map<Stage, Map<Long, Amount>> byStage = new LinkedHashMap<>();
        Map<Stage, Amount> totals = new HashMap<>();
        Stage unknown = new Stage(accountId, p.id(), 0, "", Integer.MAX_VALUE, "", Stage.TYPE_NORMAL);
        for (ReachedRow r : reached) {
            if (!Outcome.LOST.code().equals(r.outcome())) {
                continue;
            }
            Stage from = r.lostFrom() == null ? unknown : p.stage(r.lostFrom()).orElse(unknown);
            // a reason deleted since is cleared on the deals; the projection may still hold its id
            long reason = r.lossReasonId() == null || !reasonNames.containsKey(r.lossReasonId()) ? 0L : r.lossReasonId();
            byStage.computeIfAbsent(from, k -> new HashMap<>()).merge(reason,
                    new Amount(r.deals(), r.budget()), Amount::plus);
            totals.merge(from, new Amount(r.deals(), r.budget()), Amount::plus);
        }
        List<Funnel.Loss> losses = new ArrayList<>();
        byStage.keySet().stream().sorted(Comparator.comparingInt(Stage::sort)).forEach(stage -> {
            List<Funnel.Reason> reasons = byStage.get(stage).entrySet().stream()
                    .map(e -> new Funnel.Reason(e.getKey() == 0 ? null : e.getKey(), e.getKey() == 0 ? null : reasonNames.get(e.getKey()),
                            e.getValue()))
                    .sorted(Comparator.comparingLong((Funnel.Reason r) -> -r.amount().deals())
                            .thenComparing(r -> r.reasonId() == null ? Long.MAX_VALUE : r.reasonId()))
                    .toList();
            losses.add(new Funnel.Loss(stage == unknown ? null : stage, totals.get(stage), reasons));
        });
        return losses;
    }

    /**
     * One snapshot for all the report's statements: the ranks found in the histogram of stay
     * lengths must be read from the same stays (ADR 28), whatever moves commit meanwhile.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public StageDurations stageDurations(long accountId, ReportFilter filter, long misdropSeconds) {
        Pipeline p = check(accountId, filter);
        if (misdropSeconds < 0) {
            throw ValidationException.of("0", "misdrop_seconds", "OutOfRange", "The mis-drop threshold cannot be negative");
        }
        Instant now = clock.instant();
        Map<Long, Stats> finished = new HashMap<>();
        Map<Long, Stats> open = new HashMap<>();
        Map<Long, Long> misdrops = new HashMap<>();
        HistorySql.Durations durations = history.durations(accountId, filter, misdropSeconds, now);
        for (HistorySql.StayRow r : durations.stays()) {
            Stats stats = new Stats(r.count(), r.mean(), r.median(), r.p90(), r.max());
            switch (r.kind()) {
                case "finished" -> finished.put(r.statusId(), stats);
                case "open" -> open.put(r.statusId(), stats);
                default -> misdrops.put(r.statusId(), r.count());
            }
        }
        Map<Long, Stats> cumulative = new HashMap<>();
        for (HistorySql.CumulativeRow r : durations.cumulative()) {
            cumulative.put(r.statusId(), new Stats(r.deals(), r.mean(), r.median(), r.p90(), null));
        }
        List<ReachedRow> reached = history.reached(accountId, filter);
        List<StageTime> stages = new ArrayList<>();
        for (Stage s : p.stages()) {
            if (s.isClosed()) {
                continue;
            }
            long skipped = 0;
            if (s.isWorking()) {
                skipped = reachedAmount(reached, s.sort()).deals() - durations.visits().getOrDefault(s.id(), 0L);
            }
            stages.add(new StageTime(s, finished.getOrDefault(s.id(), Stats.EMPTY), misdrops.getOrDefault(s.id(), 0L),
                    cumulative.getOrDefault(s.id(), Stats.EMPTY), open.getOrDefault(s.id(), Stats.EMPTY), skipped));
        }
        return new StageDurations(filter, misdropSeconds, stages);
    }

    @Transactional(readOnly = true)
    public Snapshot snapshot(long accountId, ReportFilter filter) {
        Pipeline p = pipeline(accountId, filter);
        Map<Long, Amount> byStage = new HashMap<>();
        Amount total = Amount.NONE;
        for (CurrentSql.OpenRow r : current.openByStage(accountId, filter)) {
            byStage.put(r.key(), new Amount(r.deals(), r.budget()));
            total = total.plus(r.deals(), r.budget());
        }
        List<Snapshot.StageAmount> stages = p.stages().stream().filter(s -> !s.isClosed())
                .map(s -> new Snapshot.StageAmount(s, byStage.getOrDefault(s.id(), Amount.NONE))).toList();
        Map<Long, String> names = userNames(accountId);
        List<Snapshot.UserAmount> users = current.openByUser(accountId, filter).stream()
                .map(r -> new Snapshot.UserAmount(r.key(), names.getOrDefault(r.key(), "#" + r.key()), new Amount(r.deals(), r.budget())))
                .sorted(Comparator.comparing((Snapshot.UserAmount u) -> u.amount().budget()).reversed()
                        .thenComparingLong(Snapshot.UserAmount::userId))
                .toList();
        return new Snapshot(p.id(), total, stages, users);
    }

    @Transactional(readOnly = true)
    public StalledStages stalled(long accountId, ReportFilter filter) {
        Pipeline p = pipeline(accountId, filter);
        Instant now = clock.instant();
        Map<Long, CurrentSql.StalledRow> rows = new HashMap<>();
        current.stalled(accountId, filter, now).forEach(r -> rows.put(r.statusId(), r));
        List<StalledStages.Row> result = p.stages().stream().filter(s -> !s.isClosed()).map(s -> {
            CurrentSql.StalledRow r = rows.get(s.id());
            return r == null ? new StalledStages.Row(s, 0, 0, 0, 0)
                    : new StalledStages.Row(s, r.open(), r.withoutTask(), r.overdue(), r.overTarget());
        }).toList();
        return new StalledStages(p.id(), now, result);
    }

    /**
     * The ids of a funnel's deals, ascending, a page at a time: the whole cohort, or the deals
     * counted in one stage by a model, or lost from a stage; optionally only one outcome.
     *
     * @param model {@code reached}, {@code visited} or {@code lost_from} (with a stage), or null
     */
    @Transactional(readOnly = true)
    public List<Long> funnelDeals(long accountId, ReportFilter filter, String model, Long statusId, Outcome outcome, long afterId,
                                  int limit) {
        check(accountId, filter);
        return history.cohortDealIds(accountId, filter, model, statusId, outcome == null ? null : outcome.code(), afterId, limit);
    }

    /** What kind of open deals a drill-down from the snapshot or the stalled report lists. */
    public enum OpenKind { ALL, WITHOUT_TASK, OVERDUE_TASK, OVER_TARGET }

    /**
     * The ids of open deals of the filter's pipeline now (the period is not used), a page at a
     * time: optionally of one stage or responsible user, and only one stalled kind.
     */
    @Transactional(readOnly = true)
    public List<Long> openDeals(long accountId, ReportFilter filter, Long statusId, Long userId, OpenKind kind, long afterId,
                                int limit) {
        Pipeline p = pipeline(accountId, filter);
        String code = kind == null || kind == OpenKind.ALL ? null : kind.name().toLowerCase(java.util.Locale.ROOT);
        return current.openDealIds(accountId, filter, statusId, userId, code, clock.instant(), afterId, limit);
    }

    /** The funnel's lost deals one by one (at most {@code limit}, by id): the losses export. */
    @Transactional(readOnly = true)
    public List<Funnel.LostDeal> lostDeals(long accountId, ReportFilter filter, int limit) {
        Pipeline p = check(accountId, filter);
        Map<Long, String> reasonNames = new HashMap<>();
        for (LossReason r : lossReasons.all(accountId)) {
            reasonNames.put(r.id(), r.name());
        }
        return history.lostDeals(accountId, filter, limit).stream().map(r -> new Funnel.LostDeal(r.id(), r.name(), r.price(),
                r.lostFrom() == null ? null : p.stage(r.lostFrom()).orElse(null),
                r.lossReasonId() == null ? null : reasonNames.get(r.lossReasonId()), r.lostAt())).toList();
    }

    /** Results per responsible user ({@code byDepartment} false) or per department; see {@link TeamResults}. */
    @Transactional(readOnly = true)
    public TeamResults results(long accountId, ReportFilter filter, boolean byDepartment) {
        check(accountId, filter);
        Map<Long, String> names = new HashMap<>();
        if (byDepartment) {
            accounts.groups(accountId).forEach(g -> names.put(g.id(), g.name()));
        } else {
            names.putAll(userNames(accountId));
        }
        List<TeamResults.Row> rows = new ArrayList<>();
        long newDeals = 0;
        long won = 0;
        long lost = 0;
        long tasks = 0;
        long calls = 0;
        long notes = 0;
        java.math.BigDecimal wonBudget = java.math.BigDecimal.ZERO;
        for (ResultsSql.ResultRow r : results.results(accountId, filter, byDepartment)) {
            rows.add(new TeamResults.Row(r.key(), names.get(r.key()), r.newDeals(), r.won(), r.wonBudget(), r.lost(),
                    ratio(r.won(), r.newDeals()), r.medianCycle(), r.tasks(), r.calls(), r.notes()));
            newDeals += r.newDeals();
            won += r.won();
            lost += r.lost();
            tasks += r.tasks();
            calls += r.calls();
            notes += r.notes();
            wonBudget = wonBudget.add(r.wonBudget());
        }
        rows.sort(Comparator.comparing(TeamResults.Row::wonBudget, Comparator.reverseOrder())
                .thenComparing(TeamResults.Row::newDeals, Comparator.reverseOrder()).thenComparingLong(TeamResults.Row::id));
        TeamResults.Row total = new TeamResults.Row(0, null, newDeals, won, wonBudget, lost, ratio(won, newDeals), null, tasks, calls,
                notes);
        return new TeamResults(filter, byDepartment, rows, total);
    }

    /**
     * The ids of the deals won in the filter's period (standing in its pipeline's Won, last moved
     * there in [from, to)), a page at a time: the deals behind a month's won revenue.
     */
    @Transactional(readOnly = true)
    public List<Long> wonDeals(long accountId, ReportFilter filter, long afterId, int limit) {
        Pipeline p = check(accountId, filter);
        return forecastSql.wonDealIds(accountId, filter, afterId, limit);
    }

    /** The rows of a funnel top to bottom: Incoming (when present), the working stages, Won. */
    static List<Stage> funnelStages(Pipeline p) {
        List<Stage> rows = new ArrayList<>();
        p.unsortedStage().ifPresent(rows::add);
        p.stages().stream().filter(Stage::isWorking).forEach(rows::add);
        p.stage(Stage.WON).ifPresent(rows::add);
        return rows;
    }

    private Map<Long, VisitedRow> visitedByStage(long accountId, ReportFilter filter) {
        Map<Long, VisitedRow> visited = new HashMap<>();
        history.visited(accountId, filter).forEach(v -> visited.put(v.statusId(), v));
        return visited;
    }

    private static Amount reachedAmount(List<ReachedRow> rows, int sort) {
        Amount a = Amount.NONE;
        for (ReachedRow r : rows) {
            if (r.furthestSort() != null && r.furthestSort() >= sort) {
                a = a.plus(r.deals(), r.budget());
            }
        }
        return a;
    }

    private static long reachedWon(List<ReachedRow> rows, int sort) {
        long won = 0;
        for (ReachedRow r : rows) {
            if (r.furthestSort() != null && r.furthestSort() >= sort && Outcome.WON.code().equals(r.outcome())) {
                won += r.deals();
            }
        }
        return won;
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private Map<Long, String> userNames(long accountId) {
        Map<Long, String> names = new HashMap<>();
        for (User u : accounts.users(accountId, 0, 10_000)) {
            names.put(u.id(), u.name());
        }
        return names;
    }

    private Pipeline check(long accountId, ReportFilter filter) {
        Pipeline p = pipeline(accountId, filter);
        if (filter.from() == null || filter.to() == null || !filter.from().isBefore(filter.to())) {
            throw ValidationException.of("0", "from", "InvalidValue", "The period needs from before to");
        }
        return p;
    }

    /** The filter's pipeline, its field conditions checked (a refused one is a precise error, not a failed query). */
    private Pipeline pipeline(long accountId, ReportFilter filter) {
        Pipeline p = pipeline(accountId, filter.pipelineId());
        conditions.check(accountId, filter);
        return p;
    }

    private Pipeline pipeline(long accountId, long pipelineId) {
        return pipelines.pipeline(accountId, pipelineId).orElseThrow(() -> ValidationException.of("0", "pipeline_id",
                "NotSupportedChoice", "Pipeline " + pipelineId + " does not exist"));
    }
}
