package org.voronka.shared;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the modules' background jobs (beans of db-scheduler's {@link Task}) from the
 * {@code scheduled_tasks} table: each execution is claimed by one node, so a job runs once however
 * many application nodes share the database, and survives restarts. Modules queue one-time jobs
 * with {@link #schedule}.
 */
@Component
public class Jobs implements SmartLifecycle {

    private final Scheduler scheduler;
    private volatile boolean running;

    Jobs(DataSource dataSource, ObjectProvider<Task<?>> tasks, @Value("${voronka.jobs.threads:2}") int threads,
         @Value("${voronka.jobs.polling-seconds:10}") int polling) {
        List<Task<?>> all = tasks.orderedStream().toList();
        List<RecurringTask<?>> recurring = new java.util.ArrayList<>();
        all.stream().filter(t -> t instanceof RecurringTask<?>).forEach(t -> recurring.add((RecurringTask<?>) t));
        this.scheduler = Scheduler.create(dataSource, all.stream().filter(t -> !(t instanceof RecurringTask<?>)).toList())
                .startTasks(recurring)
                .threads(threads)
                .pollingInterval(Duration.ofSeconds(polling))
                .enableImmediateExecution()
                .build();
    }

    /**
     * Queues an execution of a one-time job to run now on whichever node claims it. Scheduling the
     * same instance again while it waits or runs changes nothing. Call it after the data the job
     * reads is committed.
     */
    public void schedule(TaskInstance<?> instance) {
        scheduler.scheduleIfNotExists(instance, Instant.now());
    }

    @Override
    public void start() {
        scheduler.start();
        running = true;
    }

    @Override
    public void stop() {
        scheduler.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
