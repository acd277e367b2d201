package org.liaison.plugin.interpol;

import java.net.URI;
import java.util.Locale;

import org.liaison.api.record.NoticeKind;

/**
 * The notice kind that a Notices API URL names by its path: {@code /notices/v1/red/2021-75051} is a red notice,
 * {@code /yellow/...} a yellow notice, {@code /un/persons/...} an INTERPOL–UN Security Council special notice.
 */
final class NoticePaths {

    /** The public API's base, used for the page links this plugin writes. */
    static final String API_BASE = "https://ws-public.interpol.int/notices/v1/";

    /** What a URL's path says about the notice kind. */
    enum Named {
        /** The path names no kind. */
        NONE,
        /** The path names the kind {@link #kind}. */
        KIND,
        /** The path names UN special notices about entities, which the model's notices (about persons) can't carry. */
        UN_ENTITY
    }

    /** The result of {@link #read(String)}: what the path says and, for {@link Named#KIND}, which kind. */
    record Reading(Named named, NoticeKind kind) {
        static final Reading NONE = new Reading(Named.NONE, null);
    }

    private NoticePaths() {
    }

    /**
     * Reads the kind from the first path segment that is {@code red}, {@code yellow} or {@code un}. Text that is not
     * a URL with a path names no kind.
     */
    static Reading read(String url) {
        if (url == null) {
            return Reading.NONE;
        }
        String path;
        try {
            path = URI.create(url).getPath();
        } catch (IllegalArgumentException notUri) {
            return Reading.NONE;
        }
        if (path == null) {
            return Reading.NONE;
        }
        String[] segments = path.split("/");
        for (int i = 0; i < segments.length; i++) {
            switch (segments[i].toLowerCase(Locale.ROOT)) {
                case "red":
                    return new Reading(Named.KIND, NoticeKind.RED);
                case "yellow":
                    return new Reading(Named.KIND, NoticeKind.YELLOW);
                case "un":
                    if (i + 1 < segments.length && segments[i + 1].equalsIgnoreCase("entities")) {
                        return new Reading(Named.UN_ENTITY, null);
                    }
                    return new Reading(Named.KIND, NoticeKind.UN_SECURITY_COUNCIL_SPECIAL);
                default:
                    break;
            }
        }
        return Reading.NONE;
    }

    /** The kind a URL names, or null when it names none (or names UN entity notices). */
    static NoticeKind kindOrNull(String url) {
        Reading reading = read(url);
        return reading.named() == Named.KIND ? reading.kind() : null;
    }

    /** Whether the public API publishes this kind; only those can be written. */
    static boolean published(NoticeKind kind) {
        return kind == NoticeKind.RED || kind == NoticeKind.YELLOW
                || kind == NoticeKind.UN_SECURITY_COUNCIL_SPECIAL;
    }

    /** The list endpoint of a published kind, such as {@code https://ws-public.interpol.int/notices/v1/red}. */
    static String listEndpoint(NoticeKind kind) {
        return API_BASE + switch (kind) {
            case RED -> "red";
            case YELLOW -> "yellow";
            case UN_SECURITY_COUNCIL_SPECIAL -> "un/persons";
            default -> throw new IllegalArgumentException("the Notices API publishes no " + kind + " notices");
        };
    }
}
