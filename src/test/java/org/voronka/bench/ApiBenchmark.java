package org.voronka.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load driver for {@code bench/run.sh}: measures the list, stage-move and batch-create targets
 * against a running application over HTTP, and the same stage-move SQL over plain JDBC, then
 * prints a Markdown table. Not a test (surefire skips *Benchmark*); run it through the script.
 */
public final class ApiBenchmark {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String token;
    private final String jdbcUrl;
    private final String jdbcUser;
    private final int clients;
    private final int seconds;
    private final List<String[]> table = new ArrayList<>();
    private final RawHttp raw;

    private long accountId;
    private long salesPipeline;
    private List<Long> workingStages;

    ApiBenchmark(Map<String, String> args) {
        this.base = args.getOrDefault("base", "http://127.0.0.1:18080");
        this.token = args.get("token");
        this.jdbcUrl = args.get("jdbc");
        this.jdbcUser = args.getOrDefault("jdbc-user", "postgres");
        this.clients = Integer.parseInt(args.getOrDefault("clients", "8"));
        this.seconds = Integer.parseInt(args.getOrDefault("seconds", "30"));
        this.raw = RawHttp.withToken(base, token);
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        ApiBenchmark b = new ApiBenchmark(args);
        b.discover();
        List<String> run = Arrays.asList(args.getOrDefault("run", "list,move,jdbc,create").split(","));
        if (run.contains("list")) {
            b.list();
        }
        if (run.contains("move")) {
            b.moves();
        }
        if (run.contains("jdbc")) {
            b.jdbcMoves();
        }
        if (run.contains("create")) {
            b.creates();
        }
        if (run.contains("automation")) {
            b.automation();
        }
        if (run.contains("board")) {
            b.board();
        }
        if (run.contains("analytics")) {
            b.analytics();
        }
        if (run.contains("mass")) {
            b.massMove();
        }
        b.print();
    }

