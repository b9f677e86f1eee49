package org.voronka.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.BrowserTest;
import org.voronka.support.Xlsx;
import tools.jackson.databind.JsonNode;

/** In the list the head of sales picks deals, exports them as XLSX, sets a field on them and undoes it. */
class MassFieldExportBrowserTests extends BrowserTest {

    @Test
    void selectDealsExportThemAsXlsxSetAFieldAndUndo() throws IOException {
        var account = newAccount("ru");
        ApiClient api = account.api();
        Response field = api.post("/api/v4/leads/custom_fields", List.of(Map.of("name", "Канал", "type", "select",
                "enums", List.of(Map.of("value", "Розница", "sort", 1), Map.of("value", "Опт", "sort", 2)))));
        assertThat(field.status()).as(field.toString()).isEqualTo(200);
        long fieldId = field.json().at("/_embedded/custom_fields/0/id").asLong();
        List<Long> ids = new ArrayList<>();
        Response created = api.post("/api/v4/leads", List.of(Map.of("name", "Окна", "price", 1000), Map.of("name", "Двери", "price", 2000),
                Map.of("name", "Крыша", "price", 3000), Map.of("name", "Не выбрана", "price", 4000)));
        created.json().at("/_embedded/leads").forEach(l -> ids.add(l.get("id").asLong()));
        List<Long> picked = ids.subList(0, 3);
        Login login = user(account, "Руководитель продаж", "ru");
        Page page = signIn(login, "ru-RU");

        page.navigate(base() + "/leads/list");
        for (long id : picked) {
            page.check("#list-body input[name=ids][value='" + id + "']");
        }
        assertThat(page.locator("[data-mass-bar]")).isVisible();
        page.selectOption("#mass-action", "export");
        page.selectOption("#mass-format", "xlsx");
        page.click(".mass-columns summary");
        page.check(".mass-columns input[value='cf_" + fieldId + "']");
        screenshot(page, "mass-export-columns");
        Download download = page.waitForDownload(() -> page.click("#mass-preview"));
        Path file = Path.of("target", "test-artifacts", "mass-export.xlsx");
        Files.createDirectories(file.getParent());
        download.saveAs(file);
        List<List<String>> rows = Xlsx.rows(Files.readAllBytes(file));
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).startsWith("ID", "Название", "Воронка", "Этап", "Бюджет").endsWith("Компания", "Канал");
        assertThat(rows.subList(1, 4).stream().map(r -> r.get(1)).toList()).containsExactly("Окна", "Двери", "Крыша");
        assertThat(rows.get(3).get(4)).isEqualTo("3000");

        page.selectOption("#mass-action", "set_field");
        page.selectOption("#mass-field", Long.toString(fieldId));
        page.fill("#mass-field-value", "Опт");
        page.click("#mass-preview");
        assertThat(page.locator("#mass-preview-box")).containsText("3");
        assertThat(page.locator("#mass-preview-box")).containsText("Канал: Опт");
        screenshot(page, "mass-set-field-preview");
        page.click("#mass-start");
        assertThat(page.locator("#mass-progress")).hasAttribute("data-state", "finished",
                new LocatorAssertions.HasAttributeOptions().setTimeout(90_000));
        assertThat(page.locator("#mass-counts")).containsText("3");
        for (long id : picked) {
            assertThat(channel(api, id, fieldId)).isEqualTo("Опт");
        }
        assertThat(channel(api, ids.get(3), fieldId)).isNull();

        page.navigate(base() + "/leads/" + picked.get(0));
        assertThat(page.locator("#timeline")).containsText("Опт");

        page.navigate(base() + "/leads/list");
        page.click("#mass-undo");
        assertThat(page.locator("#mass-progress .mass-title")).containsText("Отмена массового действия");
        assertThat(page.locator("#mass-progress")).hasAttribute("data-state", "finished",
                new LocatorAssertions.HasAttributeOptions().setTimeout(90_000));
        screenshot(page, "mass-set-field-undone");
        for (long id : picked) {
            assertThat(channel(api, id, fieldId)).isNull();
        }
    }

    private static String channel(ApiClient api, long dealId, long fieldId) {
        JsonNode values = api.get("/api/v4/leads/" + dealId).json().get("custom_fields_values");
        if (values == null || !values.isArray()) {
            return null;
        }
        for (JsonNode v : values) {
            if (v.get("field_id").asLong() == fieldId) {
                return v.at("/values/0/value").asString();
            }
        }
        return null;
    }
}
