package org.voronka.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.voronka.analytics.internal.ResultsSql;
import org.voronka.analytics.internal.StayLengths;
import org.voronka.deal.DealImport;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealMerge;
import org.voronka.deal.DealTrash;
import org.voronka.deal.DealUpdate;
import org.voronka.deal.ImportedDeal;
import org.voronka.deal.MergeRequest;
import org.voronka.demo.DemoData;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Actor;
import org.voronka.shared.Source;
import org.voronka.shared.Times;
import org.voronka.support.ApiTest;
import org.voronka.support.TestDatabase;
import org.voronka.task.NewTask;
import org.voronka.task.Task;
import org.voronka.task.TaskChange;
import org.voronka.task.TaskManagement;
import org.voronka.task.TaskType;
import org.voronka.timeline.NewNote;
import org.voronka.timeline.Note;
import org.voronka.timeline.NoteManagement;

/**
 * The activity rollup behind the results per user and department (ADR 0031) follows every change
 * exactly: after demo data, tasks created, completed, edited and reopened, notes written and
 * edited, deals moved within and across pipelines, deleted, restored, merged (and a merge undone),
 * purged and imported, the rollup (folded or not) equals a recomputation from the tasks, notes and
 * deals, and the results read through it equal the results read from the tasks and notes alone,
 * for periods whose ends cut through a day of activity and periods of whole days.
 */
class ActivityRollupTests extends ApiTest {

    /** The rollup computed from the tasks, notes and deals at once (account for every ?). */
    static final String RECOMPUTED = """
            select d.pipeline_id, cast(floor(cast(extract(epoch from x.at) as double precision) / 86400) as int) as activity_day,
                   x.user_id, x.group_id, sum(x.tasks) as tasks, sum(x.calls) as calls, sum(x.notes) as notes
            from (select entity_id as deal_id, updated_at as at, responsible_user_id as user_id, group_id, 1 as tasks, 0 as calls, 0 as notes
                  from tasks where account_id = ? and entity_type = 'leads' and is_completed = true
                  union all
                  select entity_id, created_at, created_by, group_id, 0, case when note_type = 'common' then 0 else 1 end,
                         case when note_type = 'common' then 1 else 0 end
                  from notes where account_id = ? and entity_type = 'leads' and note_type in ('call_in', 'call_out', 'common')) x
            join deals d on d.account_id = ? and d.id = x.deal_id and d.is_deleted = false
            group by d.pipeline_id, cast(floor(cast(extract(epoch from x.at) as double precision) / 86400) as int), x.user_id, x.group_id
            """;

    /** The results' activity as the report read it before the rollup: the tasks and notes of the period joined with the pipeline's deals. */
    private static final String JOINED = """
            select a.k, sum(a.tasks), sum(a.calls), sum(a.notes)
            from (
              select t.entity_id as deal_id, t.%1$s as k, 1 as tasks, 0 as calls, 0 as notes
              from tasks t
              where t.account_id = ? and t.entity_type = 'leads' and t.is_completed = true and t.updated_at >= ? and t.updated_at < ?
              union all
              select n.entity_id, n.%2$s, 0, case when n.note_type = 'common' then 0 else 1 end, case when n.note_type = 'common' then 1 else 0 end
              from notes n
              where n.account_id = ? and n.entity_type = 'leads' and n.note_type in ('call_in', 'call_out', 'common')
                and n.created_at >= ? and n.created_at < ?
            ) a
            join deals d on d.account_id = ? and d.id = a.deal_id
            where d.pipeline_id = ? and d.is_deleted = false
            group by a.k
            """;

    @Autowired
    DemoData demo;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PipelineManagement pipelines;

    @Autowired
    DealManagement deals;

    @Autowired
    DealTrash trash;

    @Autowired
    DealMerge merges;

    @Autowired
    DealImport dealImport;

    @Autowired
    TaskManagement tasks;

    @Autowired
    NoteManagement notes;

    @Autowired
    StayLengths stayLengths;

    @Autowired
    ResultsSql results;

