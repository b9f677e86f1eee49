package org.voronka.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.springframework.stereotype.Component;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Actor;
import org.voronka.task.NewTask;
import org.voronka.task.TaskManagement;
import org.voronka.task.TaskType;

/**
 * Open demo deals get the tasks a real team leaves behind: most have a next call or meeting, some
 * of them overdue, some due today, and about a quarter have none — so the board's task indicators
 * and the "deals without tasks" views have something to show.
 */
@Component
class DemoTasks implements DemoDataExtension {

    private static final String[] CALLS = {"Перезвонить и уточнить бюджет", "Отправить КП повторно", "Уточнить сроки поставки",
            "Согласовать условия оплаты", "Напомнить о счёте", "Позвонить ЛПР"};
    private static final String[] MEETINGS = {"Встреча в офисе клиента", "Демонстрация продукта", "Подписание договора"};

    private final DealManagement deals;
    private final TaskManagement tasks;
    private final Clock clock;

    DemoTasks(DealManagement deals, TaskManagement tasks, Clock clock) {
        this.deals = deals;
        this.tasks = tasks;
        this.clock = clock;
    }

    @Override
    public void dealsCreated(Actor admin, long seed, List<Long> dealIds) {
        if (dealIds.isEmpty()) {
            return;
        }
        Instant today = clock.instant().atZone(ZoneId.of("Europe/Moscow")).truncatedTo(ChronoUnit.DAYS).toInstant();
        List<NewTask> batch = new ArrayList<>();
        for (Deal d : DemoDeals.of(deals, admin, dealIds)) {
            if (d.statusId() == Stage.WON || d.statusId() == Stage.LOST) {
                continue;
            }
            Random random = new Random(seed * 31 + d.id());
            double roll = random.nextDouble();
            if (roll < 0.25) {
                continue; // no task: a "bucket" candidate
            }
            Instant deadline;
            if (roll < 0.45) {
                deadline = today.minus(Duration.ofDays(1 + random.nextInt(12))).plus(Duration.ofHours(10 + random.nextInt(8)));
            } else if (roll < 0.6) {
                deadline = today.plus(Duration.ofHours(9 + random.nextInt(10)));
            } else {
                deadline = today.plus(Duration.ofDays(1 + random.nextInt(14))).plus(Duration.ofHours(9 + random.nextInt(9)));
            }
            boolean meeting = random.nextDouble() < 0.2;
            String text = meeting ? MEETINGS[random.nextInt(MEETINGS.length)] : CALLS[random.nextInt(CALLS.length)];
            batch.add(new NewTask("0", DealManagement.ENTITY, d.id(), meeting ? TaskType.MEETING : TaskType.FOLLOW_UP, text, deadline,
                    meeting ? 3600 : 0, d.responsibleUserId(), d.responsibleUserId()));
        }
        for (int i = 0; i < batch.size(); i += 250) {
            tasks.create(admin, batch.subList(i, Math.min(batch.size(), i + 250)));
        }
    }
}
