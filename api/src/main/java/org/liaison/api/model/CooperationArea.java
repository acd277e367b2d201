package org.liaison.api.model;

import java.util.Arrays;

/**
 * An area of cooperation that an {@link Agreement} covers. Every {@link Exchange} declares the one area it is made
 * under, and is only allowed when an agreement in force between its sender and recipients covers that area.
 *
 * <p>Adding a constant is a minor version change of this package.
 */
public enum CooperationArea {
    /** Exchange of information: notices, listings, records of persons and organisations and so on. */
    EXCHANGE_OF_INFORMATION("information-exchange"),
    /** Joint projects to identify persons or items, such as matching lists against each other. */
    MUTUAL_IDENTIFICATION_PROJECTS("mutual-identification"),
    /** Access by one partner to databases of another. */
    ACCESS_TO_DATABASES("database-access"),
    /** Each partner represents the other at meetings and in bodies where the other is absent. */
    MUTUAL_REPRESENTATION("mutual-representation"),
    /** Technical assistance: training, equipment, expertise. */
    TECHNICAL_ASSISTANCE("technical-assistance"),
    /** Law enforcement carried out by a mission in the interim, where it holds an executive mandate. */
    INTERIM_LAW_ENFORCEMENT_COOPERATION("interim-law-enforcement"),
    /** Support to a national police service, for example by a UN police component. */
    SUPPORT_TO_NATIONAL_POLICE("national-police-support");

    private final String id;

    CooperationArea(String id) {
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
    public static CooperationArea fromId(String id) {
        for (CooperationArea value : values()) {
            if (value.id.equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown cooperation area '" + id + "': expected one of "
                + Arrays.stream(values()).map(CooperationArea::id).toList());
    }

    /** Returns the {@link #id() id}. */
    @Override
    public String toString() {
        return id;
    }
}
