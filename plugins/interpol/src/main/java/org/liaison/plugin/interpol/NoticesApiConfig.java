package org.liaison.plugin.interpol;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One INTERPOL Notices API source: the list endpoint it pages through, how fast and how often. A factory
 * configuration, one per endpoint, for example {@code conf/services/org.liaison.interpol.notices-api-red.cfg} with
 * {@code baseUrl=https://ws-public.interpol.int/notices/v1/red}. Without a configuration there is no source.
 */
@ObjectClassDefinition(name = "Liaison INTERPOL Notices API source",
        description = "Pages through an INTERPOL Notices API list endpoint and hands each page to Liaison.")
@interface NoticesApiConfig {

    /** The factory PID. */
    String PID = "org.liaison.interpol.notices-api";

    @AttributeDefinition(name = "Base URL", description = "The list endpoint, such as"
            + " https://ws-public.interpol.int/notices/v1/red (or /yellow, /un/persons). http or https.")
    String baseUrl() default "https://ws-public.interpol.int/notices/v1/red";

    @AttributeDefinition(name = "Requests per second", description = "The rate limit: at least 1/rate seconds pass"
            + " between the end of one request and the start of the next.", min = "0.001")
    double requestsPerSecond() default 1.0;

    @AttributeDefinition(name = "Page size", description = "The resultPerPage query parameter.", min = "1",
            max = "160")
    int resultPerPage() default 20;

    @AttributeDefinition(name = "Poll interval (s)", description = "How long to wait between two passes through"
            + " the pages.", min = "1")
    long pollIntervalSeconds() default 3600;

    @AttributeDefinition(name = "Request timeout (s)", description = "Connect and response timeout of one request.",
            min = "1")
    int timeoutSeconds() default 30;

    @AttributeDefinition(name = "Most pages per pass", description = "A pass stops after this many pages even if"
            + " the links go on.", min = "1")
    int maxPages() default 1000;
}
