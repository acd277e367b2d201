package org.liaison.core.internal.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.liaison.api.format.Decoded;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.record.DataRecord;
import org.liaison.api.registry.PartnerPlugins;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginRegistry;
import org.liaison.api.transport.Payload;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs the conformance samples a plugin bundle ships: for a format with id F, every file of
 * {@code META-INF/liaison/conformance/F/} in the bundle that registered it is a sample of the partner's bytes, and
 * {@code <sample>.expected.json} beside it holds, as a canonical JSON document, the records it must decode to. A
 * format passes when every sample decodes, without errors, to exactly its expected records.
 */
@Component(service = ConformanceRunner.class)
public final class ConformanceRunner {

    /** Where a bundle keeps the conformance samples of one of its formats. */
    public static final String FOLDER = "META-INF/liaison/conformance/";
    static final String EXPECTED = ".expected.json";

    /** The outcome of one sample. */
    public record Result(String partner, String format, String sample, boolean passed, String detail) {

        /** One line: {@code PASS interpol/notices-json sample.json: 3 records}. */
        public String line() {
            return (passed ? "PASS " : "FAIL ") + partner + "/" + format + " " + sample + ": " + detail;
        }
    }

    private final BundleContext context;
    private final PluginRegistry registry;

    @Activate
    public ConformanceRunner(BundleContext context, @Reference PluginRegistry registry) {
        this.context = context;
        this.registry = registry;
    }

    /** Runs the samples of every format of a partner; empty when its formats ship none. */
    public List<Result> run(String partner) {
        List<Result> results = new ArrayList<>();
        for (PluginDescription description : registry.partner(partner).map(PartnerPlugins::formats)
                .orElse(List.of())) {
            results.addAll(run(description));
        }
        return results;
    }

    private List<Result> run(PluginDescription description) {
        ServiceReference<PartnerFormat> reference = reference(description.serviceId());
        if (reference == null) {
            return List.of(new Result(description.partner(), description.id(), "-", false,
                    "the format went away while its samples were run"));
        }
        PartnerFormat format = context.getService(reference);
        try {
            return run(description.partner(), description.id(), format, reference.getBundle());
        } finally {
            context.ungetService(reference);
        }
    }

    /** Runs the samples a bundle ships for one format; usable before the format takes traffic. */
    public List<Result> run(String partner, String formatId, PartnerFormat format, Bundle bundle) {
        PartnerFormat canonical = registry.format(PartnerFormat.ANY_PARTNER, "canonical-json").orElse(null);
        List<Result> results = new ArrayList<>();
        Enumeration<URL> entries = bundle == null ? null : bundle.findEntries(FOLDER + formatId, "*", false);
        List<URL> samples = entries == null ? List.of() : Collections.list(entries).stream()
                .filter(url -> !url.getPath().endsWith("/") && !url.getPath().endsWith(EXPECTED)).toList();
        for (URL sample : samples) {
            String name = sample.getPath().substring(sample.getPath().lastIndexOf('/') + 1);
            results.add(check(partner, formatId, format, canonical, bundle, sample, name));
        }
        return results;
    }

    private Result check(String partner, String formatId, PartnerFormat format, PartnerFormat canonical,
            Bundle bundle, URL sample, String name) {
        URL expectedUrl = bundle.getEntry(sample.getPath() + EXPECTED);
        if (expectedUrl == null) {
            return new Result(partner, formatId, name, false, "no " + name + EXPECTED + " beside the sample");
        }
        if (canonical == null) {
            return new Result(partner, formatId, name, false, "the canonical-json plugin, which expected records"
                    + " are written in, is not installed");
        }
        try {
            Decoded actual = Decoded.decode(format, Payload.ofBytes(partner, name, read(sample)));
            Decoded expected = Decoded.decode(canonical, Payload.ofBytes(partner, name + EXPECTED,
                    read(expectedUrl)));
            if (!actual.errors().isEmpty()) {
                return new Result(partner, formatId, name, false, actual.errors().size() + " record errors, the"
                        + " first: " + actual.errors().get(0).message());
            }
            List<DataRecord> got = actual.records();
            List<DataRecord> want = expected.records();
            for (int i = 0; i < Math.max(got.size(), want.size()); i++) {
                if (i >= got.size() || i >= want.size() || !got.get(i).equals(want.get(i))) {
                    return new Result(partner, formatId, name, false, "record " + i + " differs: expected "
                            + (i < want.size() ? want.get(i) : "no record") + ", decoded "
                            + (i < got.size() ? got.get(i) : "no record"));
                }
            }
            return new Result(partner, formatId, name, true, got.size() + " records as expected");
        } catch (FormatException | IOException | RuntimeException e) {
            return new Result(partner, formatId, name, false, String.valueOf(e.getMessage()));
        }
    }

    private ServiceReference<PartnerFormat> reference(long serviceId) {
        try {
            var references = context.getServiceReferences(PartnerFormat.class,
                    "(" + Constants.SERVICE_ID + "=" + serviceId + ")");
            return references.isEmpty() ? null : references.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }
}
