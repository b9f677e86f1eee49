package org.voronka.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.automation.internal.Runner;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/** Automation as an administrator and a sales manager see it on the cards and the settings pages. */
class AutomationWebTests extends ApiTest {

    @Autowired
    Runner runner;

    @Test
    void aRuleCopiesTheDealIntoAnotherPipelineWithTheChosenFieldsAndBothCardsLinkEachOther() throws InterruptedException {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode sales = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long salesId = sales.get("id").asLong();
        List<Long> working = new ArrayList<>();
        sales.at("/_embedded/statuses").forEach(st -> {
            if (st.get("type").asInt() == 0 && st.get("id").asLong() != 142 && st.get("id").asLong() != 143) {
                working.add(st.get("id").asLong());
            }
        });
        JsonNode lawyers = api.post("/api/v4/leads/pipelines", List.of(Map.of("name", "Юристы", "sort", 5, "is_main", false,
                "is_unsorted_on", false, "_embedded", Map.of("statuses", List.of(Map.of("name", "Проверка договора", "sort", 10))))))
                .json().at("/_embedded/pipelines/0");
        long lawyersId = lawyers.get("id").asLong();
        long check = lawyers.at("/_embedded/statuses/0/id").asLong();
        Response fields = api.post("/api/v4/leads/custom_fields", """
                [{"name": "Номер договора", "type": "text"},
                 {"name": "Источник", "type": "select", "enums": [{"value": "Сайт"}, {"value": "Звонок"}]}]""");
        assertThat(fields.status()).as(fields.text()).isEqualTo(200);
        long contract = fields.json().at("/_embedded/custom_fields/0/id").asLong();
        long source = fields.json().at("/_embedded/custom_fields/1/id").asLong();
        long site = fields.json().at("/_embedded/custom_fields/1/enums/0/id").asLong();
        long contact = api.post("/api/v4/contacts", List.of(Map.of("name", "Иван Петров"))).json().at("/_embedded/contacts/0/id").asLong();

        Response rule = api.post("/api/v4/automations", List.of(Map.of("name", "Юристам", "pipeline_id", salesId, "status_id", working.get(1),
                "trigger", "entered", "actions", List.of(Map.of("type", "copy", "pipeline_id", lawyersId, "status_id", check,
                        "fields", List.of(contract))))));
        assertThat(rule.status()).as(rule.text()).isEqualTo(200);
        Response created = api.post("/api/v4/leads", List.of(Map.of("name", "Поставка станков", "price", 250000,
                "pipeline_id", salesId, "status_id", working.get(0),
                "custom_fields_values", List.of(Map.of("field_id", contract, "values", List.of(Map.of("value", "Д-17"))),
                        Map.of("field_id", source, "values", List.of(Map.of("enum_id", site)))),
                "_embedded", Map.of("tags", List.of(Map.of("name", "VIP")), "contacts", List.of(Map.of("id", contact))))));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        long original = created.json().at("/_embedded/leads/0/id").asLong();

        assertThat(api.patch("/api/v4/leads/" + original, Map.of("status_id", working.get(1))).status()).isEqualTo(200);
        // the run is taken by a background worker or by this drain, whichever comes first
        runner.drain(Instant.now());
        long ruleId = rule.json().at("/_embedded/automations/0/id").asLong();
        String runs = "/api/v4/automations/" + ruleId + "/runs";
        for (int i = 0; i < 200 && "pending".equals(api.get(runs).json().at("/_embedded/runs/0/state").asString()); i++) {
            Thread.sleep(100);
        }
        assertThat(api.get(runs).json().at("/_embedded/runs/0/state").asString()).as(api.get(runs).text()).isEqualTo("done");

        JsonNode copies = api.get("/api/v4/leads?with=contacts&filter[statuses][0][pipeline_id]=" + lawyersId
                + "&filter[statuses][0][status_id]=" + check).json().at("/_embedded/leads");
        assertThat(copies).hasSize(1);
        JsonNode copy = copies.get(0);
        long copyId = copy.get("id").asLong();
        assertThat(copy.get("name").asString()).isEqualTo("Поставка станков");
        assertThat(copy.get("price").asLong()).isEqualTo(250000);
        assertThat(copy.at("/_embedded/tags/0/name").asString()).isEqualTo("VIP");
        assertThat(copy.at("/_embedded/contacts/0/id").asLong()).isEqualTo(contact);
        // only the chosen field goes along
        assertThat(copy.get("custom_fields_values")).hasSize(1);
        assertThat(copy.at("/custom_fields_values/0/field_id").asLong()).isEqualTo(contract);
        assertThat(copy.at("/custom_fields_values/0/values/0/value").asString()).isEqualTo("Д-17");
        // the original stays where it was
        assertThat(api.get("/api/v4/leads/" + original).json().get("status_id").asLong()).isEqualTo(working.get(1));

        // both cards show where the deal came from / went
        String email = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        tx.execute(s -> accounts.createUser(account.admin(), "Руководитель", email, "pw-secret-1", "ru", true, 0));
        WebClient web = new WebClient("http://localhost:" + port);
        web.login(email, "pw-secret-1", false);
        HttpResponse<String> originalCard = web.get("/leads/" + original);
        assertThat(originalCard.body()).contains("Копии в других воронках").contains("href=\"/leads/" + copyId + "\"");
        HttpResponse<String> copyCard = web.get("/leads/" + copyId);
        assertThat(copyCard.body()).contains("Скопирована из").contains("href=\"/leads/" + original + "\"");
    }

