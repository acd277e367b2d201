package org.liaison.distribution;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for an asynchronous outcome (a DS activation, a FileInstall scan) instead of sleeping a fixed time. */
final class Await {

    private Await() {
    }

    /**
     * Polls until the condition holds, failing with the description and the last observed value otherwise.
     */
    static <T> T until(String description, Duration timeout, Supplier<T> observe,
            Predicate<T> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = observe.get();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + description
                        + "; last seen: " + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + description, e);
            }
            last = observe.get();
        }
        return last;
    }
}
