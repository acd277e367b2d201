package org.liaison.core.internal.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.liaison.api.format.DecodeSink;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.format.RecordError;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.RecordType;
import org.liaison.api.registry.PartnerPlugins;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginKind;
import org.liaison.api.registry.PluginRegistry;
import org.liaison.api.transport.Delivery;
import org.liaison.api.transport.DeliveryException;
import org.liaison.api.transport.ExchangeChannel;
import org.liaison.api.transport.Payload;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;

/** Fakes for the engine's tests: a registry filled in code, formats and channels that hang or throw, proxies. */
final class EngineFakes {

    private EngineFakes() {
    }

    /**
     * Makes an agreement configuration with nothing in it, valid and so in force, in the home's
     * {@code conf/agreements/} and {@code conf/routes/}: without one, the engine keeps every input waiting.
     */
    static void emptyConfiguration(Path home) throws IOException {
        java.nio.file.Files.createDirectories(home.resolve("conf/agreements"));
        java.nio.file.Files.createDirectories(home.resolve("conf/routes"));
    }

    /** A plugin registry filled by the test; formats and channels may come and go while the engine runs. */
    static final class Registry implements PluginRegistry {
        private final Map<String, Map<String, PartnerFormat>> formats = new ConcurrentHashMap<>();
        private final Map<String, ExchangeChannel> channels = new ConcurrentHashMap<>();
        private final AtomicInteger serviceIds = new AtomicInteger();

        Registry format(String partner, String id, PartnerFormat format) {
            formats.computeIfAbsent(partner, p -> Collections.synchronizedMap(new TreeMap<>())).put(id, format);
            return this;
        }

        Registry removeFormat(String partner, String id) {
            formats.getOrDefault(partner, Map.of()).remove(id);
            return this;
        }

        Registry channel(String partner, ExchangeChannel channel) {
            channels.put(partner, channel);
            return this;
        }

        @Override
        public List<PartnerPlugins> partners() {
            Set<String> ids = new java.util.TreeSet<>(formats.keySet());
            ids.addAll(channels.keySet());
            return ids.stream().map(this::partner).flatMap(Optional::stream).toList();
        }

        @Override
        public Optional<PartnerPlugins> partner(String partnerId) {
            List<PluginDescription> own = new ArrayList<>();
            synchronized (formats.getOrDefault(partnerId, Map.of())) {
                formats.getOrDefault(partnerId, Map.of()).keySet().forEach(id -> own.add(new PluginDescription(
                        PluginKind.FORMAT, partnerId, id, "test." + partnerId, "1.0.0", serviceIds.incrementAndGet())));
            }
            List<PluginDescription> channel = channels.containsKey(partnerId) ? List.of(new PluginDescription(
                    PluginKind.CHANNEL, partnerId, "test", "test." + partnerId, "1.0.0", 0)) : List.of();
            return own.isEmpty() && channel.isEmpty() ? Optional.empty()
                    : Optional.of(new PartnerPlugins(partnerId, own, List.of(), channel));
        }

        @Override
        public Optional<PartnerFormat> format(String partnerId, String formatId) {
            PartnerFormat own = formats.getOrDefault(partnerId, Map.of()).get(formatId);
            return own != null ? Optional.of(own)
                    : Optional.ofNullable(formats.getOrDefault(PartnerFormat.ANY_PARTNER, Map.of()).get(formatId));
        }

        @Override
        public List<PartnerFormat> formats(String partnerId) {
            List<PartnerFormat> list = new ArrayList<>();
            synchronized (formats.getOrDefault(partnerId, Map.of())) {
                list.addAll(formats.getOrDefault(partnerId, Map.of()).values());
            }
            if (!PartnerFormat.ANY_PARTNER.equals(partnerId)) {
                synchronized (formats.getOrDefault(PartnerFormat.ANY_PARTNER, Map.of())) {
                    list.addAll(formats.getOrDefault(PartnerFormat.ANY_PARTNER, Map.of()).values());
                }
            }
            return list;
        }

        @Override
        public Optional<ExchangeChannel> channel(String partnerId) {
            return Optional.ofNullable(channels.get(partnerId));
        }
    }

    /**
     * A format whose decode does what the test says, and which remembers the threads it ran on. It accepts only
     * inputs whose name ends with {@code .json}, and encodes any records as {@code {"records":[]}}, as a stand-in
     * for the canonical-json plugin.
     */
    static class TestFormat implements PartnerFormat {
        final List<Thread> decodeThreads = new CopyOnWriteArrayList<>();
        final AtomicInteger decodes = new AtomicInteger();

        @Override
        public Set<RecordType> recordTypes() {
            return Set.of();
        }

