package org.liaison.core.internal.engine;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the delay before retry n doubles from the base up to the maximum, and a random
 * half of it is drawn ("equal jitter"), so that deliveries that failed together do not all retry together.
 */
record Backoff(long baseMillis, long maxMillis) {

    /** The delay before the next attempt, after {@code attempts} failed attempts (1 or more). */
    long delayMillis(int attempts) {
        int exponent = Math.min(Math.max(attempts - 1, 0), 30);
        long delay = Math.min(maxMillis, baseMillis << exponent);
        if (delay <= 1) {
            return delay;
        }
        long half = delay / 2;
        return half + ThreadLocalRandom.current().nextLong(delay - half + 1);
    }
}
