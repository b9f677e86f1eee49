package org.voronka.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of an outbox table (webhook deliveries, e-mails, SMS): a node wakes after a
 * local commit that wrote rows and polls for the rest (rows written on other nodes, retries that
 * came due); it claims due rows under a lease in a short transaction (the {@link Claim} does that,
 * with {@code FOR UPDATE SKIP LOCKED}), makes each attempt outside any transaction on a pool of
 * workers, and leaves recording the outcome to the {@link Attempt}. A node that dies mid-send lets
 * the lease run out and another node makes the attempt again.
 */
public final class OutboxLoop<T> {

    /** Takes up to {@code limit} rows due at {@code now} and leases them until {@code leaseUntil}. */
    public interface Claim<T> {
        List<T> due(Instant now, Instant leaseUntil, int limit);
    }

    /** Makes one attempt and records its outcome. */
    public interface Attempt<T> {
        void run(T item, Instant now);
    }

    private static final Logger log = LoggerFactory.getLogger(OutboxLoop.class);

    private final String name;
    private final int threads;
    private final long pollMillis;
    private final Duration lease;
    private final int batch;
    private final Claim<T> claim;
    private final Attempt<T> attempt;
    private final Clock clock;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile ScheduledExecutorService loop;
    private volatile ExecutorService pool;

    public OutboxLoop(String name, int threads, long pollMillis, Duration lease, int batch, Claim<T> claim, Attempt<T> attempt,
                      Clock clock) {
        this.name = name;
        this.threads = Math.max(1, threads);
        this.pollMillis = Math.max(50, pollMillis);
        this.lease = lease;
        this.batch = batch;
        this.claim = claim;
        this.attempt = attempt;
        this.clock = clock;
    }

    /** Asks for a pass soon (after a commit that wrote rows). */
    public void wake() {
        ScheduledExecutorService l = loop;
        if (l != null && wakeQueued.compareAndSet(false, true)) {
            l.execute(() -> {
                wakeQueued.set(false);
                drainSafely();
            });
        }
    }

    private void drainSafely() {
        try {
            drain(clock.instant());
        } catch (RuntimeException e) {
            log.warn("{}: due rows could not be processed: {}", name, e.toString());
        }
    }

    /**
     * Claims and attempts every row due at {@code now}, batch after batch, until none is left.
     * Returns the number of attempts made. Safe to run on several nodes at once.
     */
    public int drain(Instant now) {
        int total = 0;
        while (true) {
            List<T> due = claim.due(now, now.plus(lease), batch);
            if (due == null || due.isEmpty()) {
                return total;
            }
            ExecutorService p = pool != null ? pool : Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (T item : due) {
                    running.add(p.submit(() -> attempt.run(item, now)));
                }
                for (Future<?> f : running) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        log.warn("{}: an attempt failed unexpectedly: {}", name, e.getCause().toString());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return total;
                    }
                }
            } finally {
                if (p != pool) {
                    p.shutdown();
                }
            }
            total += due.size();
        }
    }

    public void start() {
        pool = Executors.newFixedThreadPool(threads, AfterCommit.daemons(name + "-send"));
        loop = Executors.newSingleThreadScheduledExecutor(AfterCommit.daemons(name + "-poll"));
        loop.scheduleWithFixedDelay(this::drainSafely, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        ScheduledExecutorService l = loop;
        ExecutorService p = pool;
        loop = null;
        pool = null;
        if (l != null) {
            l.shutdownNow();
        }
        if (p != null) {
            p.shutdownNow();
        }
    }

    public boolean isRunning() {
        return loop != null;
    }
}
