/**
 * Extension points that move a partner's bytes in and out of Liaison.
 *
 * <p>A partner plugin or a generic transport registers, as OSGi services:
 * <ul>
 * <li>{@link org.liaison.api.transport.DataSource data sources}, which bring a partner's raw payloads in (files
 * dropped in a folder, pages fetched from an API...), and</li>
 * <li>{@link org.liaison.api.transport.ExchangeChannel exchange channels}, which take encoded deliveries out to a
 * partner.</li>
 * </ul>
 * Both declare the partner and the transport they serve with service properties; the
 * {@link org.liaison.api.transport.DataSourceService @DataSourceService} and
 * {@link org.liaison.api.transport.ExchangeChannelService @ExchangeChannelService} component property types set
 * them in one line. The core finds these services on the whiteboard as they come and go; plugins never look the
 * core up.
 *
 * <p>Transports deal in bytes only: decoding and encoding belong to {@link org.liaison.api.format partner
 * formats}, and deciding who may receive what belongs to the core.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.liaison.api.transport;
