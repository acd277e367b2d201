package org.liaison.plugin.interpol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import org.liaison.api.transport.DataSource;
import org.liaison.api.transport.DataSourceService;
import org.liaison.api.transport.Payload;
import org.liaison.api.transport.PayloadRejectedException;
import org.liaison.api.transport.PayloadSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Pages through an INTERPOL Notices API list endpoint and hands each page, as it came, to the core: one
 * {@link Payload} per page, named by the page's URL (so that the {@code notices-json} format can tell the notice
 * kind from it).
 *
 * <p>A pass starts at {@code <baseUrl>?resultPerPage=<n>&page=1} and follows each page's {@code _links.next.href}
 * until a page has no next link (the last page), a link repeats, or {@code maxPages} pages were fetched. A next
 * link to another scheme, host or port than the base URL is not followed. Passes repeat every poll interval.
 *
 * <p><b>Rate limit:</b> at least {@code 1/requestsPerSecond} seconds pass between the end of one request and the
 * start of the next, across passes, so INTERPOL never sees two requests closer than that; a 429 or 503 answer with
 * a {@code Retry-After} in seconds pushes the next request back further.
 *
 * <p><b>At least once:</b> a page the core rejects is kept and offered again, the same bytes, at the start of the
 * next pass; the pass then goes on from that page's next link. An answer other than 200, a timeout or a network
 * error ends the pass (logged); the next pass starts again from page 1. A page larger than
 * 16 MiB is not handed over.
 *
 * <p>A factory component that needs a configuration ({@link NoticesApiConfig}): without one there is no source.
 */
@Component(configurationPid = NoticesApiConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = NoticesApiConfig.class, factory = true)
@DataSourceService(partner = NoticesJsonFormat.PARTNER_ID, transport = NoticesApiSource.TRANSPORT)
public final class NoticesApiSource implements DataSource {

    /** The transport id. */
    public static final String TRANSPORT = "notices-api";
    /** The largest page handed over, in bytes (16 MiB; a page of 160 notices is about 100 KiB). */
    static final int PAGE_LIMIT = 16 * 1024 * 1024;

