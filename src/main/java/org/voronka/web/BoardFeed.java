package org.voronka.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.voronka.timeline.EventFilter;
import org.voronka.timeline.Timeline;
import org.voronka.timeline.TimelineEvent;

/**
 * Live board updates. Boards subscribe with server-sent events; one background loop per node asks
 * the shared {@code events} table, once per interval and per account that has an open board on
 * this node, which deals changed in the last seconds (an indexed range query), and tells that
 * account's boards their ids. Because the table is shared, a move made on any node reaches every
 * board; the cost does not grow with the number of open boards of an account.
 */
@Component
class BoardFeed implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BoardFeed.class);
    /** Events are looked for this far back, so that a transaction committing late is still seen. */
    private static final Duration WINDOW = Duration.ofSeconds(15);
    private static final Duration SUBSCRIPTION = Duration.ofMinutes(10);

    private final Timeline timeline;
    private final Clock clock;
    private final Map<Long, Set<SseEmitter>> boards = new ConcurrentHashMap<>();
    private final Map<Long, Map<Long, Instant>> seen = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop;
    private volatile Instant lastHeartbeat = Instant.EPOCH;

    BoardFeed(Timeline timeline, Clock clock, @Value("${voronka.web.board-feed-interval-ms:1500}") long intervalMs) {
        this.timeline = timeline;
        this.clock = clock;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "board-feed");
            t.setDaemon(true);
            return t;
        });
        loop.scheduleWithFixedDelay(this::poll, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Subscribes a board rendered at {@code renderedAt}: deals changed between the render and the
     * subscription are sent at once, so a move made while the page was loading is not lost.
     */
    SseEmitter subscribe(long accountId, Instant renderedAt) {
        SseEmitter emitter = new SseEmitter(SUBSCRIPTION.toMillis());
        if (renderedAt != null) {
            Set<Long> missed = new LinkedHashSet<>();
            timeline.find(accountId, new EventFilter(List.of(), renderedAt.minusSeconds(1), null, List.of(), List.of("lead"), List.of(),
                    List.of(), List.of(), List.of(), List.of(), List.of()), 0, 500).forEach(e -> missed.add(e.entityId()));
            send(new CopyOnWriteArraySet<>(), emitter, missed, false);
        }
        if (!seen.containsKey(accountId)) {
            changedDeals(accountId); // what happened before the first board opened is not news
        }
        Set<SseEmitter> set = boards.computeIfAbsent(accountId, k -> new CopyOnWriteArraySet<>());
        set.add(emitter);
        Runnable remove = () -> set.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        return emitter;
    }

    private void poll() {
        try {
            boolean heartbeat = Duration.between(lastHeartbeat, clock.instant()).toSeconds() >= 20;
            if (heartbeat) {
                lastHeartbeat = clock.instant();
            }
            for (var entry : boards.entrySet()) {
                if (entry.getValue().isEmpty()) {
                    boards.remove(entry.getKey());
                    seen.remove(entry.getKey());
                    continue;
                }
                Set<Long> changed = changedDeals(entry.getKey());
                for (SseEmitter emitter : entry.getValue()) {
                    send(entry.getValue(), emitter, changed, heartbeat);
                }
            }
        } catch (RuntimeException e) {
            log.warn("board feed poll failed: {}", e.toString());
        }
    }

    private Set<Long> changedDeals(long accountId) {
        Instant now = clock.instant();
        List<TimelineEvent> recent = timeline.find(accountId, new EventFilter(List.of(), now.minus(WINDOW), null, List.of(),
                List.of("lead"), List.of(), List.of(), List.of(), List.of(), List.of(), List.of()), 0, 500);
        Map<Long, Instant> known = seen.computeIfAbsent(accountId, k -> new ConcurrentHashMap<>());
        Set<Long> deals = new LinkedHashSet<>();
        for (TimelineEvent e : recent) {
            if (known.putIfAbsent(e.id(), now) == null) {
                deals.add(e.entityId());
            }
        }
        known.values().removeIf(t -> t.isBefore(now.minus(WINDOW).minus(WINDOW)));
        return deals;
    }

    private static void send(Set<SseEmitter> set, SseEmitter emitter, Set<Long> changed, boolean heartbeat) {
        try {
            if (!changed.isEmpty()) {
                emitter.send(SseEmitter.event().name("deals")
                        .data(changed.stream().map(String::valueOf).collect(Collectors.joining(","))));
            } else if (heartbeat) {
                emitter.send(SseEmitter.event().comment("ping"));
            }
        } catch (IOException | IllegalStateException e) {
            set.remove(emitter);
        }
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends the open streams before the web server's graceful shutdown starts waiting for requests
     * to finish (a higher phase stops earlier); browsers reconnect to another node.
     */
    @Override
    public void stop() {
        running = false;
        boards.values().forEach(set -> set.forEach(SseEmitter::complete));
        boards.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void destroy() {
        loop.shutdownNow();
        stop();
    }
}
