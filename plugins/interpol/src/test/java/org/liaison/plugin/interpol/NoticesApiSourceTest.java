package org.liaison.plugin.interpol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.liaison.api.format.Decoded;
import org.liaison.api.transport.Payload;
import org.liaison.api.transport.PayloadRejectedException;
import org.liaison.api.transport.PayloadSink;

/**
 * The Notices API source against a local HTTP server on 127.0.0.1 serving the real page 1 and constructed pages 2
 * and 3, their INTERPOL links rewritten to the local server. No test reaches the internet.
 */
class NoticesApiSourceTest {

    private static final String PATH = "/notices/v1/red";

    /** One request as the server saw it. */
    record Request(long arrivedNanos, URI uri) {
    }

    private HttpServer server;
    private String origin;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, byte[]> pages = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile int failWith;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin = "http://127.0.0.1:" + server.getAddress().getPort();
        pages.put("1", served(Samples.REAL_PAGE));
        pages.put("2", served(Samples.PAGE_2));
        pages.put("3", served(Samples.PAGE_3));
        server.createContext(PATH, this::serve);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private byte[] served(String resource) {
        return Samples.text(resource).replace("https://ws-public.interpol.int", origin)
                .getBytes(StandardCharsets.UTF_8);
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.add(new Request(System.nanoTime(), exchange.getRequestURI()));
        String query = String.valueOf(exchange.getRequestURI().getQuery());
        String page = Arrays.stream(query.split("&")).filter(p -> p.startsWith("page=")).map(p -> p.substring(5))
                .findFirst().orElse("");
        byte[] body = pages.get(page);
        int status = failWith != 0 ? failWith : body == null ? 404 : 200;
        byte[] answer = status == 200 ? body : "{\"error\": \"no\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private NoticesApiSource source(double requestsPerSecond, Duration pollInterval) {
        return new NoticesApiSource(new NoticesApiSource.Settings(URI.create(origin + PATH), requestsPerSecond, 20,
                pollInterval, Duration.ofSeconds(5), 50));
    }

    /** Records what is offered; rejects the offers whose numbers (from 1) are listed. */
    private static final class RecordingSink implements PayloadSink {
        final List<Payload> offered = Collections.synchronizedList(new ArrayList<>());
        final List<Payload> accepted = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> reject;
        final CountDownLatch done;

        RecordingSink(int expectAccepted, Integer... reject) {
            this.reject = List.of(reject);
            this.done = new CountDownLatch(expectAccepted);
        }

        @Override
        public void accept(Payload payload) throws PayloadRejectedException {
            offered.add(payload);
            if (reject.contains(offered.size())) {
                throw new PayloadRejectedException("journal full (test)");
            }
            accepted.add(payload);
            done.countDown();
        }
    }

    private String pageUrl(int page) {
        return origin + PATH + "?&resultPerPage=20&page=" + page;
    }

    @Test
    void handsOverEveryPageInOrderAndStopsAtTheLastPage() throws Exception {
        NoticesApiSource source = source(50, Duration.ofHours(1));
        RecordingSink sink = new RecordingSink(3);

        assertEquals(3, source.pollOnce(sink));

        assertEquals(List.of(origin + PATH + "?resultPerPage=20&page=1", pageUrl(2), pageUrl(3)),
                sink.accepted.stream().map(Payload::name).toList());
        assertArrayEquals(pages.get("1"), sink.accepted.get(0).readAllBytes(1 << 20));
        assertArrayEquals(pages.get("3"), sink.accepted.get(2).readAllBytes(1 << 20));
        assertEquals("interpol", sink.accepted.get(0).partner());
        assertEquals(3, requests.size(), "no request after the page without a next link");
        assertEquals("resultPerPage=20&page=1", requests.get(0).uri().getQuery());

        // and the pages decode, the kind told by the page URL and the notices' own links
        int notices = 0;
        for (Payload page : sink.accepted) {
            Decoded decoded = Decoded.decode(new NoticesJsonFormat(), page);
            assertEquals(List.of(), decoded.errors());
            notices += decoded.records().size();
        }
        assertEquals(20 + 2 + 1, notices);
    }

