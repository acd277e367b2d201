package org.liaison.core.internal.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.liaison.api.format.Decoded;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.format.RecordError;
import org.liaison.api.registry.PluginRegistry;
import org.liaison.api.transport.Payload;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The Gogo command {@code liaison:decode <partner> <file> [--format <id>] [--json]}: tries a partner's formats on a
 * file, without exchanging anything. It prints {@code <n> records, <e> errors}, then one line per error; with
 * {@code --json}, the records as canonical JSON.
 */
@Component(service = DecodeCommand.class, property = {
        "osgi.command.scope=liaison",
        "osgi.command.function=decode" })
public final class DecodeCommand {

    private static final String ABSENT = "\u0000absent";
    private static final int HEAD_BYTES = 4096;

    private final PluginRegistry registry;

    @Activate
    public DecodeCommand(@Reference PluginRegistry registry) {
        this.registry = registry;
    }

    @Descriptor("decodes a file with a partner's format and reports its records and errors")
    public String decode(
            @Descriptor("the format to use; default: the partner's format that accepts the file")
            @Parameter(names = "--format", absentValue = ABSENT) String formatId,
            @Descriptor("print the records as canonical JSON") @Parameter(names = "--json", presentValue = "true",
                    absentValue = "false") boolean json,
            @Descriptor("the partner id") String partner,
            @Descriptor("the file") String file) throws IOException {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(file + ": no such file (paths are relative to the folder Liaison"
                    + " was started from; give an absolute path)");
        }
        PartnerFormat format = choose(partner, formatId, path);
        Payload payload = Payload.ofFile(partner, path);
        Decoded decoded;
        try {
            decoded = Decoded.decode(format, payload);
        } catch (FormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        StringBuilder text = new StringBuilder(decoded.toString());
        for (RecordError error : decoded.errors()) {
            text.append('\n').append(error.message());
        }
        for (RecordError warning : decoded.warnings()) {
            text.append("\nwarning: ").append(warning.message());
        }
        if (json) {
            PartnerFormat canonical = registry.format(PartnerFormat.ANY_PARTNER, "canonical-json").orElseThrow(
                    () -> new IllegalStateException("--json needs the canonical-json plugin, which is not"
                            + " installed"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            canonical.encode(decoded.records(), out);
            text.append('\n').append(out.toString(StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    private PartnerFormat choose(String partner, String formatId, Path path) throws IOException {
        if (!ABSENT.equals(formatId)) {
            Optional<PartnerFormat> named = registry.format(partner, formatId);
            return named.orElseThrow(() -> new IllegalArgumentException("partner " + partner + " has no format "
                    + formatId + "; its formats: " + formatIds(partner)));
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(HEAD_BYTES);
        }
        List<PartnerFormat> formats = registry.formats(partner);
        for (PartnerFormat candidate : formats) {
            if (candidate.accepts(path.getFileName().toString(), head)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no format of partner " + partner + " accepts " + path.getFileName()
                + "; its formats: " + formatIds(partner) + " (name one with --format)");
    }

    private List<String> formatIds(String partner) {
        List<String> ids = new ArrayList<>();
        registry.partner(partner).ifPresent(plugins -> plugins.formats().forEach(f -> ids.add(f.id())));
        registry.partner(PartnerFormat.ANY_PARTNER).ifPresent(plugins -> plugins.formats()
                .forEach(f -> ids.add(f.id() + " (any partner)")));
        return ids.isEmpty() ? Arrays.asList("none") : ids;
    }
}