    @Test
    void rollupFollowsEveryChangeAndTheResultsReadItExactly() throws InterruptedException {
        TestAccount account = newAccount();
        Actor admin = account.admin();
        long a = account.accountId();
        long wholesale = tx.execute(s -> accounts.createGroup(admin, "Опт")).id();
        long vera = tx.execute(s -> accounts.createUser(admin, "Вера", "vera-" + a + "@test.local", "secret-123456", "ru", false,
                wholesale)).id();
        demo.generate(admin, 5, TestDatabase.POSTGRES ? 300 : 150, HistoryCrossCheckTests.UNTIL, 1000);
        Thread.sleep(5); // the marker below lies strictly between the demo's activity and what follows
        Instant marker = Instant.now();
        Thread.sleep(5);
        Random random = new Random(11);
        List<Long> users = List.of(account.adminId(), vera);

        // tasks: created, completed, edited while completed (another user and department), reopened
        List<NewTask> newTasks = new ArrayList<>();
        for (long deal : pick(a, random, 30)) {
            newTasks.add(new NewTask("0", DealManagement.ENTITY, deal, TaskType.FOLLOW_UP, "Позвонить", Instant.now().plus(Duration.ofDays(2)),
                    0, users.get(random.nextInt(2)), null));
        }
        List<Task> created = tasks.create(admin, newTasks);
        tasks.update(admin, created.subList(0, 20).stream().map(t -> new TaskChange("0", t.id(), null, null, null, null, null, true, "Готово"))
                .toList());
        tasks.update(admin, created.subList(0, 5).stream().map(t -> new TaskChange("0", t.id(), null, null, null, null,
                t.responsibleUserId() == vera ? account.adminId() : vera, null, null)).toList());
        tasks.update(admin, created.subList(5, 9).stream().map(t -> new TaskChange("0", t.id(), null, null, null, null, null, false, null))
                .toList());
        tasks.update(admin, created.subList(9, 12).stream().map(t -> new TaskChange("0", t.id(), null, "Перезвонить", null, null, null, null,
                null)).toList());

        // notes: calls, common notes and a note type that is not counted; some edited
        List<NewNote> newNotes = new ArrayList<>();
        String[] types = {"call_in", "call_out", "common", "sms_in"};
        for (long deal : pick(a, random, 30)) {
            String type = types[random.nextInt(types.length)];
            Map<String, Object> params = type.startsWith("call") ? Map.of("phone", "+79990000001", "duration", 30, "source", "pbx")
                    : type.equals("sms_in") ? Map.of("text", "Перезвоните", "phone", "+79990000001") : Map.of("text", "Обсудили условия");
            long user = users.get(random.nextInt(2));
            newNotes.add(new NewNote("0", DealManagement.ENTITY, deal, type, params, user, user));
        }
        List<Note> written = notes.create(admin, DealManagement.ENTITY, newNotes);
        notes.update(admin, DealManagement.ENTITY, written.subList(0, 4).stream().map(n -> new NoteManagement.NoteChange("0", n.id(), null,
                null, null, vera, true)).toList());

        // deals: moved across pipelines and within them (one list, as mass actions write it), deleted, restored, merged, purged
        List<Pipeline> all = pipelines.pipelines(a);
        List<DealUpdate> moves = new ArrayList<>();
        for (long deal : pick(a, random, 30)) {
            Pipeline p = all.get(random.nextInt(all.size()));
            Stage to = p.stages().get(random.nextInt(p.stages().size()));
            moves.add(new DealUpdate("0", deal, null, null, p.id(), to.id(), null, null, false, null, null, null, null, null));
        }
        deals.update(admin, moves, Source.MASS_ACTION);
        List<Long> gone = pick(a, random, 8);
        trash.delete(admin, gone, Source.API);
        trash.restore(admin, gone.subList(0, 4), Source.API);
        List<Long> pair = pick(a, random, 4);
        merges.merge(admin, new MergeRequest(pair.get(0), List.of(pair.get(1)), null, null, null, null, null, null), Source.API);
        var undone = merges.merge(admin, new MergeRequest(pair.get(2), List.of(pair.get(3)), null, null, null, null, null, null),
                Source.API);
        merges.undo(admin, undone.mergeId(), Source.API);
        trash.delete(admin, pick(a, random, 3), Source.API);
        trash.purgeDeletedBefore(Instant.now().plus(Duration.ofDays(1)), tx);

        // an import, then its deals' tasks completed
        List<Long> imported = tx.execute(s -> dealImport.importDeals(admin, List.of(
                new ImportedDeal("Импорт 1", BigDecimal.TEN, vera, vera, null, List.of(new ImportedDeal.Move(all.get(0).id(),
                        all.get(0).stages().get(0).id(), marker.minus(Duration.ofDays(3)), vera))),
                new ImportedDeal("Импорт 2", BigDecimal.ONE, vera, vera, null, List.of(new ImportedDeal.Move(all.get(0).id(),
                        all.get(0).stages().get(0).id(), marker.minus(Duration.ofDays(2)), vera))))));
        List<Task> importedTasks = tasks.create(admin, imported.stream().map(d -> new NewTask("0", DealManagement.ENTITY, d, TaskType.MEETING,
                "Встреча", Instant.now().plus(Duration.ofDays(1)), 0, vera, null)).toList());
        tasks.update(admin, importedTasks.stream().map(t -> new TaskChange("0", t.id(), null, null, null, null, null, true, "Состоялась"))
                .toList());

        assertThat(kept(a)).isEqualTo(recomputed(a));
        while (tx.execute(status -> stayLengths.fold()) > 0) {
            // the job's work, done here at once: folding keeps the rollup as it is
        }
        assertThat(kept(a)).isEqualTo(recomputed(a));

        Instant now = Instant.now();
        List<Instant[]> periods = List.of(
                new Instant[] {now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(2))}, // whole days around all the activity
                new Instant[] {marker, now.plus(Duration.ofDays(2))}, // a part day from the marker
                new Instant[] {now.minus(Duration.ofDays(30)), marker}, // a part day up to the marker
                new Instant[] {marker.minus(Duration.ofHours(1)), marker.plus(Duration.ofHours(1))}); // no whole day
        int compared = 0;
        for (Pipeline p : all) {
            for (Instant[] period : periods) {
                for (boolean byDepartment : List.of(false, true)) {
                    ReportFilter f = ReportFilter.of(p.id(), period[0], period[1]);
                    Map<Long, List<Long>> expected = joined(a, f, byDepartment);
                    compared += expected.size();
                    assertThat(fromReport(a, f, byDepartment)).as(p.name() + " " + period[0] + " " + period[1] + " " + byDepartment)
                            .isEqualTo(expected);
                }
            }
        }
        assertThat(compared).isGreaterThan(10);
    }

    private List<Long> pick(long a, Random random, int n) {
        List<Long> live = jdbc.queryForList("select id from deals where account_id = ? and is_deleted = false order by id", Long.class, a);
        Set<Long> picked = new TreeSet<>();
        while (picked.size() < n) {
            picked.add(live.get(random.nextInt(live.size())));
        }
        List<Long> list = new ArrayList<>(picked);
        java.util.Collections.shuffle(list, random);
        return list;
    }

    /** The rollup as kept (folded totals plus deltas, without empty rows), one text per row. */
    private Set<String> kept(long a) {
        return rows("""
                select pipeline_id, activity_day, user_id, group_id, sum(tasks), sum(calls), sum(notes)
                from (select pipeline_id, activity_day, user_id, group_id, tasks, calls, notes from analytics_activity where account_id = ?
                      union all
                      select pipeline_id, activity_day, user_id, group_id, tasks, calls, notes from analytics_activity_deltas where account_id = ?) h
                group by pipeline_id, activity_day, user_id, group_id
                having sum(tasks) <> 0 or sum(calls) <> 0 or sum(notes) <> 0
                """, a, a);
    }

    private Set<String> recomputed(long a) {
        return rows(RECOMPUTED, a, a, a);
    }

    private Set<String> rows(String sql, Object... args) {
        Set<String> rows = new TreeSet<>();
        jdbc.query(sql, rs -> {
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(Long.toString(rs.getLong(i)));
            }
            rows.add(String.join("|", values));
        }, args);
        return rows;
    }

    /** Per user or department: tasks, calls, notes as the report counts them, for the keys with any activity. */
    private Map<Long, List<Long>> fromReport(long a, ReportFilter f, boolean byDepartment) {
        return results.results(a, f, byDepartment).stream().filter(r -> r.tasks() + r.calls() + r.notes() != 0)
                .collect(Collectors.toMap(ResultsSql.ResultRow::key, r -> List.of(r.tasks(), r.calls(), r.notes()), (x, y) -> x, TreeMap::new));
    }

    private Map<Long, List<Long>> joined(long a, ReportFilter f, boolean byDepartment) {
        Map<Long, List<Long>> rows = new TreeMap<>();
        Object from = Times.param(f.from());
        Object to = Times.param(f.to());
        jdbc.query(JOINED.formatted(byDepartment ? "group_id" : "responsible_user_id", byDepartment ? "group_id" : "created_by"),
                rs -> {
                    rows.put(rs.getLong(1), List.of(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                }, a, from, to, a, from, to, a, f.pipelineId());
        return rows;
    }
}
