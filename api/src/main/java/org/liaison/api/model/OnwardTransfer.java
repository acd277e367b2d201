package org.liaison.api.model;

import java.util.Arrays;

/**
 * Whether a recipient may pass information it received under an {@link Agreement} on to a third partner. An
 * {@link Exchange} that names an {@link Exchange#originator() originator} other than its sender is such an onward
 * transfer, and is checked against the agreement under which the originator first sent the information.
 *
 * <p>Adding a constant is a minor version change of this package.
 */
public enum OnwardTransfer {
    /** The information must not be passed on. */
    PROHIBITED("prohibited"),
    /** The information may be passed on only with the prior consent of the partner it came from. */
    WITH_ORIGINATOR_CONSENT("with-originator-consent"),
    /** The information may be passed on, within the recipient's own agreements. */
    PERMITTED("permitted");

    private final String id;

    OnwardTransfer(String id) {
        this.id = id;
    }

    /** The stable lower-case name of this constant, used in configuration files and the canonical JSON format. */
    public String id() {
        return id;
    }

    /**
     * Returns the constant with the given {@link #id() id}; the match is exact (case-sensitive).
     *
     * @throws IllegalArgumentException naming the unknown id and listing the known ones
     */
    public static OnwardTransfer fromId(String id) {
        for (OnwardTransfer value : values()) {
            if (value.id.equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown onward transfer rule '" + id + "': expected one of "
                + Arrays.stream(values()).map(OnwardTransfer::id).toList());
    }

    /** Returns the {@link #id() id}. */
    @Override
    public String toString() {
        return id;
    }
}
