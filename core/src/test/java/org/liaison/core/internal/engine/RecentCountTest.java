package org.liaison.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RecentCountTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RecentCount count = new RecentCount(now::get);

    @Test
    void countsTheLastSixtySecondsAndForgetsWhatIsOlder() {
        assertEquals(0, count.lastMinute());
        count.add(5);
        now.addAndGet(500);
        count.add(2);
        now.addAndGet(30_000);
        count.add(10);
        assertEquals(17, count.lastMinute());

        now.addAndGet(30_000); // the first two are 60.5 s old now
        assertEquals(10, count.lastMinute());
        count.add(1); // a bucket used a minute ago starts again from zero
        assertEquals(11, count.lastMinute());

        now.addAndGet(120_000);
        assertEquals(0, count.lastMinute());
    }
}
