package org.liaison.api.registry;

import java.util.List;
import java.util.Objects;

/**
 * Everything plugged in for one partner at one moment: its formats, sources and channels, each list sorted by id.
 * A snapshot: it does not change when plugins come and go.
 */
public final class PartnerPlugins {

    private final String partner;
    private final List<PluginDescription> formats;
    private final List<PluginDescription> sources;
    private final List<PluginDescription> channels;

    /**
     * A snapshot of one partner's plugins.
     *
     * @param partner  the partner id
     * @param formats  its formats
     * @param sources  its data sources
     * @param channels its exchange channels
     */
    public PartnerPlugins(String partner, List<PluginDescription> formats, List<PluginDescription> sources,
            List<PluginDescription> channels) {
        this.partner = Objects.requireNonNull(partner, "partner");
        this.formats = List.copyOf(formats);
        this.sources = List.copyOf(sources);
        this.channels = List.copyOf(channels);
    }

    /** The partner id, or {@value org.liaison.api.format.PartnerFormat#ANY_PARTNER} for shared formats. */
    public String partner() {
        return partner;
    }

    /** The partner's formats. */
    public List<PluginDescription> formats() {
        return formats;
    }

    /** The partner's data sources. */
    public List<PluginDescription> sources() {
        return sources;
    }

    /** The partner's exchange channels. */
    public List<PluginDescription> channels() {
        return channels;
    }

    /** True when nothing is plugged in for the partner. */
    public boolean isEmpty() {
        return formats.isEmpty() && sources.isEmpty() && channels.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PartnerPlugins that && partner.equals(that.partner) && formats.equals(that.formats)
                && sources.equals(that.sources) && channels.equals(that.channels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partner, formats, sources, channels);
    }

    @Override
    public String toString() {
        return "PartnerPlugins[" + partner + ": formats=" + formats + ", sources=" + sources + ", channels="
                + channels + "]";
    }
}
