package org.liaison.core.internal.engine;

import java.util.function.LongSupplier;

/**
 * Counts events over the last minute, in one-second buckets: what {@code liaison:status} reports as the recent rate.
 * Thread-safe.
 */
final class RecentCount {

    private static final int SECONDS = 60;

    private final LongSupplier millis;
    private final long[] counts = new long[SECONDS];
    private final long[] secondOf = new long[SECONDS];

    RecentCount() {
        this(System::currentTimeMillis);
    }

    /** @param millis the clock, in milliseconds */
    RecentCount(LongSupplier millis) {
        this.millis = millis;
    }

    synchronized void add(long events) {
        long second = millis.getAsLong() / 1000;
        int bucket = (int) (second % SECONDS);
        if (secondOf[bucket] != second) {
            secondOf[bucket] = second;
            counts[bucket] = 0;
        }
        counts[bucket] += events;
    }

    /** The events of the last 60 seconds, this one included. */
    synchronized long lastMinute() {
        long now = millis.getAsLong() / 1000;
        long total = 0;
        for (int bucket = 0; bucket < SECONDS; bucket++) {
            if (now - secondOf[bucket] < SECONDS) {
                total += counts[bucket];
            }
        }
        return total;
    }
}
