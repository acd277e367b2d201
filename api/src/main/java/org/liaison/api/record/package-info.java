/**
 * The records partners exchange: {@link org.liaison.api.record.Person persons},
 * {@link org.liaison.api.record.Organisation organisations}, INTERPOL {@link org.liaison.api.record.Notice
 * notices}, {@link org.liaison.api.record.SanctionListing sanctions listings}, drug
 * {@link org.liaison.api.record.Seizure seizures}, security {@link org.liaison.api.record.Incident incidents},
 * {@link org.liaison.api.record.ThreatIndicator threat indicators} and
 * {@link org.liaison.api.record.OwnershipRelation ownership relations}, with the values they are made of.
 *
 * <p>Partner formats map their own data to and from these types. Every record implements
 * {@link org.liaison.api.record.DataRecord}: it has an id that is stable for the same real-world item from the
 * same partner, a {@link org.liaison.api.record.RecordType type}, and optionally its own
 * {@link org.liaison.api.model.HandlingMarking handling marking}.
 *
 * <h2>Rules every type follows</h2>
 * <ul>
 * <li><b>Immutable and valid.</b> Each type is a final class built with its {@code Builder}
 * ({@code Person.builder().id("A-1").name(...).build()}); {@code build()} checks every rule in the type's
 * description and throws an {@link java.lang.IllegalArgumentException} whose message names the record, the field,
 * what was expected and what was given, for example
 * {@code Person 'A-1': field 'heightMetres' must be more than 0 and less than 3 (metres), got 180.0}. A format that
 * meets such a record reports it as a record error and goes on with the next one. {@code toBuilder()} derives a
 * changed copy.</li>
 * <li><b>Value semantics.</b> Two objects with equal fields are {@code equals}, with equal hash codes.</li>
 * <li><b>What the source says, no more.</b> Text is never trimmed or reworded, and blank text is rejected: a value
 * the source does not give is left unset. Dates known only to the year or month are
 * {@link org.liaison.api.record.PartialDate partial dates}; no day or month is ever invented.</li>
 * <li><b>Codes are normalised.</b> Record ids are non-blank strings of at most 512 characters. Countries are ISO
 * 3166-1 alpha-2 codes in upper case ({@code FR}; only the shape is checked, so {@code XK} is accepted); where
 * sources use alpha-3 codes (UNODC, ACLED) the field is named {@code countryCode} and accepts two or three upper-case
 * letters.</li>
 * <li><b>Optional fields</b> are returned as {@link java.util.Optional}; collections are never null, possibly
 * empty, and unmodifiable. Sets and maps iterate in alphabetical order, lists in the order given.</li>
 * <li><b>Enumerations</b> have a stable {@code id()}, {@code fromId(String)} to read it back and
 * {@code toString()} returning it.</li>
 * </ul>
 *
 * <h2>Versioning</h2>
 * A new record type, field, enum constant or builder method is a minor version change of this package; removing or
 * changing one is a major change. A format that meets a record type it does not know reports an error for that
 * record, and does not fail the whole payload.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.liaison.api.record;
