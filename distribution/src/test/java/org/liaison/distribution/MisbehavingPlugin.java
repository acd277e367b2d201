package org.liaison.distribution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A plugin bundle that misbehaves on purpose, built by the test from source against the distribution's api jar: for
 * partner {@code interpol}, a format {@code hanging} that never returns from decoding a {@code *.hang} file, and a
 * format {@code exploding} that throws on a {@code *.boom} file. Its manifest and component descriptions are
 * written by hand because it is a test fixture, not a plugin to ship.
 */
final class MisbehavingPlugin {

    private static final String HANGING = """
            package org.example.misbehaving;

            import java.io.OutputStream;
            import java.util.List;
            import java.util.Set;
            import org.liaison.api.format.*;
            import org.liaison.api.record.*;
            import org.liaison.api.transport.Payload;

            public class HangingFormat implements PartnerFormat {
                public Set<RecordType> recordTypes() { return Set.of(RecordType.PERSON); }
                public String fileExtension() { return "hang"; }
                public boolean accepts(String name, byte[] head) { return name.endsWith(".hang"); }
                public void decode(Payload payload, DecodeSink sink) {
                    while (true) {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            // a format that ignores interruption: the engine must still get past it
                        }
                    }
                }
                public List<RecordError> encode(List<? extends DataRecord> records, OutputStream out) {
                    return List.of();
                }
            }
            """;

    private static final String EXPLODING = """
            package org.example.misbehaving;

            import java.io.OutputStream;
            import java.util.List;
            import java.util.Set;
            import org.liaison.api.format.*;
            import org.liaison.api.record.*;
            import org.liaison.api.transport.Payload;

            public class ExplodingFormat implements PartnerFormat {
                public Set<RecordType> recordTypes() { return Set.of(RecordType.PERSON); }
                public String fileExtension() { return "boom"; }
                public boolean accepts(String name, byte[] head) { return name.endsWith(".boom"); }
                public void decode(Payload payload, DecodeSink sink) {
                    throw new IllegalStateException("this format always fails");
                }
                public List<RecordError> encode(List<? extends DataRecord> records, OutputStream out) {
                    return List.of();
                }
            }
            """;

    private MisbehavingPlugin() {
    }

    /** Compiles the two formats and writes the bundle to {@code jar}. */
    static void write(Path jar, Path apiJar, Path work) throws IOException {
        Path sources = Files.createDirectories(work.resolve("src/org/example/misbehaving"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        Files.writeString(sources.resolve("HangingFormat.java"), HANGING);
        Files.writeString(sources.resolve("ExplodingFormat.java"), EXPLODING);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = compiler.run(null, diagnostics, diagnostics, "--release", "17", "-cp", apiJar.toString(), "-d",
                classes.toString(), sources.resolve("HangingFormat.java").toString(),
                sources.resolve("ExplodingFormat.java").toString());
        if (status != 0) {
            throw new IllegalStateException("the misbehaving plugin does not compile:\n"
                    + diagnostics.toString(StandardCharsets.UTF_8));
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "org.example.misbehaving");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "org.liaison.api.format;version=\"[1.0,2)\","
                + "org.liaison.api.record;version=\"[1.0,2)\",org.liaison.api.transport;version=\"[1.0,2)\"");
        main.putValue("Service-Component", "OSGI-INF/hanging.xml,OSGI-INF/exploding.xml");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream bundle = new JarOutputStream(out,
                manifest)) {
            for (String name : List.of("HangingFormat", "ExplodingFormat")) {
                bundle.putNextEntry(new JarEntry("org/example/misbehaving/" + name + ".class"));
                bundle.write(Files.readAllBytes(classes.resolve("org/example/misbehaving/" + name + ".class")));
                bundle.closeEntry();
            }
            component(bundle, "hanging.xml", "HangingFormat", "hanging");
            component(bundle, "exploding.xml", "ExplodingFormat", "exploding");
        }
    }

    private static void component(JarOutputStream bundle, String file, String className, String format)
            throws IOException {
        bundle.putNextEntry(new JarEntry("OSGI-INF/" + file));
        bundle.write(("""
                <?xml version="1.0" encoding="UTF-8"?>
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="org.example.misbehaving.%s"
                    immediate="true">
                  <implementation class="org.example.misbehaving.%s"/>
                  <service><provide interface="org.liaison.api.format.PartnerFormat"/></service>
                  <property name="liaison.partner" value="interpol"/>
                  <property name="liaison.format" value="%s"/>
                </scr:component>
                """.formatted(className, className, format)).getBytes(StandardCharsets.UTF_8));
        bundle.closeEntry();
    }
}
