package org.liaison.api.registry;

import java.util.List;
import java.util.Optional;

import org.liaison.api.format.PartnerFormat;
import org.liaison.api.transport.ExchangeChannel;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What is plugged in, partner by partner. The core provides this service and keeps it current as plugin services
 * are registered and unregistered: a plugin that goes away leaves no entry behind.
 *
 * <p>Every answer is a snapshot taken when the method is called.
 */
@ProviderType
public interface PluginRegistry {

    /**
     * Every partner that has at least one plugin service, sorted by partner id. Formats that serve every partner
     * appear under the partner {@value PartnerFormat#ANY_PARTNER}.
     */
    List<PartnerPlugins> partners();

    /** The plugins of one partner; empty when the partner has none. */
    Optional<PartnerPlugins> partner(String partnerId);

    /**
     * The partner's format with the given id. When the partner has no format of that id, a format of that id
     * registered for {@value PartnerFormat#ANY_PARTNER} is returned.
     *
     * @param partnerId the partner id
     * @param formatId  the format id
     */
    Optional<PartnerFormat> format(String partnerId, String formatId);

    /**
     * The formats that can read a partner's payloads: the partner's own, sorted by format id, followed by those
     * registered for {@value PartnerFormat#ANY_PARTNER}.
     */
    List<PartnerFormat> formats(String partnerId);

    /**
     * The channel that delivers to the partner. When several are registered, the one with the highest service
     * ranking (then the lowest service id) is returned.
     */
    Optional<ExchangeChannel> channel(String partnerId);
}