        @Override
        public String fileExtension() {
            return "json";
        }

        @Override
        public boolean accepts(String name, byte[] head) {
            return name.endsWith(".json");
        }

        @Override
        public final void decode(Payload payload, DecodeSink sink) throws FormatException {
            decodeThreads.add(Thread.currentThread());
            decodes.incrementAndGet();
            decode(payload.name(), sink);
        }

        /** Decodes nothing: the payload is processed, with no record to route. */
        void decode(String name, DecodeSink sink) throws FormatException {
        }

        @Override
        public List<RecordError> encode(List<? extends DataRecord> records, OutputStream out) throws IOException {
            out.write("{\"records\":[]}".getBytes(StandardCharsets.UTF_8));
            return List.of();
        }
    }

    /**
     * A format that hangs on inputs whose name starts with {@code hang} until released, or until interrupted unless
     * it ignores interruption (as a plugin stuck in a loop or in uninterruptible I/O does).
     */
    static final class HangingFormat extends TestFormat {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final boolean ignoresInterrupts;

        HangingFormat(boolean ignoresInterrupts) {
            this.ignoresInterrupts = ignoresInterrupts;
        }

        @Override
        void decode(String name, DecodeSink sink) {
            if (!name.startsWith("hang")) {
                return;
            }
            entered.countDown();
            hang(release, interrupted, ignoresInterrupts);
        }
    }

    /** Waits for the latch; when interrupted, counts it down on {@code interrupted}, and goes on waiting if told. */
    static void hang(CountDownLatch release, CountDownLatch interrupted, boolean ignoresInterrupts) {
        while (true) {
            try {
                release.await();
                return;
            } catch (InterruptedException e) {
                interrupted.countDown();
                if (!ignoresInterrupts) {
                    return;
                }
            }
        }
    }

    /** A format that throws what the test gives it on inputs whose name starts with {@code bad}. */
    static final class ThrowingFormat extends TestFormat {
        private final Supplier<? extends Throwable> failure;

        ThrowingFormat(Supplier<? extends Throwable> failure) {
            this.failure = failure;
        }

        @Override
        void decode(String name, DecodeSink sink) {
            if (name.startsWith("bad")) {
                throw ThrowingFormat.<RuntimeException>sneaky(failure.get());
            }
        }

        @SuppressWarnings("unchecked")
        private static <T extends Throwable> T sneaky(Throwable throwable) throws T {
            throw (T) throwable;
        }
    }

    /**
     * A channel that keeps what it is given, or, when it hangs, hangs until released, ignoring interruption (the
     * worst case: a thread Java cannot take back).
     */
    static final class TestChannel implements ExchangeChannel {
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch interrupted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final boolean hangs;

        TestChannel(boolean hangs) {
            this.hangs = hangs;
        }

        @Override
        public void deliver(Delivery delivery) throws DeliveryException {
            calls.incrementAndGet();
            threads.add(Thread.currentThread());
            if (hangs) {
                hang(release, interrupted, true);
                throw new DeliveryException("released at the end of the test");
            }
            delivered.add(delivery.idempotencyKey());
        }
    }

    /** A logger that keeps what it is told at warn and error, and forgets the rest. */
    static final class Log {
        final List<String> lines = new CopyOnWriteArrayList<>();

        Logger logger() {
            return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] { Logger.class },
                    (proxy, method, args) -> {
                        if (List.of("warn", "error").contains(method.getName()) && args != null) {
                            lines.add(method.getName() + ": " + args[0]);
                        }
                        return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                    });
        }
    }

    /** A bundle context whose only property is the Liaison home. */
    static BundleContext context(Path home) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return "liaison.home".equals(args[0]) ? home.toString() : null;
                    }
                    if (method.getName().equals("getDataFile")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A configuration annotation with its defaults, but for the values given. */
    static <A extends Annotation> A config(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> {
                    switch (method.getName()) {
                    case "annotationType":
                        return type;
                    case "toString":
                        return type.getSimpleName() + values;
                    case "hashCode":
                        return values.hashCode();
                    case "equals":
                        return proxy == args[0];
                    default:
                        Object value = values.get(method.getName());
                        return value != null ? value : defaultOf(method);
                    }
                }));
    }

    private static Object defaultOf(Method method) {
        return method.getDefaultValue();
    }

    /** Polls until the condition holds, failing with the description and the last value seen otherwise. */
    static <T> T await(String description, Duration timeout, Supplier<T> observe, Predicate<T> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = observe.get();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + description
                        + "; last seen: " + last);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + description, e);
            }
            last = observe.get();
        }
        return last;
    }
}
