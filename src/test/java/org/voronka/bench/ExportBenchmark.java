package org.voronka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.support.ApiTest;
import org.voronka.support.TestDatabase;

/**
 * Exports {@code BENCH_EXPORT_DEALS} (100,000) deals with a custom field as XLSX and CSV through
 * {@code POST /api/v4/leads/mass_actions/export} on PostgreSQL, and reports the time, the file size
 * and the heap used while the file is written (sampled). Run it alone:
 * {@code mvn -o surefire:test@postgres-test -Dtest=ExportBenchmark} (surefire skips it otherwise).
 */
class ExportBenchmark extends ApiTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PipelineManagement pipelines;

    @Test
    void exportsOneHundredThousandDeals() throws Exception {
        assertThat(TestDatabase.POSTGRES).as("runs on PostgreSQL").isTrue();
        int n = Integer.parseInt(System.getenv().getOrDefault("BENCH_EXPORT_DEALS", "100000"));
        var account = newAccount();
        Pipeline main = pipelines.mainPipeline(account.accountId());
        long stage = main.firstWorkingStage().id();
        long field = account.api().post("/api/v4/leads/custom_fields", List.of(Map.of("name", "Площадь", "type", "numeric")))
                .json().at("/_embedded/custom_fields/0/id").asLong();
        long started = System.nanoTime();
        jdbc.update("insert into deals (account_id, id, name, price, responsible_user_id, pipeline_id, status_id, created_by, updated_by, "
                + "created_at, updated_at) select ?, 1000000000000 + g, 'Сделка ' || g, g % 100000, ?, ?, ?, ?, ?, now(), now() "
                + "from generate_series(1, ?) g", account.accountId(), account.adminId(), main.id(), stage, account.adminId(),
                account.adminId(), n);
        jdbc.update("insert into deal_names (account_id, deal_id, name_lower) select account_id, id, lower(name) from deals "
                + "where account_id = ?", account.accountId());
        jdbc.update("insert into custom_field_values (account_id, entity_type, entity_id, field_id, position, value_text, value_norm) "
                + "select ?, 'leads', 1000000000000 + g, ?, 0, (g % 500)::text, (g % 500)::text from generate_series(1, ?) g",
                account.accountId(), field, n);
        jdbc.execute("analyze deals");
        jdbc.execute("analyze custom_field_values");
        System.out.printf("loaded %,d deals in %.1f s%n", n, (System.nanoTime() - started) / 1e9);

        for (String format : List.of("xlsx", "csv")) {
            String body = "{\"query\":\"Сделка\",\"format\":\"" + format + "\",\"columns\":[\"id\",\"name\",\"pipeline\",\"status\","
                    + "\"price\",\"responsible_user\",\"tags\",\"created_at\",\"closed_at\",\"main_contact\",\"company\",\"cf_" + field
                    + "\"]}";
            if (format.equals("csv")) { // the other way to select: a plain filter
                body = body.replace("\"query\":\"Сделка\",", "\"filter\":{\"pipeline_id\":" + main.id() + "},");
            }
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long baseline = rt.totalMemory() - rt.freeMemory();
            long[] peak = {baseline};
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak[0] = Math.max(peak[0], rt.totalMemory() - rt.freeMemory());
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            long t0 = System.nanoTime();
            HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + "/api/v4/leads/mass_actions/export")).header("Authorization", "Bearer " + account.api().token())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long bytes = 0;
            try (InputStream in = r.body()) {
                byte[] buffer = new byte[65536];
                int read;
                while ((read = in.read(buffer)) > 0) {
                    bytes += read;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            sampler.interrupt();
            assertThat(r.statusCode()).isEqualTo(200);
            System.out.printf("| %s | %,d deals | %.1f s | %,d rows/s | %.1f MB | heap peak over baseline %.0f MB (max heap %.0f MB) |%n",
                    format, n, seconds, (long) (n / seconds), bytes / 1e6, (peak[0] - baseline) / 1e6, rt.maxMemory() / 1e6);
        }
    }
}
