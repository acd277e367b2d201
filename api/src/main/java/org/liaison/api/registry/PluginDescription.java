package org.liaison.api.registry;

import java.util.Objects;

/**
 * One plugin service as the registry sees it: its kind, the partner it serves, its id (the format id for a
 * format, the transport for a source or a channel) and the bundle that provides it.
 */
public final class PluginDescription {

    private final PluginKind kind;
    private final String partner;
    private final String id;
    private final String bundleSymbolicName;
    private final String bundleVersion;
    private final long serviceId;

    /**
     * Describes one plugin service.
     *
     * @param kind               the kind of service
     * @param partner            the partner it serves, or {@value org.liaison.api.format.PartnerFormat#ANY_PARTNER}
     * @param id                 the format id or the transport
     * @param bundleSymbolicName the symbolic name of the bundle that registered it
     * @param bundleVersion      that bundle's version
     * @param serviceId          the OSGi service id, unique while the framework runs
     */
    public PluginDescription(PluginKind kind, String partner, String id, String bundleSymbolicName,
            String bundleVersion, long serviceId) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.partner = Objects.requireNonNull(partner, "partner");
        this.id = Objects.requireNonNull(id, "id");
        this.bundleSymbolicName = Objects.requireNonNull(bundleSymbolicName, "bundleSymbolicName");
        this.bundleVersion = Objects.requireNonNull(bundleVersion, "bundleVersion");
        this.serviceId = serviceId;
    }

    /** The kind of plugin service. */
    public PluginKind kind() {
        return kind;
    }

    /** The partner the service serves. */
    public String partner() {
        return partner;
    }

    /** The format id (for a format) or the transport (for a source or a channel). */
    public String id() {
        return id;
    }

    /** The symbolic name of the bundle that registered the service. */
    public String bundleSymbolicName() {
        return bundleSymbolicName;
    }

    /** The version of the bundle that registered the service. */
    public String bundleVersion() {
        return bundleVersion;
    }

    /** The OSGi service id. */
    public long serviceId() {
        return serviceId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PluginDescription that && kind == that.kind && serviceId == that.serviceId
                && partner.equals(that.partner) && id.equals(that.id)
                && bundleSymbolicName.equals(that.bundleSymbolicName) && bundleVersion.equals(that.bundleVersion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, partner, id, bundleSymbolicName, bundleVersion, serviceId);
    }

    /** For example {@code format interpol/notices-json (org.liaison.plugin.interpol 1.0.0)}. */
    @Override
    public String toString() {
        return kind + " " + partner + "/" + id + " (" + bundleSymbolicName + " " + bundleVersion + ")";
    }
}
