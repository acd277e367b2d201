package org.liaison.api.format;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares a component as a {@link PartnerFormat}: sets the {@value PartnerFormat#PARTNER} and
 * {@value PartnerFormat#FORMAT} service properties in one line.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PartnerFormatService {

    /** Prefix of the service property names. */
    String PREFIX_ = "liaison.";

    /** The partner id, for example {@code interpol}, or {@value PartnerFormat#ANY_PARTNER}. */
    String partner();

    /** The format id, for example {@code notices-json}. */
    String format();
}
