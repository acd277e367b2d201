package org.liaison.api.record;

import java.util.Optional;

import org.liaison.api.model.HandlingMarking;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One unit of information in an exchange: a person, a notice, a seizure and so on.
 *
 * <p>Records are immutable and validated when they are built: a record that exists is well formed. Partner formats
 * build records with the builder of each concrete type and never implement this interface themselves; new record
 * types are added to this package in minor versions.
 *
 * <p>Every record carries:
 * <ul>
 * <li>an {@link #id() id} that is stable for the same real-world item from the same partner (for example the
 * INTERPOL notice id {@code 2021/12345} or the UN reference number {@code QDi.001}), so that repeated exchanges of
 * the same item can be recognised;</li>
 * <li>its {@link #type() type};</li>
 * <li>optionally its own {@link #marking() handling marking}, when the partner marks records one by one (STIX
 * objects do). A record without one is handled under the marking of the exchange that carries it.</li>
 * </ul>
 */
@ProviderType
public interface DataRecord {

    /** The record's identifier, never blank. */
    String id();

    /** The record's type. */
    RecordType type();

    /** The record's own handling marking, if the partner marked it individually. */
    Optional<HandlingMarking> marking();
}
