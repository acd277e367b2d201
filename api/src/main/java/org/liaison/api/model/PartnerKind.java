package org.liaison.api.model;

import java.util.Arrays;

/**
 * What kind of body a {@link Partner} is. The kind is descriptive: it helps people read agreements and audit
 * trails, and lets policies treat, for example, private companies differently from UN bodies. It grants nothing by
 * itself; only an {@link Agreement} does.
 *
 * <p>Adding a constant is a minor version change of this package.
 */
public enum PartnerKind {
    /** A body of the United Nations system: a programme, fund, office, department or peace operation. */
    UN_BODY("un-body"),
    /** An intergovernmental organisation outside the UN system, such as INTERPOL or Europol. */
    INTERNATIONAL_ORGANISATION("international-organisation"),
    /** An authority of one state: a national police, a financial intelligence unit, a customs service. */
    NATIONAL_AUTHORITY("national-authority"),
    /** A non-governmental organisation. */
    NGO("ngo"),
    /** An association, such as a professional or industry association. */
    ASSOCIATION("association"),
    /** A foundation. */
    FOUNDATION("foundation"),
    /** A university or research institute. */
    ACADEMIC_INSTITUTION("academic-institution"),
    /** A company. */
    PRIVATE_COMPANY("private-company");

    private final String id;

    PartnerKind(String id) {
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
    public static PartnerKind fromId(String id) {
        for (PartnerKind value : values()) {
            if (value.id.equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown partner kind '" + id + "': expected one of "
                + Arrays.stream(values()).map(PartnerKind::id).toList());
    }

    /** Returns the {@link #id() id}. */
    @Override
    public String toString() {
        return id;
    }
}