    private Connection db() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, jdbcUser, System.getenv().getOrDefault("BENCH_PG_PASSWORD", ""));
    }

    private void discover() throws SQLException {
        try (Connection c = db()) {
            accountId = single(c, "select min(id) from accounts");
            salesPipeline = single(c, "select id from pipelines where account_id = " + accountId + " and is_main");
            workingStages = longs(c, "select id from statuses where account_id = " + accountId + " and pipeline_id = " + salesPipeline
                    + " and type = 0 and id not in (142, 143) order by sort");
        }
        System.out.printf("account %d, main pipeline %d, working stages %s, load %s%n", accountId, salesPipeline, workingStages, load());
    }

    // ---- GET /api/v4/leads ----

    private void list() throws Exception {
        long openStage;
        long openCount;
        long lostCount;
        try (Connection c = db()) {
            openStage = single(c, "select status_id from deals where account_id = " + accountId + " and pipeline_id = " + salesPipeline
                    + " and status_id not in (142, 143) group by status_id order by count(*) desc fetch first 1 rows only");
            openCount = single(c, "select count(*) from deals where account_id = " + accountId + " and pipeline_id = " + salesPipeline
                    + " and status_id = " + openStage);
            lostCount = single(c, "select count(*) from deals where account_id = " + accountId + " and pipeline_id = " + salesPipeline
                    + " and status_id = 143");
        }
        String open = "/api/v4/leads?filter[statuses][0][pipeline_id]=" + salesPipeline + "&filter[statuses][0][status_id]=" + openStage
                + "&limit=250";
        String lost = "/api/v4/leads?filter[statuses][0][pipeline_id]=" + salesPipeline + "&filter[statuses][0][status_id]=143&limit=250";
        for (int i = 0; i < 300; i++) {
            get(base + (i % 2 == 0 ? open : lost));
        }
        long[] a = repeat(300, i -> base + open);
        add("GET leads, stage filter, page 1 (open stage, " + openCount + " deals), 1 client", a, "");
        long[] b = repeat(300, i -> base + lost);
        add("GET leads, stage filter, page 1 (Lost, " + lostCount + " deals), 1 client", b, "");

        // following _links.next (keyset cursor) from page 1 to page 1000, twice
        List<long[]> walks = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            long[] pages = new long[1000];
            String url = base + lost;
            for (int p = 0; p < 1000 && url != null; p++) {
                long t0 = System.nanoTime();
                JsonNode body = getJson(url);
                pages[p] = (System.nanoTime() - t0) / 1000;
                JsonNode next = body.at("/_links/next/href");
                url = next.isMissingNode() ? null : next.asString();
            }
            walks.add(pages);
        }
        for (int[] window : new int[][] {{0, 10}, {490, 500}, {990, 1000}}) {
            long[] sample = new long[2 * (window[1] - window[0])];
            int k = 0;
            for (long[] pages : walks) {
                for (int p = window[0]; p < window[1]; p++) {
                    sample[k++] = pages[p];
                }
            }
            add("GET leads, Lost, following _links.next (cursor), pages " + (window[0] + 1) + "–" + window[1], sample, "");
        }
        for (int page : new int[] {1, 10, 100, 1000}) {
            long[] s = repeat(page == 1000 ? 30 : 60, i -> base + lost + "&page=" + page);
            add("GET leads, Lost, plain page=" + page, s, "");
        }
    }

    private long[] repeat(int n, IntFunction<String> url) throws Exception {
        long[] micros = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            get(url.apply(i));
            micros[i] = (System.nanoTime() - t0) / 1000;
        }
        return micros;
    }

    // ---- PATCH /api/v4/leads/{id} ----

    private record OpenDeal(long id, long status) {}

    private List<List<OpenDeal>> partitions() throws SQLException {
        List<List<OpenDeal>> parts = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            parts.add(new ArrayList<>());
        }
        try (Connection c = db(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("select id, status_id from deals where account_id = " + accountId + " and pipeline_id = "
                     + salesPipeline + " and status_id not in (142, 143) and not is_deleted order by id")) {
            int i = 0;
            while (rs.next()) {
                parts.get(i++ % clients).add(new OpenDeal(rs.getLong(1), rs.getLong(2)));
            }
        }
        return parts;
    }

    private void moves() throws Exception {
        List<List<OpenDeal>> parts = partitions();
        Map<String, Long> before = counters();
        Result r = runClients(parts, (client, random, deals, current) -> {
            int i = random.nextInt(deals.size());
            long target = otherStage(random, current[i]);
            long t0 = System.nanoTime();
            RawHttp.Response resp = raw.send("PATCH", "/api/v4/leads/" + deals.get(i).id(), "{\"status_id\":" + target + "}");
            long micros = (System.nanoTime() - t0) / 1000;
            if (resp.status() != 200) {
                throw new IllegalStateException("PATCH answered " + resp.status() + " " + resp.body());
            }
            current[i] = target;
            return micros;
        });
        add("PATCH leads/{id} status_id (stage move), " + clients + " clients", r.latencies, r.perSecond("moves"));
        Thread.sleep(1500);
        Map<String, Long> after = counters();
        StringBuilder sb = new StringBuilder("   per move (from pg_stat, approximate): ");
        for (var e : after.entrySet()) {
            double d = (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / (double) r.count;
            if (d >= 0.05) {
                sb.append(e.getKey()).append(' ').append(String.format("%.2f", d)).append("; ");
            }
        }
        System.out.println(sb);
        table.add(new String[] {"  database work per app move", "", "", "", "", sb.toString().replace("   per move (from pg_stat, approximate): ", "")});
    }

    /** The SQL the application runs for a move (see DealRepository, Ids, EventRepository), without HTTP and Spring. */
    private void jdbcMoves() throws Exception {
        List<List<OpenDeal>> parts = partitions();
        String columns = "account_id, id, name, price, responsible_user_id, group_id, pipeline_id, status_id, loss_reason_id, source_id, "
                + "company_id, created_by, updated_by, created_at, updated_at, closed_at, closest_task_at, is_deleted, score, labor_cost";
        Connection[] connections = new Connection[clients];
        PreparedStatement[][] statements = new PreparedStatement[clients][];
        for (int t = 0; t < clients; t++) {
            Connection c = db();
            c.setAutoCommit(false);
            connections[t] = c;
            statements[t] = new PreparedStatement[] {
                c.prepareStatement("select " + columns + " from deals where account_id = ? and id in (?) and not is_deleted order by id for update"),
                c.prepareStatement("update deals set name = ?, price = ?, responsible_user_id = ?, group_id = ?, pipeline_id = ?, status_id = ?, "
                        + "loss_reason_id = ?, company_id = ?, updated_by = ?, updated_at = ?, closed_at = ? where account_id = ? and id = ?"),
                c.prepareStatement("select nextval('transition_seq') from generate_series(1, ?)"),
                c.prepareStatement("insert into stage_transitions (account_id, id, deal_id, from_pipeline_id, from_status_id, to_pipeline_id, "
                        + "to_status_id, moved_at, user_id, source) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                c.prepareStatement("select nextval('event_seq') from generate_series(1, ?)"),
                c.prepareStatement("insert into events (account_id, id, type, entity_type, entity_id, created_by, created_at, value_before, "
                        + "value_after) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")};
        }
        Result r = runClients(parts, (client, random, deals, current) -> {
            int i = random.nextInt(deals.size());
            long dealId = deals.get(i).id();
            long target = otherStage(random, current[i]);
            PreparedStatement[] s = statements[client];
            Connection c = connections[client];
            long t0 = System.nanoTime();
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            s[0].setLong(1, accountId);
            s[0].setLong(2, dealId);
            long fromPipeline;
            long fromStatus;
            try (ResultSet rs = s[0].executeQuery()) {
                rs.next();
                fromPipeline = rs.getLong("pipeline_id");
                fromStatus = rs.getLong("status_id");
                s[1].setString(1, rs.getString("name"));
                s[1].setBigDecimal(2, rs.getBigDecimal("price"));
                s[1].setLong(3, rs.getLong("responsible_user_id"));
                s[1].setLong(4, rs.getLong("group_id"));
                s[1].setObject(7, rs.getObject("loss_reason_id", Long.class));
                s[1].setObject(8, rs.getObject("company_id", Long.class));
            }
            s[1].setLong(5, salesPipeline);
            s[1].setLong(6, target);
            s[1].setLong(9, 1);
            s[1].setObject(10, now);
            s[1].setObject(11, null);
            s[1].setLong(12, accountId);
            s[1].setLong(13, dealId);
            s[1].executeUpdate();
            long transitionId = nextId(s[2]);
            s[3].setLong(1, accountId);
            s[3].setLong(2, transitionId);
            s[3].setLong(3, dealId);
            s[3].setLong(4, fromPipeline);
            s[3].setLong(5, fromStatus);
            s[3].setLong(6, salesPipeline);
            s[3].setLong(7, target);
            s[3].setObject(8, now);
            s[3].setLong(9, 1);
            s[3].setString(10, "api");
            s[3].executeUpdate();
            long eventId = nextId(s[4]);
            s[5].setLong(1, accountId);
            s[5].setLong(2, eventId);
            s[5].setString(3, "lead_status_changed");
            s[5].setString(4, "lead");
            s[5].setLong(5, dealId);
            s[5].setLong(6, 1);
            s[5].setObject(7, now);
            s[5].setString(8, "[{\"lead_status\":{\"id\":" + fromStatus + ",\"pipeline_id\":" + fromPipeline + "}}]");
            s[5].setString(9, "[{\"lead_status\":{\"id\":" + target + ",\"pipeline_id\":" + salesPipeline + "}}]");
            s[5].executeUpdate();
            c.commit();
            current[i] = target;
            return (System.nanoTime() - t0) / 1000;
        });
        for (Connection c : connections) {
            c.close();
        }
        add("plain JDBC, the same SQL per move, " + clients + " threads", r.latencies, r.perSecond("moves"));
    }

    private static long nextId(PreparedStatement s) throws SQLException {
        s.setInt(1, 1);
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long otherStage(SplittableRandom random, long current) {
        long target;
        do {
            target = workingStages.get(random.nextInt(workingStages.size()));
        } while (target == current);
        return target;
    }

    // ---- POST /api/v4/leads ----

    private void creates() throws Exception {
        List<List<OpenDeal>> parts = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            parts.add(List.of(new OpenDeal(0, 0)));
        }
        AtomicLong seq = new AtomicLong();
        Result r = runClients(parts, (client, random, deals, current) -> {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < 250; i++) {
                long stage = workingStages.get(random.nextInt(workingStages.size()));
                body.append(i == 0 ? "" : ",").append("{\"name\":\"Нагрузочная сделка ").append(seq.incrementAndGet())
                        .append("\",\"price\":").append(1000 + random.nextInt(500_000)).append(",\"pipeline_id\":").append(salesPipeline)
                        .append(",\"status_id\":").append(stage).append('}');
            }
            body.append(']');
            long t0 = System.nanoTime();
            RawHttp.Response resp = raw.send("POST", "/api/v4/leads", body.toString());
            long micros = (System.nanoTime() - t0) / 1000;
            if (resp.status() != 200) {
                throw new IllegalStateException("POST answered " + resp.status() + " " + resp.body());
            }
            return micros;
        });
        add("POST leads, 250 deals per request, " + clients + " clients", r.latencies,
                String.format("%.0f deals/s (%.1f requests/s)", 250 * r.count / r.seconds, r.count / r.seconds));
    }

    // ---- running clients ----

    interface Op {
        long run(int client, SplittableRandom random, List<OpenDeal> deals, long[] current) throws Exception;
    }

    private record Result(long[] latencies, long count, double seconds) {
        String perSecond(String what) {
            return String.format("%.0f %s/s", count / seconds, what);
        }
    }

    /** Warms up for 5 s, then runs every client for the configured seconds and collects latencies in microseconds. */
    private Result runClients(List<List<OpenDeal>> parts, Op op) throws Exception {
        phase(parts, op, 5);
        return phase(parts, op, seconds);
    }

    private Result phase(List<List<OpenDeal>> parts, Op op, int duration) throws Exception {
        long end = System.nanoTime() + duration * 1_000_000_000L;
        List<long[]> perClient = new ArrayList<>();
        long[] counts = new long[parts.size()];
        Throwable[] failure = new Throwable[1];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < parts.size(); t++) {
            int client = t;
            long[][] buffer = {new long[1 << 16]};
            perClient.add(null);
            Thread thread = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(client * 7919L + duration);
                List<OpenDeal> deals = parts.get(client);
                long[] current = deals.stream().mapToLong(OpenDeal::status).toArray();
                int n = 0;
                try {
                    while (System.nanoTime() < end) {
                        long micros = op.run(client, random, deals, current);
                        if (n == buffer[0].length) {
                            buffer[0] = Arrays.copyOf(buffer[0], n * 2);
                        }
                        buffer[0][n++] = micros;
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
                counts[client] = n;
                synchronized (perClient) {
                    perClient.set(client, Arrays.copyOf(buffer[0], n));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        long total = Arrays.stream(counts).sum();
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).toArray();
        return new Result(all, total, elapsed);
    }

    // ---- automation: the delay from a move to the rule's task ----

    /**
     * A rule "on entering the last working stage, create a task" on the main pipeline; then (1)
     * moves into that stage at a steady {@code rate} per second for the configured seconds, and the
     * delay from each move (its stage_transitions row) to its task (tasks.created_at); (2) one
     * mass move of {@code massMoves} deals by batch PATCH of 250, and the time until the last task
     * exists. The rule is deleted afterwards.
     */
    private void automation() throws Exception {
        int rate = Integer.parseInt(System.getenv().getOrDefault("BENCH_AUTOMATION_RATE", "200"));
        int massMoves = Integer.parseInt(System.getenv().getOrDefault("BENCH_AUTOMATION_MASS", "10000"));
        long target = workingStages.get(workingStages.size() - 1);
        String marker = "bench-" + System.currentTimeMillis();
        RawHttp.Response created = raw.send("POST", "/api/v4/automations", "[{\"name\":\"" + marker + "\",\"pipeline_id\":" + salesPipeline
                + ",\"status_id\":" + target + ",\"trigger\":\"entered\",\"actions\":[{\"type\":\"create_task\",\"text\":\"" + marker
                + " {{lead.id}}\",\"deadline\":{\"in_minutes\":60}}]}]");
        if (created.status() != 200) {
            throw new IllegalStateException("POST automations answered " + created.status() + " " + created.body());
        }
        long rule = JSON.readTree(created.body()).at("/_embedded/automations/0/id").asLong();
        List<Long> candidates = new ArrayList<>();
        try (Connection c = db(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("select id from deals where account_id = " + accountId + " and pipeline_id = " + salesPipeline
                     + " and status_id not in (142, 143, " + target + ") and not is_deleted order by id desc fetch first "
                     + (rate * seconds + massMoves + 1000) + " rows only")) {
            while (rs.next()) {
                candidates.add(rs.getLong(1));
            }
        }
        try {
            // (1) a steady stream of moves
            if (candidates.size() < massMoves + rate) {
                throw new IllegalStateException("only " + candidates.size() + " open deals to move; lower BENCH_AUTOMATION_MASS or load more deals");
            }
            int steady = Math.min(rate * seconds, candidates.size() - massMoves);
            List<Long> streamed = candidates.subList(0, steady);
            java.time.Instant streamStart = java.time.Instant.now();
            // enough connections that a slow answer does not hold back the next move: the rate is the driver's, not the server's
            int connections = Integer.parseInt(System.getenv().getOrDefault("BENCH_AUTOMATION_SENDERS", "32"));
            java.util.concurrent.ScheduledExecutorService pacer = java.util.concurrent.Executors.newScheduledThreadPool(connections);
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.CountDownLatch sent = new java.util.concurrent.CountDownLatch(steady);
            long periodMicros = 1_000_000L / rate;
            pacer.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i >= steady) {
                    return;
                }
                pacer.execute(() -> {
                    try {
                        raw.send("PATCH", "/api/v4/leads/" + streamed.get(i), "{\"status_id\":" + target + "}");
                    } catch (Exception e) {
                        System.out.println("move failed: " + e);
                    } finally {
                        sent.countDown();
                    }
                });
            }, 0, periodMicros, java.util.concurrent.TimeUnit.MICROSECONDS);
            sent.await();
            double sendSeconds = java.time.Duration.between(streamStart, java.time.Instant.now()).toMillis() / 1000.0;
            pacer.shutdownNow();
            long[] delays = awaitTasks(marker, target, streamStart, steady);
            add("automation: move → rule's task, " + rate + " moves/s offered (delay)", delays,
                    String.format("%.0f moves/s sent", steady / sendSeconds));

            // (2) one mass move
            List<Long> mass = candidates.subList(steady, steady + Math.min(massMoves, candidates.size() - steady));
            java.time.Instant massStart = java.time.Instant.now();
            long t0 = System.nanoTime();
            java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<?>> batches = new ArrayList<>();
            for (int from = 0; from < mass.size(); from += 250) {
                List<Long> batch = mass.subList(from, Math.min(mass.size(), from + 250));
                StringBuilder body = new StringBuilder("[");
                for (int k = 0; k < batch.size(); k++) {
                    body.append(k == 0 ? "" : ",").append("{\"id\":").append(batch.get(k)).append(",\"status_id\":").append(target).append('}');
                }
                batches.add(senders.submit(() -> raw.send("PATCH", "/api/v4/leads", body.append(']').toString())));
            }
            for (var f : batches) {
                f.get();
            }
            senders.shutdown();
            long movedMicros = (System.nanoTime() - t0) / 1000;
            awaitTasks(marker, target, massStart, mass.size());
            long allTasksMicros = (System.nanoTime() - t0) / 1000;
            long tasks;
            try (Connection c = db()) {
                tasks = single(c, "select count(*) from tasks where account_id = " + accountId + " and text like '" + marker + " %' "
                        + "and created_at >= '" + massStart + "'");
            }
            add("automation: mass move of " + mass.size() + " deals (250 per PATCH) until the last task exists", new long[] {allTasksMicros},
                    String.format("moves done in %.1f s; %d tasks", movedMicros / 1e6, tasks));
        } finally {
            raw.send("DELETE", "/api/v4/automations/" + rule, null);
        }
    }

    /** Waits (up to 5 minutes) until the moves since {@code since} into the stage have their tasks; returns the delays in microseconds. */
    private long[] awaitTasks(String marker, long target, java.time.Instant since, int expected) throws Exception {
        String sql = "select extract(epoch from (t.created_at - s.moved_at)) * 1000000 from stage_transitions s "
                + "join tasks t on t.account_id = s.account_id and t.entity_type = 'leads' and t.entity_id = s.deal_id "
                + "and t.text = '" + marker + " ' || s.deal_id "
                + "where s.account_id = " + accountId + " and s.to_status_id = " + target + " and s.source = 'api' and s.moved_at >= '"
                + since + "'";
        long end = System.nanoTime() + 300_000_000_000L;
        while (true) {
            List<Long> delays = new ArrayList<>();
            try (Connection c = db(); var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    delays.add(rs.getLong(1));
                }
            }
            if (delays.size() >= expected || System.nanoTime() > end) {
                return delays.stream().mapToLong(Long::longValue).toArray();
            }
            Thread.sleep(250);
        }
    }

    // ---- the board in the web UI ----

    private PageSession pages() throws Exception {
        return PageSession.signIn(base, System.getenv().getOrDefault("BENCH_ADMIN_EMAIL", "admin@voronka.local"),
                System.getenv().getOrDefault("BENCH_ADMIN_PASSWORD", "bench-admin-password"));
    }

    /** Loads a page and fails on anything but 200. */
    private static RawHttp.Response page(PageSession s, String target) throws Exception {
        RawHttp.Response r = s.page(target);
        if (r.status() != 200) {
            throw new IllegalStateException("GET " + target + " answered " + r.status());
        }
        return r;
    }

    /**
     * The board as a browser asks for it: the whole page of the biggest pipeline and of the smallest
     * (same speed expected), the size of its largest column, the next cards of a column, and the
     * drag round trip (the move and the new totals).
     */
    private void board() throws Exception {
        PageSession s = pages();
        long small;
        long openBig;
        long openSmall;
        long bigStage;
        try (Connection c = db()) {
            small = single(c, "select p.id from pipelines p left join deals d on d.account_id = p.account_id and d.pipeline_id = p.id "
                    + "and d.status_id not in (142, 143) and not d.is_deleted where p.account_id = " + accountId
                    + " group by p.id order by count(d.id), p.id fetch first 1 rows only");
            openBig = single(c, "select count(*) from deals where account_id = " + accountId + " and pipeline_id = " + salesPipeline
                    + " and status_id not in (142, 143) and not is_deleted");
            openSmall = single(c, "select count(*) from deals where account_id = " + accountId + " and pipeline_id = " + small
                    + " and status_id not in (142, 143) and not is_deleted");
            bigStage = single(c, "select status_id from deals where account_id = " + accountId + " and pipeline_id = " + salesPipeline
                    + " and status_id not in (142, 143) and not is_deleted group by status_id order by count(*) desc fetch first 1 rows only");
        }
        String big = "/leads/pipeline/" + salesPipeline;
        String smallBoard = "/leads/pipeline/" + small;
        for (int i = 0; i < 30; i++) {
            page(s, big);
            page(s, smallBoard);
        }
        String html = page(s, big).body();
        long[] a = repeat(100, i -> base + big, s);
        add("board page, main pipeline (" + openBig + " open deals), 1 client", a,
                String.format("page %d KB, largest column %d KB", html.getBytes(StandardCharsets.UTF_8).length / 1024, largestColumn(html) / 1024));
        long[] b = repeat(100, i -> base + smallBoard, s);
        add("board page, smallest pipeline (" + openSmall + " open deals), 1 client", b, "");

        // the next cards of the biggest column, as on scrolling
        Matcher more = Pattern.compile("stages/" + bigStage + "/cards\\?after=(\\d+)").matcher(html);
        if (more.find()) {
            String next = big + "/stages/" + bigStage + "/cards?after=" + more.group(1);
            long[] m = new long[100];
            int size = 0;
            for (int i = 0; i < m.length; i++) {
                long t0 = System.nanoTime();
                RawHttp.Response r = s.get(next);
                m[i] = (System.nanoTime() - t0) / 1000;
                size = r.body().getBytes(StandardCharsets.UTF_8).length;
            }
            add("board: next cards of the biggest column (scroll)", m, String.format("fragment %d KB", size / 1024));
        }

        // drag and drop: one card to another column and back, as the page posts it
        List<Long> open;
        try (Connection c = db()) {
            open = longs(c, "select id from deals where account_id = " + accountId + " and pipeline_id = " + salesPipeline
                    + " and status_id = " + bigStage + " and not is_deleted order by id desc fetch first 100 rows only");
        }
        long other = otherStage(new SplittableRandom(7), bigStage);
        long[] d = new long[open.size() * 2];
        int k = 0;
        for (long to : new long[] {other, bigStage}) {
            for (long id : open) {
                long t0 = System.nanoTime();
                RawHttp.Response r = s.post("/leads/" + id + "/move", "pipelineId=" + salesPipeline + "&statusId=" + to);
                d[k++] = (System.nanoTime() - t0) / 1000;
                if (r.status() != 200) {
                    throw new IllegalStateException("move answered " + r.status() + " " + r.body());
                }
            }
        }
        add("board: drag a card to another column (move + new totals), 1 client", d, "");
    }

    /** The longest stretch of the page from one column's start to the next. */
    private static int largestColumn(String html) {
        List<Integer> starts = new ArrayList<>();
        Matcher m = Pattern.compile("<div class=\"column\"").matcher(html);
        while (m.find()) {
            starts.add(m.start());
        }
        int largest = 0;
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : html.indexOf("class=\"zone", starts.get(i));
            largest = Math.max(largest, html.substring(starts.get(i), end < 0 ? html.length() : end).getBytes(StandardCharsets.UTF_8).length);
        }
        return largest;
    }

    private long[] repeat(int n, java.util.function.IntFunction<String> url, PageSession s) throws Exception {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            page(s, url.apply(i).substring(base.length()));
            out[i] = (System.nanoTime() - t0) / 1000;
        }
        return out;
    }

    /** Loads the board over and over in the background while something else runs; {@link #stop} returns the latencies. */
    private final class BoardWatcher {
        private final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile boolean running = true;
        private final Thread thread;

        BoardWatcher(PageSession s) {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        long t0 = System.nanoTime();
                        page(s, "/leads/pipeline/" + salesPipeline);
                        latencies.add((System.nanoTime() - t0) / 1000);
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        System.out.println("board failed: " + e);
                    }
                }
            });
            thread.start();
        }

        long[] stop() throws InterruptedException {
            running = false;
            thread.join();
            return latencies.stream().mapToLong(Long::longValue).toArray();
        }
    }

    // ---- analytics reports for a year of the main pipeline, and the board meanwhile ----

    private void analytics() throws Exception {
        PageSession s = pages();
        long to = System.currentTimeMillis() / 1000;
        long from = to - 365L * 24 * 3600;
        String scope = "?pipeline_id=" + salesPipeline + "&from=" + from + "&to=" + to;
        List<String> reports = new ArrayList<>(List.of("funnel", "funnel&model=visited", "stage_durations", "stalled", "snapshot"));
        // BENCH_ANALYTICS_SKIP (comma separated report names) leaves reports out, e.g. the forecast's simulation
        List<String> skip = List.of(System.getenv().getOrDefault("BENCH_ANALYTICS_SKIP", "").split(","));
        reports.removeIf(skip::contains);
        for (String extra : List.of("users", "departments", "forecast")) {
            if (!skip.contains(extra) && raw.send("GET", "/api/v4/analytics/" + extra + scope, null).status() == 200) {
                reports.add(extra);
            }
        }
        long[] alone = new long[40];
        for (int i = 0; i < alone.length; i++) {
            long t0 = System.nanoTime();
            page(s, "/leads/pipeline/" + salesPipeline);
            alone[i] = (System.nanoTime() - t0) / 1000;
        }
        add("board page while nothing else runs", alone, "");
        BoardWatcher watcher = new BoardWatcher(s);
        for (String report : reports) {
            String[] parts = report.split("&", 2);
            String url = base + "/api/v4/analytics/" + parts[0] + scope + (parts.length > 1 ? "&" + parts[1] : "");
            get(url);
            get(url);
            long[] r = repeat(10, i -> url);
            add("analytics: " + report + ", main pipeline, 12 months, 1 client", r, "");
        }
        add("board page while the reports run", watcher.stop(), "");
    }

    // ---- a mass stage change of 100,000 deals, and the board meanwhile ----

    private void massMove() throws Exception {
        int size = Integer.parseInt(System.getenv().getOrDefault("BENCH_MASS", "100000"));
        long target = workingStages.get(workingStages.size() - 1);
        // the other working stages hold fewer than 100,000 open deals in the data set: lost and won ones make up the rest
        List<Long> from = new ArrayList<>(workingStages.stream().filter(st -> st != target).toList());
        from.addAll(List.of(142L, 143L));
        long since;
        try (Connection c = db()) {
            // the newest deals of the other stages, down to the size-th one
            // (all of them when there are fewer)
            since = single(c, "select coalesce((select extract(epoch from created_at)::bigint from deals where account_id = " + accountId
                    + " and pipeline_id = " + salesPipeline + " and status_id in (" + from.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(",")) + ") and not is_deleted order by created_at desc "
                    + "offset " + (size - 1) + " rows fetch first 1 rows only), 0)");
        }
        StringBuilder statuses = new StringBuilder();
        for (long st : from) {
            statuses.append(statuses.length() == 0 ? "" : ",").append("{\"pipeline_id\":").append(salesPipeline)
                    .append(",\"status_id\":").append(st).append('}');
        }
        String body = "{\"filter\":{\"statuses\":[" + statuses + "],\"created_at\":{\"from\":" + since + "}},"
                + "\"action\":{\"type\":\"stage\",\"pipeline_id\":" + salesPipeline + ",\"status_id\":" + target + "}}";
        PageSession s = pages();
        BoardWatcher watcher = new BoardWatcher(s);
        long t0 = System.nanoTime();
        RawHttp.Response started = raw.send("POST", "/api/v4/leads/mass_actions", body);
        if (started.status() != 202) {
            watcher.stop();
            throw new IllegalStateException("mass action answered " + started.status() + " " + started.body());
        }
        long job = JSON.readTree(started.body()).get("id").asLong();
        JsonNode done = awaitJob(job);
        long micros = (System.nanoTime() - t0) / 1000;
        long[] board = watcher.stop();
        long history;
        try (Connection c = db()) {
            history = single(c, "select count(*) from stage_transitions where account_id = " + accountId + " and source = 'mass_action' "
                    + "and to_status_id = " + target + " and moved_at >= now() - interval '" + (micros / 1_000_000 + 60) + " seconds'");
        }
        add("mass action: stage change of " + done.get("total").asLong() + " deals, until finished", new long[] {micros},
                String.format("%d done, %d failed, %d history rows", done.get("done").asLong(), done.get("failed").asLong(), history));
        add("board page while the mass action runs", board, "");

        // put the data set back for the next run
        long u0 = System.nanoTime();
        RawHttp.Response undo = raw.send("POST", "/api/v4/leads/mass_actions/" + job + "/undo", null);
        if (undo.status() == 202) {
            JsonNode undone = awaitJob(JSON.readTree(undo.body()).get("id").asLong());
            add("mass action: undo of it", new long[] {(System.nanoTime() - u0) / 1000},
                    String.format("%d done, %d failed", undone.get("done").asLong(), undone.get("failed").asLong()));
        } else {
            System.out.println("undo answered " + undo.status() + " " + undo.body());
        }
    }

    private JsonNode awaitJob(long id) throws Exception {
        while (true) {
            JsonNode job = getJson(base + "/api/v4/leads/mass_actions/" + id);
            String state = job.get("state").asString();
            if (!state.equals("queued") && !state.equals("running")) {
                return job;
            }
            Thread.sleep(500);
        }
    }

    // ---- HTTP and reporting ----

    private String get(String url) throws Exception {
        RawHttp.Response r = raw.send("GET", url, null);
        if (r.status() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.status() + " " + r.body());
        }
        return r.body();
    }

    private JsonNode getJson(String url) throws Exception {
        return JSON.readTree(get(url));
    }

    private void add(String name, long[] micros, String throughput) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        String[] row = {name, String.valueOf(sorted.length), ms(pct(sorted, 50)), ms(pct(sorted, 95)), ms(pct(sorted, 99)), throughput};
        table.add(row);
        System.out.printf("%-90s n=%-7s p50=%-8s p95=%-8s p99=%-8s %s   load %s%n", row[0], row[1], row[2], row[3], row[4], row[5], load());
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    private static String ms(long micros) {
        return String.format("%.1f ms", micros / 1000.0);
    }

    private Map<String, Long> counters() throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Connection c = db(); var st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select relname, coalesce(idx_scan, 0) + coalesce(seq_scan, 0), n_tup_ins, n_tup_upd "
                    + "from pg_stat_user_tables")) {
                while (rs.next()) {
                    m.put(rs.getString(1) + " scans", rs.getLong(2));
                    m.put(rs.getString(1) + " inserts", rs.getLong(3));
                    m.put(rs.getString(1) + " updates", rs.getLong(4));
                }
            }
            try (ResultSet rs = st.executeQuery("select xact_commit from pg_stat_database where datname = current_database()")) {
                rs.next();
                m.put("commits", rs.getLong(1));
            }
        }
        return m;
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().replaceAll(" \\S+ \\S+$", "");
        } catch (Exception e) {
            return "?";
        }
    }

    private void print() {
        System.out.println();
        System.out.println("| Benchmark | n | p50 | p95 | p99 | throughput |");
        System.out.println("|---|---|---|---|---|---|");
        for (String[] r : table) {
            System.out.println("| " + String.join(" | ", r) + " |");
        }
        System.out.println("load average at the end: " + load());
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Long> longs(Connection c, String sql) throws SQLException {
        List<Long> result = new ArrayList<>();
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                result.add(rs.getLong(1));
            }
        }
        return result;
    }
}
