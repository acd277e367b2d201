package org.liaison.api.transport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares a component as an {@link ExchangeChannel} to one partner: sets the {@value ExchangeChannel#PARTNER} and
 * {@value ExchangeChannel#TRANSPORT} service properties.
 *
 * <p>A generic transport that serves many partners, one component instance per partner, leaves {@link #partner()}
 * empty and gets {@code liaison.partner} from each instance's configuration instead.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ExchangeChannelService {

    /** Prefix of the service property names. */
    String PREFIX_ = "liaison.";

    /** The partner id, for example {@code unpol}. */
    String partner() default "";

    /** The transport, for example {@code folder}. */
    String transport();
}