    @Test
    void honoursTheRateLimit() {
        double requestsPerSecond = 5;
        long minimumNanos = (long) (1e9 / requestsPerSecond);
        NoticesApiSource source = source(requestsPerSecond, Duration.ofHours(1));
        RecordingSink sink = new RecordingSink(6);

        source.pollOnce(sink);
        source.pollOnce(sink);

        assertEquals(6, requests.size());
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < requests.size(); i++) {
            gaps.add(requests.get(i).arrivedNanos() - requests.get(i - 1).arrivedNanos());
        }
        System.out.println("gaps between requests at 5 requests/s (ms): "
                + gaps.stream().map(g -> String.format("%.1f", g / 1e6)).toList());
        for (long gap : gaps) {
            assertTrue(gap >= minimumNanos, "gap of " + gap / 1e6 + " ms, less than the minimum "
                    + minimumNanos / 1e6 + " ms, across passes too");
        }
    }

    @Test
    void aRejectedPageIsOfferedAgainOnTheNextPoll() throws Exception {
        NoticesApiSource source = source(100, Duration.ofMillis(100));
        RecordingSink sink = new RecordingSink(3, 2);

        source.open(sink);
        try {
            assertTrue(sink.done.await(10, TimeUnit.SECONDS), "three pages accepted");
        } finally {
            source.close();
        }

        List<String> offered = sink.offered.stream().map(Payload::name).toList();
        assertEquals(List.of(origin + PATH + "?resultPerPage=20&page=1", pageUrl(2), pageUrl(2), pageUrl(3)),
                offered.subList(0, 4));
        assertArrayEquals(sink.offered.get(1).readAllBytes(1 << 20), sink.offered.get(2).readAllBytes(1 << 20),
                "the same bytes offered again");
        assertEquals(List.of(origin + PATH + "?resultPerPage=20&page=1", pageUrl(2), pageUrl(3)),
                sink.accepted.stream().map(Payload::name).toList().subList(0, 3));
        long page2Requests = requests.subList(0, 3).stream().filter(r -> r.uri().getQuery().endsWith("page=2"))
                .count();
        assertEquals(1, page2Requests, "the kept page is offered again without fetching it again");
    }

    @Test
    void anErrorAnswerEndsThePassAndTheNextPassStartsAgain() {
        NoticesApiSource source = source(100, Duration.ofHours(1));
        RecordingSink sink = new RecordingSink(3);
        failWith = 500;

        assertEquals(0, source.pollOnce(sink));
        assertEquals(1, requests.size());

        failWith = 0;
        assertEquals(3, source.pollOnce(sink));
        assertEquals(origin + PATH + "?resultPerPage=20&page=1", sink.accepted.get(0).name());
    }

    @Test
    void aNextLinkToAnotherOriginIsNotFollowed() {
        String elsewhere = "http://127.0.0.2:" + server.getAddress().getPort() + PATH + "?&resultPerPage=20&page=3";
        pages.put("2", new String(served(Samples.PAGE_2), StandardCharsets.UTF_8).replace(pageUrl(3), elsewhere)
                .getBytes(StandardCharsets.UTF_8));
        NoticesApiSource source = source(100, Duration.ofHours(1));
        RecordingSink sink = new RecordingSink(2);

        assertEquals(2, source.pollOnce(sink));
        assertEquals(2, requests.size());
    }

    @Test
    void aRepeatingNextLinkEndsThePass() {
        pages.put("2", new String(served(Samples.PAGE_2), StandardCharsets.UTF_8).replace(pageUrl(3), pageUrl(2))
                .getBytes(StandardCharsets.UTF_8));
        NoticesApiSource source = source(100, Duration.ofHours(1));
        RecordingSink sink = new RecordingSink(2);

        assertEquals(2, source.pollOnce(sink));
        assertEquals(2, requests.size(), "page 2 names itself as next: not fetched again");
    }

    // ------------------------------------------------------------------------------------ configuration

    @Test
    void theConfigurationIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> new NoticesApiSource(config("ftp://x/red", 1, 20)));
        assertThrows(IllegalArgumentException.class, () -> new NoticesApiSource(config("not a url", 1, 20)));
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> new NoticesApiSource(config("https://ws-public.interpol.int/notices/v1/red", 0, 20)));
        assertTrue(rate.getMessage().contains("requestsPerSecond"), rate.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> new NoticesApiSource(config("https://ws-public.interpol.int/notices/v1/red", 1, 500)));
        assertTrue(size.getMessage().contains("resultPerPage"), size.getMessage());

        NoticesApiSource.Settings settings = NoticesApiSource.Settings.of(
                config("https://ws-public.interpol.int/notices/v1/yellow?nationality=FR", 2, 160));
        assertEquals(URI.create("https://ws-public.interpol.int/notices/v1/yellow?nationality=FR"
                + "&resultPerPage=160&page=1"), settings.firstPage());
        assertEquals(500_000_000L, settings.intervalNanos());
    }

    @Test
    void itCanOnlyBeCreatedWithAConfiguration() {
        // DS creates it through its one public constructor, which takes the configuration; the component
        // description (configuration-policy="require") means no configuration, no instance.
        Constructor<?>[] constructors = NoticesApiSource.class.getConstructors();
        assertEquals(1, constructors.length);
        assertEquals(List.of(NoticesApiConfig.class), List.of(constructors[0].getParameterTypes()));
        assertTrue(Modifier.isPublic(constructors[0].getModifiers()));
    }

    @Test
    void openTwiceIsRefusedAndCloseIsIdempotent() {
        NoticesApiSource source = source(100, Duration.ofHours(1));
        RecordingSink sink = new RecordingSink(3);
        source.open(sink);
        try {
            assertThrows(IllegalStateException.class, () -> source.open(sink));
        } finally {
            source.close();
            source.close();
        }
    }

    private static NoticesApiConfig config(String baseUrl, double rate, int pageSize) {
        return new NoticesApiConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return NoticesApiConfig.class;
            }

            @Override
            public String baseUrl() {
                return baseUrl;
            }

            @Override
            public double requestsPerSecond() {
                return rate;
            }

            @Override
            public int resultPerPage() {
                return pageSize;
            }

            @Override
            public long pollIntervalSeconds() {
                return 60;
            }

            @Override
            public int timeoutSeconds() {
                return 5;
            }

            @Override
            public int maxPages() {
                return 10;
            }
        };
    }
}
