package org.voronka.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.voronka.shared.Times;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import org.voronka.webhook.internal.Signature;
import org.voronka.webhook.internal.WebhookSender;
import tools.jackson.databind.JsonNode;

/** What a receiver gets: amoCRM's form bodies, the signature, retries, the dead-letter list, switch-off, exactly one attempt per node. */
class WebhookDeliveryTests extends ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Autowired
    WebhookSender sender;

    @Autowired
    JdbcTemplate jdbc;

    private Receiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private JsonNode subscribe(ApiClient api, String path, String... settings) {
        Response r = api.post("/api/v4/webhooks", Map.of("destination", receiver.url(path), "settings", List.of(settings)));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json();
    }

    private static long[] stages(ApiClient api) {
        JsonNode statuses = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/_embedded/statuses");
        long pipeline = api.get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/id").asLong();
        return new long[] {pipeline, statuses.get(1).get("id").asLong(), statuses.get(2).get("id").asLong()};
    }

    @Test
    void aStageMoveArrivesInAmoCrmsFormatSigned() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        JsonNode hook = subscribe(api, "/hook", "status_lead", "add_lead");
        long[] s = stages(api);
        long deal = api.post("/api/v4/leads", List.of(Map.of("name", "Окна на дачу", "price", 125000, "status_id", s[1],
                "pipeline_id", s[0], "_embedded", Map.of("tags", List.of(Map.of("name", "VIP")))))).json().at("/_embedded/leads/0/id").asLong();

        Receiver.Request added = receiver.next("add_lead", WAIT);
        Map<String, String> a = added.form();
        assertThat(a).containsEntry("leads[add][0][id]", Long.toString(deal))
                .containsEntry("leads[add][0][name]", "Окна на дачу")
                .containsEntry("leads[add][0][price]", "125000")
                .containsEntry("leads[add][0][status_id]", Long.toString(s[1]))
                .containsEntry("leads[add][0][pipeline_id]", Long.toString(s[0]))
                .containsEntry("leads[add][0][responsible_user_id]", Long.toString(account.adminId()))
                .containsEntry("leads[add][0][tags][0][name]", "VIP")
                .containsEntry("account[id]", Long.toString(account.accountId()))
                .containsKey("account[subdomain]");
        assertThat(a).doesNotContainKey("leads[add][0][old_status_id]");
        assertThat(added.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");

        assertThat(api.patch("/api/v4/leads/" + deal, Map.of("status_id", s[2])).status()).isEqualTo(200);
        Receiver.Request moved = receiver.next("status_lead", WAIT);
        Map<String, String> m = moved.form();
        assertThat(m).containsEntry("leads[status][0][id]", Long.toString(deal))
                .containsEntry("leads[status][0][status_id]", Long.toString(s[2]))
                .containsEntry("leads[status][0][old_status_id]", Long.toString(s[1]))
                .containsEntry("leads[status][0][pipeline_id]", Long.toString(s[0]))
                .containsEntry("leads[status][0][old_pipeline_id]", Long.toString(s[0]))
                .containsEntry("leads[status][0][modified_user_id]", Long.toString(account.adminId()));
        assertThat(m.keySet()).allMatch(k -> k.startsWith("leads[status][0][") || k.startsWith("account["));

        // the receiver can check who sent it
        long timestamp = Long.parseLong(moved.header("X-Voronka-Timestamp"));
        assertThat(moved.header("X-Voronka-Signature"))
                .isEqualTo("sha256=" + Signature.of(hook.get("secret").asString(), timestamp, moved.body()));
        assertThat(moved.header("X-Voronka-Delivery")).isNotBlank();
    }

    @Test
    void batchesItemsAndReportsEachKindOfChange() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        subscribe(api, "/all", "update_lead", "responsible_lead", "delete_lead", "restore_lead", "note_lead", "add_task",
                "update_task", "add_contact", "add_company");
        long[] s = stages(api);
        JsonNode created = api.post("/api/v4/leads", List.of(Map.of("name", "A"), Map.of("name", "B"))).json();
        long a = created.at("/_embedded/leads/0/id").asLong();
        long b = created.at("/_embedded/leads/1/id").asLong();

        api.patch("/api/v4/leads", List.of(Map.of("id", a, "price", 10), Map.of("id", b, "price", 20)));
        Map<String, String> update = receiver.next("update_lead", WAIT).form();
        assertThat(update).containsEntry("leads[update][0][id]", Long.toString(a)).containsEntry("leads[update][1][id]", Long.toString(b))
                .containsEntry("leads[update][1][price]", "20");

        var user = tx.execute(x -> accounts.createUser(account.admin(), "Second", "s-" + account.accountId() + "@test.local",
                "pw-123456", "ru", false, 0));
        api.patch("/api/v4/leads/" + a, Map.of("responsible_user_id", user.id()));
        Map<String, String> responsible = receiver.next("responsible_lead", WAIT).form();
        assertThat(responsible).containsEntry("leads[responsible][0][responsible_user_id]", Long.toString(user.id()))
                .containsEntry("leads[responsible][0][old_responsible_user_id]", Long.toString(account.adminId()));

        api.post("/api/v4/leads/notes", List.of(Map.of("entity_id", a, "note_type", "common", "params", Map.of("text", "Перезвонить"))));
        Map<String, String> note = receiver.next("note_lead", WAIT).form();
        assertThat(note).containsEntry("leads[note][0][note][element_id]", Long.toString(a))
                .containsEntry("leads[note][0][note][element_type]", "2")
                .containsEntry("leads[note][0][note][note_type]", "4")
                .containsEntry("leads[note][0][note][text]", "Перезвонить");

        long task = api.post("/api/v4/tasks", List.of(Map.of("text", "Позвонить", "complete_till", 1900000000, "entity_type", "leads",
                "entity_id", a))).json().at("/_embedded/tasks/0/id").asLong();
        Map<String, String> taskAdded = receiver.next("add_task", WAIT).form();
        assertThat(taskAdded).containsEntry("task[add][0][id]", Long.toString(task))
                .containsEntry("task[add][0][element_id]", Long.toString(a))
                .containsEntry("task[add][0][element_type]", "2")
                .containsEntry("task[add][0][status]", "0")
                .containsEntry("task[add][0][text]", "Позвонить");
        assertThat(taskAdded.get("task[add][0][complete_till]")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        api.patch("/api/v4/tasks/" + task, Map.of("is_completed", true, "result", Map.of("text", "Готово")));
        Map<String, String> taskDone = receiver.next("update_task", WAIT).form();
        assertThat(taskDone).containsEntry("task[update][0][status]", "1").containsEntry("task[update][0][action_close]", "1")
                .containsEntry("task[update][0][result][text]", "Готово");

        api.post("/api/v4/contacts", List.of(Map.of("name", "Иван")));
        Map<String, String> contact = receiver.next("add_contact", WAIT).form();
        assertThat(contact).containsEntry("contacts[add][0][name]", "Иван").containsEntry("contacts[add][0][type]", "contact");
        api.post("/api/v4/companies", List.of(Map.of("name", "ООО Ромашка")));
        Map<String, String> company = receiver.next("add_company", WAIT).form();
        assertThat(company).containsEntry("contacts[add][0][name]", "ООО Ромашка").containsEntry("contacts[add][0][type]", "company");

        api.send("DELETE", "/api/v4/leads/" + b, null, null);
        Map<String, String> deleted = receiver.next("delete_lead", WAIT).form();
        assertThat(deleted).containsEntry("leads[delete][0][id]", Long.toString(b))
                .containsEntry("leads[delete][0][status_id]", Long.toString(s[1]))
                .containsEntry("leads[delete][0][pipeline_id]", Long.toString(s[0]))
                .doesNotContainKey("leads[delete][0][name]");
        api.post("/api/v4/leads/restore", List.of(Map.of("id", b)));
        assertThat(receiver.next("restore_lead", WAIT).form()).containsEntry("leads[restore][0][id]", Long.toString(b));
    }

    @Test
    void contactsAndCompaniesReportDeleteRestoreEditsAndResponsibleChanges() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        subscribe(api, "/parties", "delete_contact", "restore_contact", "delete_company", "restore_company", "update_company",
                "responsible_contact");
        long contact = api.post("/api/v4/contacts", List.of(Map.of("name", "Иван Петров"))).json().at("/_embedded/contacts/0/id").asLong();
        long company = api.post("/api/v4/companies", List.of(Map.of("name", "ООО Ромашка"))).json().at("/_embedded/companies/0/id").asLong();

        assertThat(api.send("DELETE", "/api/v4/contacts/" + contact, null, null).status()).isEqualTo(204);
        Map<String, String> deleted = receiver.next("delete_contact", WAIT).form();
        assertThat(deleted).containsEntry("contacts[delete][0][id]", Long.toString(contact))
                .containsEntry("contacts[delete][0][type]", "contact")
                .containsEntry("account[id]", Long.toString(account.accountId()))
                .doesNotContainKey("contacts[delete][0][name]");
        assertThat(deleted.keySet()).allMatch(k -> k.startsWith("contacts[delete][0][") || k.startsWith("account["));

        assertThat(api.post("/api/v4/contacts/restore", List.of(Map.of("id", contact))).status()).isLessThan(300);
        Map<String, String> restored = receiver.next("restore_contact", WAIT).form();
        assertThat(restored).containsEntry("contacts[restore][0][id]", Long.toString(contact))
                .containsEntry("contacts[restore][0][name]", "Иван Петров")
                .containsEntry("contacts[restore][0][type]", "contact")
                .containsEntry("contacts[restore][0][responsible_user_id]", Long.toString(account.adminId()));

        assertThat(api.send("DELETE", "/api/v4/companies/" + company, null, null).status()).isEqualTo(204);
        Map<String, String> companyDeleted = receiver.next("delete_company", WAIT).form();
        assertThat(companyDeleted).containsEntry("contacts[delete][0][id]", Long.toString(company))
                .containsEntry("contacts[delete][0][type]", "company");
        assertThat(companyDeleted.keySet()).allMatch(k -> k.startsWith("contacts[delete][0][") || k.startsWith("account["));
        api.post("/api/v4/companies/restore", List.of(Map.of("id", company)));
        assertThat(receiver.next("restore_company", WAIT).form()).containsEntry("contacts[restore][0][id]", Long.toString(company))
                .containsEntry("contacts[restore][0][name]", "ООО Ромашка")
                .containsEntry("contacts[restore][0][type]", "company");

        api.patch("/api/v4/companies/" + company, Map.of("name", "ООО Ромашка и партнёры"));
        assertThat(receiver.next("update_company", WAIT).form()).containsEntry("contacts[update][0][id]", Long.toString(company))
                .containsEntry("contacts[update][0][name]", "ООО Ромашка и партнёры")
                .containsEntry("contacts[update][0][type]", "company");

        var user = tx.execute(x -> accounts.createUser(account.admin(), "Second", "p-" + account.accountId() + "@test.local",
                "pw-123456", "ru", false, 0));
        api.patch("/api/v4/contacts/" + contact, Map.of("responsible_user_id", user.id()));
        assertThat(receiver.next("responsible_contact", WAIT).form())
                .containsEntry("contacts[responsible][0][id]", Long.toString(contact))
                .containsEntry("contacts[responsible][0][responsible_user_id]", Long.toString(user.id()))
                .containsEntry("contacts[responsible][0][old_responsible_user_id]", Long.toString(account.adminId()));
    }

    @Test
    void aContactsOrCompanysCustomFieldEditSendsTheUpdateWithTheWholeItem() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        subscribe(api, "/fields", "update_contact", "update_company");
        JsonNode job = api.post("/api/v4/contacts/custom_fields", List.of(Map.of("name", "Должность", "type", "text"))).json()
                .at("/_embedded/custom_fields/0");
        JsonNode phone = field(api, "contacts", "PHONE");
        long work = phone.at("/enums/0/id").asLong();
        long contact = api.post("/api/v4/contacts", List.of(Map.of("name", "Иван Петров", "first_name", "Иван", "last_name", "Петров",
                "custom_fields_values", List.of(Map.of("field_code", "PHONE", "values", List.of(Map.of("value", "+7 912 345-67-89",
                        "enum_code", "WORK"))))))).json().at("/_embedded/contacts/0/id").asLong();

        Response edited = api.patch("/api/v4/contacts/" + contact, Map.of("custom_fields_values",
                List.of(Map.of("field_id", job.get("id").asLong(), "values", List.of(Map.of("value", "Директор"))))));
        assertThat(edited.status()).as(edited.text()).isEqualTo(200);
        JsonNode c = api.get("/api/v4/contacts/" + contact).json();
        String a = Long.toString(account.adminId());
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        // amoCRM sends contacts and companies alike under contacts[...], told apart by [type]
        String item = "contacts[update][0]";
        expected.put(item + "[id]", Long.toString(contact));
        expected.put(item + "[name]", "Иван Петров");
        expected.put(item + "[first_name]", "Иван");
        expected.put(item + "[last_name]", "Петров");
        putPartyHeader(expected, item, c, a, account.accountId(), "contact");
        expected.put(item + "[custom_fields][0][id]", phone.get("id").asString());
        expected.put(item + "[custom_fields][0][name]", "Телефон");
        expected.put(item + "[custom_fields][0][code]", "PHONE");
        expected.put(item + "[custom_fields][0][values][0][value]", "+7 912 345-67-89");
        expected.put(item + "[custom_fields][0][values][0][enum]", Long.toString(work));
        expected.put(item + "[custom_fields][1][id]", job.get("id").asString());
        expected.put(item + "[custom_fields][1][name]", "Должность");
        expected.put(item + "[custom_fields][1][values][0][value]", "Директор");
        expected.put("account[id]", Long.toString(account.accountId()));
        expected.put("account[subdomain]", accounts.account(account.accountId()).subdomain());
        assertThat(receiver.next("update_contact", WAIT).form()).containsExactlyEntriesOf(expected);
        // and the timeline has the change, as for any other edit
        JsonNode events = api.get("/api/v4/events?filter[entity]=contact&filter[entity_id]=" + contact
                + "&filter[type][]=custom_field_value_changed").json().at("/_embedded/events");
        assertThat(events.size()).isEqualTo(1);
        assertThat(events.at("/0/value_after/0/custom_field_value/text").asString()).isEqualTo("Директор");

        JsonNode companyPhone = field(api, "companies", "PHONE");
        long company = api.post("/api/v4/companies", List.of(Map.of("name", "ООО Ромашка"))).json().at("/_embedded/companies/0/id").asLong();
        assertThat(api.patch("/api/v4/companies", List.of(Map.of("id", company, "custom_fields_values", List.of(Map.of("field_code",
                "PHONE", "values", List.of(Map.of("value", "8 800 555-35-35", "enum_code", "WORK"))))))).status()).isEqualTo(200);
        JsonNode co = api.get("/api/v4/companies/" + company).json();
        Map<String, String> expectedCompany = new java.util.LinkedHashMap<>();
        expectedCompany.put(item + "[id]", Long.toString(company));
        expectedCompany.put(item + "[name]", "ООО Ромашка");
        putPartyHeader(expectedCompany, item, co, a, account.accountId(), "company");
        expectedCompany.put(item + "[custom_fields][0][id]", companyPhone.get("id").asString());
        expectedCompany.put(item + "[custom_fields][0][name]", "Телефон");
        expectedCompany.put(item + "[custom_fields][0][code]", "PHONE");
        expectedCompany.put(item + "[custom_fields][0][values][0][value]", "8 800 555-35-35");
        expectedCompany.put(item + "[custom_fields][0][values][0][enum]", companyPhone.at("/enums/0/id").asString());
        expectedCompany.put("account[id]", Long.toString(account.accountId()));
        expectedCompany.put("account[subdomain]", accounts.account(account.accountId()).subdomain());
        assertThat(receiver.next("update_company", WAIT).form()).containsExactlyEntriesOf(expectedCompany);
    }

    /** The fields of a contact's or company's webhook item after its name, in the order they are sent. */
    private static void putPartyHeader(Map<String, String> expected, String item, JsonNode entity, String user, long accountId,
                                       String type) {
        expected.put(item + "[responsible_user_id]", user);
        expected.put(item + "[date_create]", entity.get("created_at").asString());
        expected.put(item + "[last_modified]", entity.get("updated_at").asString());
        expected.put(item + "[created_user_id]", user);
        expected.put(item + "[modified_user_id]", user);
        expected.put(item + "[account_id]", Long.toString(accountId));
        expected.put(item + "[created_at]", entity.get("created_at").asString());
        expected.put(item + "[updated_at]", entity.get("updated_at").asString());
        expected.put(item + "[type]", type);
    }

    /** The predefined field of the entity type with the code. */
    private static JsonNode field(ApiClient api, String entityType, String code) {
        for (JsonNode f : api.get("/api/v4/" + entityType + "/custom_fields").json().at("/_embedded/custom_fields")) {
            if (code.equals(f.get("code").asString(""))) {
                return f;
            }
        }
        throw new AssertionError("no " + code + " field of " + entityType);
    }

    @Test
    void aChangeThatIsRolledBackSendsNothing() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        subscribe(api, "/hook", "add_lead");
        // the second item is invalid: the whole batch is refused, so nothing was added
        Response r = api.post("/api/v4/leads", List.of(Map.of("name", "ok"), Map.of("name", "bad", "status_id", 999_999_999L)));
        assertThat(r.status()).isEqualTo(400);
        api.post("/api/v4/leads", List.of(Map.of("name", "second")));
        assertThat(receiver.next("add_lead", WAIT).form()).containsEntry("leads[add][0][name]", "second");
        assertThat(count("select count(*) from webhook_deliveries where account_id = ?", account.accountId())).isEqualTo(1);
    }

    @Test
    void failedDeliveriesFollowAmoCrmsRetryScheduleThenWaitInTheDeadLetterList() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        long hook = subscribe(api, "/down", "add_lead").get("id").asLong();
        receiver.status.set(503);
        api.post("/api/v4/leads", List.of(Map.of("name", "x")));
        receiver.next("add_lead", WAIT);
        Map<String, Object> row = awaitAttempts(account.accountId(), hook, 1);
        Instant first = Times.instant(row.get("last_attempt_at"));
        assertThat(Times.instant(row.get("next_attempt_at"))).isEqualTo(first.plus(Duration.ofMinutes(5)));

        // 2nd after 5 min, 3rd after 15, 4th after 15 more and 5th after an hour, as the receiver keeps failing with 5xx
        Instant t = first.plus(Duration.ofMinutes(5));
        List<Duration> pauses = List.of(Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofHours(1));
        for (Duration pause : pauses) {
            int before = ((Number) delivery(account.accountId(), hook).get("attempts")).intValue();
            sender.drain(t.minusSeconds(1));
            assertThat(((Number) delivery(account.accountId(), hook).get("attempts")).intValue()).as("not due yet").isEqualTo(before);
            sender.drain(t);
            row = delivery(account.accountId(), hook);
            assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(before + 1);
            assertThat(Times.instant(row.get("next_attempt_at"))).isEqualTo(t.plus(pause));
            t = t.plus(pause);
        }
        sender.drain(t);
        row = delivery(account.accountId(), hook);
        assertThat(row.get("state")).isEqualTo("failed");
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(5);
        assertThat(row.get("last_error")).isEqualTo("HTTP 503");
        assertThat(receiver.drain()).hasSize(4);

        JsonNode dead = api.get("/api/v4/webhooks/" + hook + "/deliveries?filter[state]=failed").json();
        assertThat(dead.at("/_embedded/deliveries").size()).isEqualTo(1);
        long id = dead.at("/_embedded/deliveries/0/id").asLong();
        assertThat(dead.at("/_embedded/deliveries/0/last_status").asInt()).isEqualTo(503);

        // the receiver is fixed; an administrator sends the dead letter again
        receiver.status.set(200);
        Response retried = api.post("/api/v4/webhooks/deliveries/" + id + "/retry", Map.of());
        assertThat(retried.status()).as(retried.text()).isEqualTo(202);
        receiver.next("add_lead", WAIT);
        awaitState(account.accountId(), hook, "delivered");
        assertThat(api.post("/api/v4/webhooks/deliveries/" + id + "/retry", Map.of()).status()).isEqualTo(422);
    }

    @Test
    void aClientErrorIsRetriedOnlyTwice() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        long hook = subscribe(api, "/gone", "add_lead").get("id").asLong();
        receiver.status.set(404);
        api.post("/api/v4/leads", List.of(Map.of("name", "x")));
        receiver.next("add_lead", WAIT);
        Instant first = Times.instant(awaitAttempts(account.accountId(), hook, 1).get("last_attempt_at"));
        sender.drain(first.plus(Duration.ofMinutes(5)));
        sender.drain(first.plus(Duration.ofMinutes(20)));
        Map<String, Object> row = delivery(account.accountId(), hook);
        assertThat(row.get("state")).isEqualTo("failed");
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(3);
    }

    @Test
    void aHookThatKeepsFailingIsSwitchedOffAndBackOnWhenSubscribedAgain() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        long hook = subscribe(api, "/flaky", "add_lead").get("id").asLong();
        Instant now = Instant.now();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(new Object[] {account.accountId(), hook, 0L, Times.param(now.minusSeconds(60 + i)), 500, false, "HTTP 500"});
        }
        jdbc.batchUpdate("insert into webhook_attempts (account_id, webhook_id, delivery_id, attempted_at, status, ok, error) "
                + "values (?, ?, ?, ?, ?, ?, ?)", rows);
        receiver.status.set(500);
        api.post("/api/v4/leads", List.of(Map.of("name", "x")));
        receiver.next("add_lead", WAIT);
        JsonNode listed = awaitDisabled(api);
        assertThat(listed.get("disabled_reason").asString()).contains("invalid answers").contains("HTTP 500");

        // a switched-off hook gets nothing
        api.post("/api/v4/leads", List.of(Map.of("name", "y")));
        assertThat(count("select count(*) from webhook_deliveries where account_id = ?", account.accountId())).isEqualTo(1);

        JsonNode again = subscribe(api, "/flaky", "add_lead");
        assertThat(again.get("id").asLong()).isEqualTo(hook);
        assertThat(again.get("disabled").asBoolean()).isFalse();
    }

    @Test
    void severalNodesSendEveryDeliveryExactlyOnce() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        long hook = subscribe(api, "/count", "add_lead").get("id").asLong();
        Instant now = Instant.now();
        int n = 300;
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Object[] {account.accountId(), 9_000_000_000L + account.accountId() * 1000 + i, hook, "add_lead", "leads[add][0][id]=" + i,
                    Times.param(now.minusSeconds(1)), Times.param(now)});
        }
        jdbc.batchUpdate("insert into webhook_deliveries (account_id, id, webhook_id, event, body, state, attempts, next_attempt_at, "
                + "created_at) values (?, ?, ?, ?, ?, 'pending', 0, ?, ?)", rows);
        // three "nodes" drain at once, while this node's own sender polls too
        ExecutorService nodes = Executors.newFixedThreadPool(3);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(nodes.submit(() -> sender.drain(Instant.now())));
        }
        for (Future<Integer> f : runs) {
            f.get();
        }
        nodes.shutdown();
        awaitCount("select count(*) from webhook_deliveries where account_id = ? and state = 'delivered'", account.accountId(), n);
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        receiver.drain().forEach(r -> seen.computeIfAbsent(r.header("X-Voronka-Delivery"), k -> new AtomicInteger()).incrementAndGet());
        assertThat(seen).hasSize(n);
        assertThat(seen.values()).allMatch(c -> c.get() == 1);
        assertThat(count("select count(*) from webhook_attempts where account_id = ?", account.accountId())).isEqualTo(n);
    }

    // ---- helpers ----

    private Map<String, Object> delivery(long account, long hook) {
        return jdbc.queryForMap("select * from webhook_deliveries where account_id = ? and webhook_id = ? order by id limit 1", account, hook);
    }

    private Map<String, Object> awaitAttempts(long account, long hook, int attempts) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Map<String, Object> row = delivery(account, hook);
            if (((Number) row.get("attempts")).intValue() >= attempts && row.get("locked_until") == null) {
                return row;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the delivery was not attempted " + attempts + " times");
    }

    private void awaitState(long account, long hook, String state) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            if (state.equals(delivery(account, hook).get("state"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the delivery did not become " + state);
    }

    private JsonNode awaitDisabled(ApiClient api) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            JsonNode hook = api.get("/api/v4/webhooks").json().at("/_embedded/webhooks/0");
            if (hook.get("disabled").asBoolean()) {
                return hook;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the hook was not switched off");
    }

    private void awaitCount(String sql, long account, int expected) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end && count(sql, account) < expected) {
            Thread.sleep(50);
        }
        assertThat(count(sql, account)).isEqualTo(expected);
    }

    private int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }
}
