/**
 * The shared model of cooperation: {@link org.liaison.api.model.Partner partners}, the
 * {@link org.liaison.api.model.Agreement agreements} that bind them, the {@link org.liaison.api.model.Project
 * projects} they run together, and the {@link org.liaison.api.model.Exchange exchange} envelope in which
 * information travels between them.
 *
 * <h2>Rules every type follows</h2>
 * <ul>
 * <li><b>Immutable and valid.</b> Each type is a final class built with its {@code Builder}
 * ({@code Agreement.builder()...build()}); {@code build()} checks every rule in the type's description and throws
 * an {@link java.lang.IllegalArgumentException} whose message names the object, the field, what was expected and
 * what was given, for example
 * {@code Agreement 'un-interpol-2009': field 'parties' must name at least two partners, got [interpol]}. An object
 * that exists is therefore well formed. {@code toBuilder()} derives a changed copy.</li>
 * <li><b>Value semantics.</b> Two objects with equal fields are {@code equals}, with equal hash codes.</li>
 * <li><b>Ids.</b> Partner, agreement and project ids and purposes are slugs matching
 * {@code [a-z0-9][a-z0-9._-]*}, such as {@code interpol}, {@code un-interpol-2009} or
 * {@code peacekeeping-operations}. Countries are ISO 3166-1 alpha-2 codes in upper case ({@code FR}; user-assigned
 * codes such as {@code XK} are accepted, only the shape is checked).</li>
 * <li><b>Nothing is changed silently.</b> Text is never trimmed; blank text is rejected, so a field that has no
 * value is left unset rather than set to {@code ""}.</li>
 * <li><b>Optional fields</b> are returned as {@link java.util.Optional}; collections are never null, possibly
 * empty, and unmodifiable. Sets iterate in a fixed order (alphabetical, or declaration order for enums), lists in
 * the order given.</li>
 * <li><b>Enumerations</b> have a stable {@code id()} used in configuration files and the canonical JSON format,
 * {@code fromId(String)} to read it back and {@code toString()} returning it.</li>
 * </ul>
 *
 * <h2>Versioning</h2>
 * A new type, field, enum constant or builder method is a minor version change of this package; removing or
 * changing one is a major change. Partner code builds objects through builders and reads them through accessors,
 * so it keeps working across minor versions.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.liaison.api.model;