    /** The checked configuration. */
    record Settings(URI baseUrl, double requestsPerSecond, int resultPerPage, Duration pollInterval,
            Duration timeout, int maxPages) {

        Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("INTERPOL Notices API source: baseUrl '" + baseUrl
                        + "' must be an http or https URL with a host");
            }
            if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
                throw new IllegalArgumentException("INTERPOL Notices API source: requestsPerSecond must be more"
                        + " than 0, got " + requestsPerSecond);
            }
            if (resultPerPage < 1 || resultPerPage > 160) {
                throw new IllegalArgumentException("INTERPOL Notices API source: resultPerPage must be 1 to 160,"
                        + " got " + resultPerPage);
            }
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("INTERPOL Notices API source: the poll interval must be more"
                        + " than 0, got " + pollInterval);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("INTERPOL Notices API source: timeoutSeconds must be more"
                        + " than 0, got " + timeout);
            }
            if (maxPages < 1) {
                throw new IllegalArgumentException("INTERPOL Notices API source: maxPages must be at least 1, got "
                        + maxPages);
            }
        }

        static Settings of(NoticesApiConfig config) {
            URI base;
            try {
                base = new URI(config.baseUrl().strip());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("INTERPOL Notices API source: baseUrl '" + config.baseUrl()
                        + "' is not a URL: " + e.getMessage(), e);
            }
            return new Settings(base, config.requestsPerSecond(), config.resultPerPage(),
                    Duration.ofSeconds(config.pollIntervalSeconds()), Duration.ofSeconds(config.timeoutSeconds()),
                    config.maxPages());
        }

        /** The minimum pause between two requests. */
        long intervalNanos() {
            return (long) Math.ceil(1e9 / requestsPerSecond);
        }

        URI firstPage() {
            String base = baseUrl.toString();
            return URI.create(base + (baseUrl.getRawQuery() == null ? "?" : "&") + "resultPerPage=" + resultPerPage
                    + "&page=1");
        }

        boolean sameOrigin(URI uri) {
            return baseUrl.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
                    && baseUrl.getHost().equalsIgnoreCase(String.valueOf(uri.getHost()))
                    && port(baseUrl) == port(uri);
        }

        private static int port(URI uri) {
            if (uri.getPort() >= 0) {
                return uri.getPort();
            }
            return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
    }

    private final Settings settings;
    private final HttpClient client;
    private ScheduledExecutorService poller;

    /** Touched by the polling thread only (and by tests calling {@link #pollOnce}). */
    private volatile Payload pending;
    private volatile long nextRequestAt = Long.MIN_VALUE;

    @Reference(service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Logger logger;

    /** Activated by Declarative Services with its configuration. */
    @Activate
    public NoticesApiSource(NoticesApiConfig config) {
        this(Settings.of(config));
    }

    NoticesApiSource(Settings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public synchronized void open(PayloadSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (poller != null) {
            throw new IllegalStateException("INTERPOL Notices API source " + settings.baseUrl() + " is already open");
        }
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "liaison-interpol-notices-api");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(() -> pollOnce(sink), 0, settings.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    @Deactivate
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    /**
     * One pass: offers a page rejected before, then fetches and offers pages until the last one or a rejection.
     *
     * @return the number of pages the sink accepted in this pass
     */
    int pollOnce(PayloadSink sink) {
        int accepted = 0;
        try {
            URI next;
            Set<URI> seen = new HashSet<>();
            if (pending != null) {
                Payload again = pending;
                if (!offer(sink, again)) {
                    return accepted;
                }
                pending = null;
                accepted++;
                URI page = URI.create(again.name());
                seen.add(page);
                next = nextLink(page, again.readAllBytes(PAGE_LIMIT));
            } else {
                next = settings.firstPage();
            }
            for (int pages = 0; next != null && pages < settings.maxPages(); pages++) {
                if (Thread.currentThread().isInterrupted() || !seen.add(next)) {
                    break;
                }
                byte[] body = fetch(next);
                if (body == null) {
                    break;
                }
                Payload payload = Payload.ofBytes(NoticesJsonFormat.PARTNER_ID, next.toString(), body);
                if (!offer(sink, payload)) {
                    pending = payload;
                    break;
                }
                accepted++;
                next = nextLink(next, body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // A failed pass must not end the scheduled polling: report it, the next pass tries again.
            warn("INTERPOL Notices API pass over " + settings.baseUrl() + " stopped: " + e);
        }
        return accepted;
    }

    private boolean offer(PayloadSink sink, Payload payload) {
        try {
            sink.accept(payload);
            return true;
        } catch (PayloadRejectedException e) {
            warn("INTERPOL notices page " + payload.name() + " not taken, offered again at the next poll: "
                    + e.getMessage());
            return false;
        }
    }

    /** Fetches one page within the rate limit; null (after a warning) when the answer is not a usable page. */
    private byte[] fetch(URI uri) throws IOException, InterruptedException {
        long wait = nextRequestAt - System.nanoTime();
        if (nextRequestAt != Long.MIN_VALUE && wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status != 200) {
                    retryAfter(response);
                    warn("INTERPOL Notices API " + uri + " answered " + status + "; the pass ends here");
                    return null;
                }
                byte[] bytes = body.readNBytes(PAGE_LIMIT + 1);
                if (bytes.length > PAGE_LIMIT) {
                    warn("INTERPOL Notices API page " + uri + " is larger than " + PAGE_LIMIT
                            + " bytes; not handed over, the pass ends here");
                    return null;
                }
                return bytes;
            }
        } finally {
            nextRequestAt = Math.max(nextRequestAt, System.nanoTime() + settings.intervalNanos());
        }
    }

    private void retryAfter(HttpResponse<?> response) {
        if (response.statusCode() != 429 && response.statusCode() != 503) {
            return;
        }
        response.headers().firstValue("Retry-After").ifPresent(value -> {
            try {
                long seconds = Math.min(Long.parseLong(value.strip()), 24 * 3600);
                nextRequestAt = Math.max(nextRequestAt, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds));
            } catch (NumberFormatException httpDate) {
                // an HTTP date: the rate limit alone spaces the next request
            }
        });
    }

    /**
     * The page's {@code _links.next.href}, resolved against the page's URL; null on the last page, or when the link
     * leads to another origin (warned) or the page is not a JSON object (the format reports that).
     */
    URI nextLink(URI page, byte[] body) {
        String href = null;
        try (JsonReader reader = new JsonReader(new InputStreamReader(new ByteArrayInputStream(body),
                StandardCharsets.UTF_8))) {
            reader.setStrictness(Strictness.STRICT);
            reader.setNestingLimit(32);
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                return null;
            }
            reader.beginObject();
            while (reader.hasNext()) {
                if (reader.nextName().equals("_links") && reader.peek() == JsonToken.BEGIN_OBJECT) {
                    href = nextHref(reader);
                    break;
                }
                reader.skipValue();
            }
        } catch (IOException | IllegalStateException | NumberFormatException notJson) {
            warn("INTERPOL notices page " + page + " has no readable _links; the pass ends here: " + notJson);
            return null;
        }
        if (href == null || href.isBlank()) {
            return null;
        }
        URI next;
        try {
            next = page.resolve(href.strip());
        } catch (IllegalArgumentException bad) {
            warn("INTERPOL notices page " + page + ": next link '" + href + "' is not a URL; the pass ends here");
            return null;
        }
        if (!settings.sameOrigin(next)) {
            warn("INTERPOL notices page " + page + ": next link " + next + " leaves " + settings.baseUrl()
                    + "'s origin; not followed");
            return null;
        }
        return next;
    }

    private static String nextHref(JsonReader reader) throws IOException {
        String href = null;
        reader.beginObject();
        while (reader.hasNext()) {
            if (reader.nextName().equals("next") && reader.peek() == JsonToken.BEGIN_OBJECT) {
                reader.beginObject();
                while (reader.hasNext()) {
                    if (reader.nextName().equals("href") && reader.peek() == JsonToken.STRING) {
                        href = reader.nextString();
                    } else {
                        reader.skipValue();
                    }
                }
                reader.endObject();
            } else {
                reader.skipValue();
            }
        }
        reader.endObject();
        return href;
    }

    private void warn(String message) {
        Logger current = logger;
        if (current != null) {
            current.warn(message);
        }
    }
}
