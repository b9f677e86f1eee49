package org.voronka.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.springframework.stereotype.Component;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.shared.Actor;
import org.voronka.task.NewTask;
import org.voronka.task.Task;
import org.voronka.task.TaskChange;
import org.voronka.task.TaskManagement;
import org.voronka.task.TaskType;
import org.voronka.timeline.NewNote;
import org.voronka.timeline.NoteManagement;

/**
 * The work a team logs on its deals: calls, notes and completed tasks by the deal's responsible
 * user, so that the results per manager and department have activity to show.
 */
@Component
class DemoActivity implements DemoDataExtension {

    private static final String[] NOTES = {"Клиент просит скидку за объём", "Отправили коммерческое предложение",
            "ЛПР в отпуске до конца месяца", "Согласовали техническое задание"};
    private static final String[] DONE = {"Позвонить и уточнить потребность", "Отправить презентацию", "Выставить счёт"};

    private final DealManagement deals;
    private final TaskManagement tasks;
    private final NoteManagement notes;
    private final java.time.Clock clock;

    DemoActivity(DealManagement deals, TaskManagement tasks, NoteManagement notes, java.time.Clock clock) {
        this.deals = deals;
        this.tasks = tasks;
        this.notes = notes;
        this.clock = clock;
    }

    @Override
    public void dealsCreated(Actor admin, long seed, List<Long> dealIds) {
        if (dealIds.isEmpty()) {
            return;
        }
        List<NewNote> logged = new ArrayList<>();
        List<NewTask> done = new ArrayList<>();
        for (Deal d : DemoDeals.of(deals, admin, dealIds)) {
            // SplittableRandom mixes its seed: java.util.Random gives almost the same first number for neighbouring seeds
            SplittableRandom random = new SplittableRandom(seed * 17 + d.id());
            long user = d.responsibleUserId();
            int calls = random.nextDouble() < 0.45 ? 1 + random.nextInt(3) : 0;
            for (int i = 0; i < calls; i++) {
                boolean incoming = random.nextDouble() < 0.3;
                logged.add(new NewNote("0", DealManagement.ENTITY, d.id(), incoming ? "call_in" : "call_out",
                        Map.of("phone", "+7999" + (1000000 + random.nextInt(8999999)), "duration", 30 + random.nextInt(600), "source", "demo"),
                        user, user));
            }
            if (random.nextDouble() < 0.3) {
                logged.add(new NewNote("0", DealManagement.ENTITY, d.id(), "common", Map.of("text", NOTES[random.nextInt(NOTES.length)]),
                        user, user));
            }
            if (random.nextDouble() < 0.35) {
                done.add(new NewTask("0", DealManagement.ENTITY, d.id(), TaskType.FOLLOW_UP, DONE[random.nextInt(DONE.length)],
                        clock.instant(), 0, user, user));
            }
        }
        for (int i = 0; i < logged.size(); i += 250) {
            notes.create(admin, DealManagement.ENTITY, logged.subList(i, Math.min(logged.size(), i + 250)));
        }
        for (int i = 0; i < done.size(); i += 250) {
            List<Task> created = tasks.create(admin, done.subList(i, Math.min(done.size(), i + 250)));
            List<TaskChange> complete = created.stream()
                    .map(t -> new TaskChange("0", t.id(), null, null, null, null, null, true, "Готово")).toList();
            tasks.update(admin, complete);
        }
    }
}
