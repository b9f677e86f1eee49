package org.voronka.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.voronka.deal.DealImport;
import org.voronka.deal.ImportedDeal;
import org.voronka.deal.ImportedDeal.Move;
import org.voronka.notification.Notification;
import org.voronka.notification.Notifications;
import org.voronka.shared.Actor;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * The reminder before a deal overstays its stage's target duration, run by the test at chosen
 * moments (the job passes the clock's time): who is reminded when, once per stay, late after a
 * short outage but not for long-past stays, and once when two nodes run the job at the same time.
 */
class OverstayReminderTests extends ApiTest {

    /** The moment the job runs in this test, far from the times other tests' histories use. */
    static final Instant T = Instant.parse("2021-03-01T09:00:00Z");

    @Autowired
    OverstayReminders reminders;

    @Autowired
    Notifications notifications;

    @Autowired
    DealImport dealImport;

    @Autowired
    @Qualifier("remindOverstays")
    RecurringTask<?> job;

    @Test
    void theResponsibleUserIsRemindedOnceShortlyBeforeADealOverstays() throws Exception {
        TestAccount account = newAccount();
        ApiClient api = account.api();
        long seller = tx.execute(s -> accounts.createUser(account.admin(), "Продавец", "seller-" + account.accountId() + "@test.local",
                "secret-123456", "ru", false, 0)).id();
        JsonNode p = api.post("/api/v4/leads/pipelines", List.of(Map.of("name", "R", "sort", 5, "is_main", false, "is_unsorted_on", false,
                "_embedded", Map.of("statuses", List.of(Map.of("name", "Переговоры", "sort", 10), Map.of("name", "Счёт", "sort", 20),
                        Map.of("name", "Замер", "sort", 30)))))).json().at("/_embedded/pipelines/0");
        long pipeline = p.get("id").asLong();
        long a = p.at("/_embedded/statuses/0/id").asLong();
        long b = p.at("/_embedded/statuses/1/id").asLong();
        long c = p.at("/_embedded/statuses/2/id").asLong();
        target(api, pipeline, a, Duration.ofDays(1));
        target(api, pipeline, c, Duration.ofMinutes(10));

        List<ImportedDeal> deals = new ArrayList<>();
        // due in 30 minutes: within the hour's notice
        deals.add(deal("soon", seller, new Move(pipeline, a, T.minus(Duration.ofMinutes(23 * 60 + 30)), seller)));
        // due in 4 hours: reminded 3½ hours later
        deals.add(deal("later", seller, new Move(pipeline, a, T.minus(Duration.ofHours(20)), seller)));
        // fell due two days ago: the stalled report shows it, no reminder
        deals.add(deal("long overdue", seller, new Move(pipeline, a, T.minus(Duration.ofDays(3)), seller)));
        // moved on to Счёт (no target) before its time was up
        deals.add(deal("moved on", seller, new Move(pipeline, a, T.minus(Duration.ofMinutes(23 * 60 + 50)), seller),
                new Move(pipeline, b, T.minus(Duration.ofHours(1)), seller)));
        // back in Переговоры: the new stay counts, not the first one
        deals.add(deal("back again", account.adminId(), new Move(pipeline, a, T.minus(Duration.ofDays(5)), seller),
                new Move(pipeline, b, T.minus(Duration.ofDays(4)), seller),
                new Move(pipeline, a, T.minus(Duration.ofMinutes(23 * 60 + 45)), seller)));
        // fell due an hour ago, while the job was not running: reminded late
        deals.add(deal("missed", seller, new Move(pipeline, a, T.minus(Duration.ofHours(25)), seller)));
        // in the trash
        deals.add(deal("deleted", seller, new Move(pipeline, a, T.minus(Duration.ofMinutes(23 * 60 + 30)), seller)));
        // a ten-minute target: the notice is at most half of it, five minutes
        deals.add(deal("short target", seller, new Move(pipeline, c, T.minus(Duration.ofMinutes(4)), seller)));
        List<Long> ids = tx.execute(s -> dealImport.importDeals(account.admin(), deals));
        assertThat(api.delete("/api/v4/leads/" + ids.get(6)).status()).isEqualTo(204);

        Actor sellerActor = new Actor(account.accountId(), seller, false, "ru");
        Actor adminActor = account.admin();

        reminders.remindDue(T);
        assertThat(remindedDeals(sellerActor)).containsExactlyInAnyOrder(ids.get(0), ids.get(5));
        assertThat(remindedDeals(adminActor)).containsExactly(ids.get(4));
        Notification soon = notifications.list(sellerActor, false, 0, 100).stream().filter(n -> n.dealId().equals(ids.get(0)))
                .findFirst().orElseThrow();
        // the account's zone is Europe/Moscow: due 09:30 UTC is 12:30 there
        assertThat(soon.text()).isEqualTo("Сделка «soon»: срок на этапе «Переговоры» — до 01.03.2021 12:30");
        assertThat(soon.kind()).isEqualTo(Notification.OVERSTAY);

        // the next runs remind of nothing twice
        reminders.remindDue(T.plus(Duration.ofMinutes(5)));
        reminders.remindDue(T.plus(Duration.ofMinutes(10)));
        assertThat(remindedDeals(sellerActor)).containsExactlyInAnyOrder(ids.get(0), ids.get(5), ids.get(7));
        assertThat(remindedDeals(adminActor)).containsExactly(ids.get(4));

        // two nodes run the job at the same moment: "later" is reminded of once
        Instant later = T.plus(Duration.ofMinutes(3 * 60 + 30));
        CountDownLatch start = new CountDownLatch(1);
        Callable<Integer> run = () -> {
            start.await();
            return reminders.remindDue(later);
        };
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> one = nodes.submit(run);
            Future<Integer> two = nodes.submit(run);
            start.countDown();
            one.get();
            two.get();
        } finally {
            nodes.shutdown();
        }
        assertThat(remindedDeals(sellerActor)).containsExactlyInAnyOrder(ids.get(0), ids.get(5), ids.get(7), ids.get(1));
        assertThat(remindedDeals(adminActor)).containsExactly(ids.get(4));

        // the job runs by itself on one node at a time
        assertThat(job.getName()).isEqualTo("remind-overstays");
    }

    /** The deals of the user's overstay notifications, one entry per notification. */
    private List<Long> remindedDeals(Actor user) {
        return notifications.list(user, false, 0, 100).stream().filter(n -> Notification.OVERSTAY.equals(n.kind()))
                .map(Notification::dealId).toList();
    }

    private static void target(ApiClient api, long pipeline, long status, Duration target) {
        Response r = api.patch("/api/v4/leads/pipelines/" + pipeline + "/statuses/" + status, Map.of("target_duration", target.toSeconds()));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private static ImportedDeal deal(String name, long responsible, Move... moves) {
        return new ImportedDeal(name, new BigDecimal(100), responsible, responsible, null, List.of(moves));
    }
}
