package org.liaison.api.record;

import java.util.Arrays;

/**
 * The kind of an INTERPOL {@link Notice}, after its colour.
 *
 * <p>Adding a constant is a minor version change of this package.
 */
public enum NoticeKind {
    /** Red notice: to seek the location and arrest of a person wanted for prosecution or to serve a sentence. */
    RED("red"),
    /** Yellow notice: to help locate a missing person, often a minor, or to identify a person unable to do so. */
    YELLOW("yellow"),
    /** Blue notice: to collect more information about a person's identity, location or activities. */
    BLUE("blue"),
    /** Black notice: to seek information on unidentified bodies. */
    BLACK("black"),
    /** Green notice: to warn about a person's criminal activities, where the person is a threat to public safety. */
    GREEN("green"),
    /** Orange notice: to warn of an event, a person, an object or a process that is a serious and imminent threat. */
    ORANGE("orange"),
    /**
     * Purple notice: to seek or provide information on the methods, objects, devices and hiding places criminals
     * use.
     */
    PURPLE("purple"),
    /** INTERPOL–United Nations Security Council Special Notice: for persons and entities under UN sanctions. */
    UN_SECURITY_COUNCIL_SPECIAL("un-security-council-special");

    private final String id;

    NoticeKind(String id) {
        this.id = id;
    }

    /** The stable lower-case name of this kind, such as {@code red}. */
    public String id() {
        return id;
    }

    /**
     * Returns the constant with the given {@link #id() id}; the match is exact (case-sensitive).
     *
     * @throws IllegalArgumentException naming the unknown id and listing the known ones
     */
    public static NoticeKind fromId(String id) {
        for (NoticeKind value : values()) {
            if (value.id.equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown notice kind '" + id + "': expected one of "
                + Arrays.stream(values()).map(NoticeKind::id).toList());
    }

    /** Returns the {@link #id() id}. */
    @Override
    public String toString() {
        return id;
    }
}
