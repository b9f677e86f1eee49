package org.voronka.massaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Download;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import org.voronka.support.Xlsx;
import tools.jackson.databind.JsonNode;

/** Exporting the selected deals, or all matching a filter, as CSV and XLSX with chosen columns. */
class DealExportTests extends ApiTest {

    static final String PATH = "/api/v4/leads/mass_actions/export";

    @Test
    void exportsTheChosenColumnsOfTheSelectedDealsAsCsv() throws IOException {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode fields = api.post("/api/v4/leads/custom_fields", """
                [{"name": "Площадь", "type": "numeric"},
                 {"name": "Канал", "type": "select", "enums": [{"value": "Опт", "sort": 1}]},
                 {"name": "Дата замера", "type": "date"}]""").json().at("/_embedded/custom_fields");
        long area = fields.at("/0/id").asLong();
        long channel = fields.at("/1/id").asLong();
        long measured = fields.at("/2/id").asLong();
        long contact = api.post("/api/v4/contacts", List.of(Map.of("name", "Анна Петрова"))).json().at("/_embedded/contacts/0/id").asLong();
        long company = api.post("/api/v4/companies", List.of(Map.of("name", "ООО Ромашка"))).json().at("/_embedded/companies/0/id").asLong();
        Response created = api.post("/api/v4/leads", List.of(
                Map.of("name", "Окна, дом 5", "price", 125000, "created_at", 1767225600,
                        "tags_to_add", List.of(Map.of("name", "опт"), Map.of("name", "срочно")),
                        "custom_fields_values", List.of(Map.of("field_id", area, "values", List.of(Map.of("value", 42.5))),
                                Map.of("field_id", channel, "values", List.of(Map.of("value", "Опт"))),
                                Map.of("field_id", measured, "values", List.of(Map.of("value", 1767312000)))),
                        "_embedded", Map.of("contacts", List.of(Map.of("id", contact, "is_main", true)),
                                "companies", List.of(Map.of("id", company)))),
                Map.of("name", "Двери"),
                Map.of("name", "Not selected")));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        long first = created.json().at("/_embedded/leads/0/id").asLong();
        long second = created.json().at("/_embedded/leads/1/id").asLong();

        Download csv = api.download(PATH, Map.of("ids", List.of(second, first), "format", "csv", "columns", List.of("name", "id", "status",
                "pipeline", "price", "responsible_user", "tags", "created_at", "closed_at", "main_contact", "company", "cf_" + area,
                "cf_" + channel, "cf_" + measured)));

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.disposition()).contains("leads.csv");
        List<CSVRecord> rows = csv(csv.body());
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).toList()).containsExactly("name", "id", "status", "pipeline", "price", "responsible_user", "tags",
                "created_at", "closed_at", "main_contact", "company", "Площадь", "Канал", "Дата замера");
        CSVRecord row = rows.get(1);
        assertThat(row.get(0)).isEqualTo("Окна, дом 5");
        assertThat(row.get(1)).isEqualTo(Long.toString(first));
        assertThat(row.get(2)).isNotBlank();
        assertThat(row.get(3)).isNotBlank();
        assertThat(row.get(4)).isEqualTo("125000");
        assertThat(row.get(5)).startsWith("Admin");
        assertThat(row.get(6)).contains("опт").contains("срочно");
        assertThat(row.get(7)).isEqualTo("2026-01-01T03:00+03:00");
        assertThat(row.get(8)).isEmpty();
        assertThat(row.get(9)).isEqualTo("Анна Петрова");
        assertThat(row.get(10)).isEqualTo("ООО Ромашка");
        assertThat(row.get(11)).isEqualTo("42.5");
        assertThat(row.get(12)).isEqualTo("Опт");
        assertThat(row.get(13)).startsWith("2026-01-02");
        assertThat(rows.get(2).get(0)).isEqualTo("Двери");
        assertThat(rows.get(2).get(9)).isEmpty();
    }

    @Test
    void exportsEveryDealMatchingAFilterAsXlsxAcrossPages() {
        var account = newAccount();
        ApiClient api = account.api();
        int n = DealExport.PAGE + 20;
        for (int from = 0; from < n; from += 250) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 250); i++) {
                batch.add(Map.of("name", "Bulk " + i, "price", i));
            }
            Response r = api.post("/api/v4/leads", batch);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        api.post("/api/v4/leads", List.of(Map.of("name", "Other")));

        Download xlsx = api.download(PATH, Map.of("query", "Bulk", "format", "xlsx", "columns", List.of("id", "name", "price")));

        assertThat(xlsx.status()).isEqualTo(200);
        assertThat(xlsx.contentType()).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        List<List<String>> rows = Xlsx.rows(xlsx.body());
        assertThat(rows).hasSize(n + 1);
        assertThat(rows.get(0)).containsExactly("id", "name", "price");
        List<Long> ids = rows.subList(1, rows.size()).stream().map(r -> Long.parseLong(r.get(0))).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(rows.get(1).get(1)).isEqualTo("Bulk 0");
        assertThat(rows.get(n).get(1)).isEqualTo("Bulk " + (n - 1));
        assertThat(rows.get(n).get(2)).isEqualTo(Integer.toString(n - 1));
        assertThat(rows).noneMatch(r -> r.get(1).equals("Other"));
    }

    @Test
    void badInputIsRefusedBeforeAnyFileAndOtherAccountsDealsAreLeftOut() throws IOException {
        var account = newAccount();
        ApiClient api = account.api();
        long mine = api.post("/api/v4/leads", List.of(Map.of("name", "Mine"))).json().at("/_embedded/leads/0/id").asLong();
        var other = newAccount();
        long theirs = other.api().post("/api/v4/leads", List.of(Map.of("name", "Theirs"))).json().at("/_embedded/leads/0/id").asLong();

        error(api, Map.of("ids", List.of(mine)), "format", "NotBlank");
        error(api, Map.of("ids", List.of(mine), "format", "pdf"), "format", "NotSupportedChoice");
        error(api, Map.of("ids", List.of(mine), "format", "csv", "columns", List.of("name", "password")), "columns.1",
                "NotSupportedChoice");
        error(api, Map.of("ids", List.of(mine), "format", "csv", "columns", List.of("name", "cf_999999999")), "columns.1",
                "NotSupportedChoice");
        error(api, Map.of("ids", List.of(mine), "format", "csv", "columns", "name"), "columns", "InvalidType");
        error(api, Map.of("format", "csv"), "ids", "NotBlank");
        error(api, Map.of("ids", List.of("x"), "format", "csv"), "ids.0", "InvalidType");

        Download csv = api.download(PATH, Map.of("ids", List.of(mine, theirs), "format", "csv", "columns", List.of("id", "name")));
        assertThat(csv.status()).isEqualTo(200);
        List<CSVRecord> rows = csv(csv.body());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get(1)).isEqualTo("Mine");
    }

    private static List<CSVRecord> csv(byte[] body) throws IOException {
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF");
        return CSVFormat.EXCEL.parse(new StringReader(text.substring(1))).getRecords();
    }

    private static void error(ApiClient api, Map<String, Object> body, String path, String code) {
        Response r = api.post(PATH, new LinkedHashMap<>(body));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.text()).contains("\"path\":\"" + path + "\"").contains("\"code\":\"" + code + "\"");
    }
}
