package org.liaison.api.registry;

/** The three kinds of plugin service a partner can have. */
public enum PluginKind {
    /** A {@link org.liaison.api.format.PartnerFormat}. */
    FORMAT("format"),
    /** A {@link org.liaison.api.transport.DataSource}. */
    SOURCE("source"),
    /** An {@link org.liaison.api.transport.ExchangeChannel}. */
    CHANNEL("channel");

    private final String id;

    PluginKind(String id) {
        this.id = id;
    }

    /** The lower-case name of the kind, as shown by {@code liaison:plugins}. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
