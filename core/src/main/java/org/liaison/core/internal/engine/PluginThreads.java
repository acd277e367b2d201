package org.liaison.core.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs calls into partner plugins on threads of their own, one set of threads per partner, each call with a time
 * limit: a plugin that hangs holds only its own partner's thread, never the engine's. The threads are daemons named
 * {@code <prefix><partner>}, created when the partner has work and ended after a minute without.
 *
 * <p>A call that does not finish in time is given up: its thread is interrupted and abandoned, and the partner gets a
 * new executor, so the next call starts on a fresh thread whatever the stuck one does. The old executor is shut
 * down: calls still running on its other threads finish normally, and its threads end when their calls end, if ever.
 * Java cannot stop a thread that ignores interruption; such a thread stays stuck until the JVM exits, and
 * {@link #stuck(String)} counts them.
 */
final class PluginThreads implements AutoCloseable {

    /** A call did not finish within its time limit; it was interrupted and left behind. */
    static final class TimedOut extends Exception {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) {
            super(message, null, false, false);
        }
    }

    private static final long KEEP_ALIVE_SECONDS = 60;

    private final String prefix;
    private final int threadsPerPartner;
    private final Map<String, ThreadPoolExecutor> executors = new ConcurrentHashMap<>();
    /** Threads given up on, by partner: kept to count those still stuck. */
    private final Map<String, List<Thread>> abandoned = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param prefix            the name of every thread, followed by its partner
     * @param threadsPerPartner how many calls of one partner may run at once
     */
    PluginThreads(String prefix, int threadsPerPartner) {
        this.prefix = prefix;
        this.threadsPerPartner = Math.max(1, threadsPerPartner);
    }

    /**
     * Runs {@code task} on one of the partner's threads and waits at most {@code timeoutMillis} for it.
     *
     * @return what the task returned
     * @throws ExecutionException   when the task threw: its cause is what it threw, any {@link Throwable}, errors
     *                              included (they end the call, not the thread's pool)
     * @throws TimedOut             when the task did not finish in time: it was interrupted and abandoned
     * @throws InterruptedException when the caller was interrupted, or these threads are closed; the task is
     *                              interrupted too
     */
    <T> T call(String partner, long timeoutMillis, Callable<T> task)
            throws ExecutionException, TimedOut, InterruptedException {
        AtomicReference<Thread> runner = new AtomicReference<>();
        Callable<T> tracked = () -> {
            runner.set(Thread.currentThread());
            try {
                return task.call();
            } finally {
                runner.set(null);
                Thread.interrupted(); // an interrupt meant for this call must not hit the next one
            }
        };
        while (true) {
            if (closed) {
                throw new InterruptedException("the plugin threads are closed");
            }
            ThreadPoolExecutor executor = executors.computeIfAbsent(partner, this::newExecutor);
            Future<T> future;
            try {
                future = executor.submit(tracked);
            } catch (RejectedExecutionException e) {
                executors.remove(partner, executor); // replaced by a timed-out call meanwhile: take the new one
                continue;
            }
            try {
                return future.get(Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                Thread stuck = runner.get();
                future.cancel(true);
                if (executors.remove(partner, executor)) {
                    executor.shutdown();
                }
                if (stuck != null) {
                    List<Thread> list = abandoned.computeIfAbsent(partner, p -> new ArrayList<>());
                    synchronized (list) {
                        list.removeIf(thread -> !thread.isAlive());
                        list.add(stuck);
                    }
                }
                throw new TimedOut("did not finish within " + timeoutMillis + " ms");
            } catch (InterruptedException e) {
                future.cancel(true);
                throw e;
            }
        }
    }

    /** How many threads of the partner were given up on and are still running their call. */
    int stuck(String partner) {
        List<Thread> list = abandoned.get(partner);
        if (list == null) {
            return 0;
        }
        synchronized (list) {
            list.removeIf(thread -> !thread.isAlive());
            return list.size();
        }
    }

    private ThreadPoolExecutor newExecutor(String partner) {
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, prefix + partner);
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threadsPerPartner, threadsPerPartner, KEEP_ALIVE_SECONDS,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Interrupts every call and ends every thread that lets itself be ended. */
    @Override
    public void close() {
        closed = true;
        executors.values().forEach(ThreadPoolExecutor::shutdownNow);
        executors.clear();
    }
}
