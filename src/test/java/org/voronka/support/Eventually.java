package org.voronka.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for what background workers do (senders, runners): polls a value until it is done, or fails after a while. */
public final class Eventually {

    public static final Duration WAIT = Duration.ofSeconds(20);

    private Eventually() {}

    public static <T> T await(Supplier<T> value, Predicate<T> done) throws InterruptedException {
        return await(value, done, WAIT);
    }

    public static <T> T await(Supplier<T> value, Predicate<T> done, Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        T v = value.get();
        while (!done.test(v) && System.nanoTime() < end) {
            Thread.sleep(50);
            v = value.get();
        }
        assertThat(done.test(v)).as("awaited condition, last value: " + v).isTrue();
        return v;
    }
}
