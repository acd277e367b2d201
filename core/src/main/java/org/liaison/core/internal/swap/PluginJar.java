package org.liaison.core.internal.swap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * The bytes of a plugin bundle's jar with the identity its manifest declares. The version is in OSGi's normal form
 * ({@code 0.2} becomes {@code 0.2.0}), so that it compares with {@code Bundle.getVersion().toString()}.
 */
record PluginJar(String symbolicName, String version, byte[] bytes) {

    private static final int END_RECORD_BYTES = 22;

    /**
     * Reads a jar's identity from its manifest.
     *
     * @param source where the bytes came from, for the message when they are not a bundle
     * @throws IllegalArgumentException when the bytes are not a complete jar with a {@code Bundle-SymbolicName}
     */
    static PluginJar read(byte[] bytes, String source) {
        Manifest manifest;
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(bytes))) {
            manifest = jar.getManifest();
            // Every entry is read to its end, which checks its size and CRC: a jar cut short (still being copied
            // into deploy/, or a broken download) is refused here, not installed as a bundle missing classes.
            while (jar.getNextJarEntry() != null) {
                jar.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not a readable jar: " + e.getMessage(), e);
        }
        if (!endsWithCentralDirectory(bytes)) {
            throw new IllegalArgumentException(source + " is not a complete jar: it has no end of central directory"
                    + " record (" + bytes.length + " bytes; is it still being written?)");
        }
        if (manifest == null) {
            throw new IllegalArgumentException(source + " is not a bundle: it has no META-INF/MANIFEST.MF as its"
                    + " first entry");
        }
        String name = manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(source + " is not a bundle: its manifest has no "
                    + Constants.BUNDLE_SYMBOLICNAME);
        }
        String version = manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
        try {
            version = Version.parseVersion(version == null ? null : version.strip()).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + Constants.BUNDLE_VERSION + " '" + version
                    + "' is not an OSGi version: " + e.getMessage(), e);
        }
        int parameters = name.indexOf(';');
        return new PluginJar((parameters < 0 ? name : name.substring(0, parameters)).strip(), version, bytes);
    }

    /** A zip ends with its end of central directory record, followed by a comment of at most 64 KiB. */
    private static boolean endsWithCentralDirectory(byte[] bytes) {
        int last = bytes.length - END_RECORD_BYTES;
        int first = Math.max(0, last - 0xFFFF);
        for (int at = last; at >= first; at--) {
            if (bytes[at] == 0x50 && bytes[at + 1] == 0x4b && bytes[at + 2] == 0x05 && bytes[at + 3] == 0x06) {
                int comment = (bytes[at + 20] & 0xff) | (bytes[at + 21] & 0xff) << 8;
                return at + END_RECORD_BYTES + comment == bytes.length;
            }
        }
        return false;
    }

    /** {@code org.liaison.plugin.unodc 0.2.0}. */
    String describe() {
        return symbolicName + " " + version;
    }

    String sha256() {
        return sha256(bytes);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
