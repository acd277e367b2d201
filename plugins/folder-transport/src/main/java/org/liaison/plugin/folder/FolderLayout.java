package org.liaison.plugin.folder;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The folders of one folder transport instance, resolved from its configuration: the partner's inbox, where the
 * files the core took go ({@code accepted}), where inbox entries that are never read go ({@code refused}), and the
 * outbox.
 */
record FolderLayout(String partner, Path inbox, Path accepted, Path refused, Path outbox) {

    private static final Pattern PARTNER_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    static FolderLayout of(FolderTransportConfig config, String home) {
        String partner = config.liaison_partner();
        if (partner == null || !PARTNER_ID.matcher(partner).matches()) {
            throw new IllegalArgumentException("configuration " + FolderTransportConfig.PID + ": property"
                    + " 'liaison.partner' must be a partner id matching " + PARTNER_ID + ", got '" + partner + "'");
        }
        Path base = Path.of(home == null || home.isBlank() ? "." : home);
        return new FolderLayout(partner,
                resolve(base, config.inbox(), "data/inbox/" + partner),
                resolve(base, config.accepted(), "data/accepted/" + partner),
                resolve(base, config.refused(), "data/refused/" + partner),
                resolve(base, config.outbox(), "data/outbox/" + partner));
    }

    private static Path resolve(Path base, String configured, String fallback) {
        return base.resolve(configured == null || configured.isBlank() ? fallback : configured).normalize();
    }

    /**
     * Files whose name starts with a dot or ends with {@code .part} or {@code .tmp} are still being written, by the
     * convention this transport follows itself: write under a temporary name, then rename.
     */
    static boolean isInProgress(String fileName) {
        return fileName.startsWith(".") || fileName.endsWith(".part") || fileName.endsWith(".tmp");
    }
}
