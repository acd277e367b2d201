package org.liaison.core.internal.engine;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How the exchange engine journals, retries and dead-letters. PID {@value #PID}. */
@ObjectClassDefinition(name = "Liaison exchange engine",
        description = "Journal, delivery retries and dead letters of the exchanges between partners.")
public @interface EngineConfig {

    /** The configuration PID. */
    String PID = "org.liaison.core.engine";

    @AttributeDefinition(description = "JDBC URL of the journal. Empty: an embedded H2 database in"
            + " data/journal/ under the Liaison home.")
    String journalUrl() default "";

    @AttributeDefinition(description = "Journal database user.")
    String journalUser() default "liaison";

    @AttributeDefinition(description = "Journal database password.", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String journalPassword() default "";

    @AttributeDefinition(description = "Delivery attempts before a delivery becomes a dead letter.", min = "1")
    int maxAttempts() default 8;

    @AttributeDefinition(description = "Delay before the first retry, in milliseconds; it doubles with every"
            + " attempt, with jitter.", min = "1")
    long retryBaseMillis() default 500;

    @AttributeDefinition(description = "Longest delay between two attempts, in milliseconds.", min = "1")
    long retryMaxMillis() default 60_000;

    @AttributeDefinition(description = "Threads delivering to partners.", min = "1")
    int deliveryThreads() default 2;

    @AttributeDefinition(description = "Largest payload taken from a data source, in bytes; larger ones are"
            + " refused and stay with the source.", min = "1")
    long maxPayloadBytes() default 64L * 1024 * 1024;

    @AttributeDefinition(description = "How long a partner's format may take to decode one input, in milliseconds;"
            + " an input it does not finish in time is quarantined with the reason, and the format's thread is"
            + " abandoned. Each partner decodes on a thread of its own.", min = "1")
    long decodeTimeoutMillis() default 30_000;

    @AttributeDefinition(description = "How long encoding a delivery in the recipient's format may take, and how"
            + " long the recipient's channel may take to take a group of deliveries (at most 64 deliveries and"
            + " 4 MiB), in milliseconds; past it the attempt of each delivery concerned counts as failed and is"
            + " retried with backoff.", min = "1")
    long deliveryTimeoutMillis() default 30_000;

    @AttributeDefinition(description = "Partners whose inputs are processed at the same time (each partner's in"
            + " order); a partner whose format hangs holds one of them until its decode time limit.", min = "1")
    int processThreads() default 4;
}