    @Test
    void anAdministratorSetsTheWorkingHoursOnTheAutomationPageAndBadHoursAreRefused() {
        var account = newAccount();
        String email = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        tx.execute(s -> accounts.createUser(account.admin(), "Руководитель", email, "pw-secret-1", "ru", true, 0));
        WebClient web = new WebClient("http://localhost:" + port);
        web.login(email, "pw-secret-1", false);
        long pipeline = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/id").asLong();
        String page = "/settings/pipelines/" + pipeline + "/automation";
        assertThat(web.get(page).body()).contains("Рабочее время");

        HttpResponse<String> saved = web.postPairs(page + "/working-hours", "days", "1", "days", "3", "starts", "10:00", "ends", "19:30");
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(accounts.workingHours(account.accountId())).isEqualTo(new org.voronka.account.WorkingHours(
                java.util.EnumSet.of(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.WEDNESDAY), java.time.LocalTime.of(10, 0),
                java.time.LocalTime.of(19, 30)));

        HttpResponse<String> refused = web.postPairs(page + "/working-hours", "days", "2", "starts", "18:00", "ends", "09:00");
        assertThat(refused.body()).contains("Рабочий день должен заканчиваться позже");
        assertThat(accounts.workingHours(account.accountId()).starts()).isEqualTo(java.time.LocalTime.of(10, 0));
    }

    @Test
    void aRuleThatGivesNewDealsToADepartmentInTurnIsMadeInTheEditor() {
        var account = newAccount();
        long lawyers = accounts.createGroup(account.admin(), "Юристы").id();
        String email = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        tx.execute(s -> accounts.createUser(account.admin(), "Руководитель", email, "pw-secret-1", "ru", true, lawyers));
        WebClient web = new WebClient("http://localhost:" + port);
        web.login(email, "pw-secret-1", false);
        JsonNode pipeline = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0");
        long stage = pipeline.at("/_embedded/statuses/1/id").asLong();
        String page = "/settings/pipelines/" + pipeline.get("id").asLong() + "/automation";
        assertThat(web.get(page).body()).contains("По очереди: Юристы");

        HttpResponse<String> saved = web.postPairs(page, "statusId", Long.toString(stage), "name", "Распределение", "trigger", "created",
                "action", "set_responsible", "assignee", "round_robin:" + lawyers);
        assertThat(saved.body()).contains("Распределение").contains("По очереди: Юристы");
        JsonNode rule = account.api().get("/api/v4/automations").json().at("/_embedded/automations/0");
        assertThat(rule.at("/actions/0/assign").asString()).isEqualTo("round_robin");
        assertThat(rule.at("/actions/0/group_id").asLong()).isEqualTo(lawyers);
    }
}
