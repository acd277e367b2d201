package org.liaison.plugin.folder;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One folder transport instance: the inbox Liaison reads a partner's files from and the outbox it writes the
 * partner's deliveries to. A factory configuration, one per partner, for example
 * {@code conf/services/org.liaison.transport.folder-interpol.cfg} with {@code liaison.partner=interpol}.
 */
@ObjectClassDefinition(name = "Liaison folder transport",
        description = "Reads a partner's files from an inbox folder and writes its deliveries to an outbox folder.")
@interface FolderTransportConfig {

    /** The factory PID shared by the source and the channel. */
    String PID = "org.liaison.transport.folder";

    @AttributeDefinition(name = "Partner", description = "The partner id, for example interpol.")
    String liaison_partner();

    @AttributeDefinition(name = "Inbox", description = "Folder the partner drops files into. Relative paths are"
            + " resolved against the Liaison home. Empty: data/inbox/<partner>.")
    String inbox() default "";

    @AttributeDefinition(name = "Accepted", description = "Folder accepted files are moved to. Relative paths are"
            + " resolved against the Liaison home. Empty: data/accepted/<partner>.")
    String accepted() default "";

    @AttributeDefinition(name = "Outbox", description = "Folder deliveries to the partner are written to. Relative"
            + " paths are resolved against the Liaison home. Empty: data/outbox/<partner>.")
    String outbox() default "";

    @AttributeDefinition(name = "Poll interval (ms)", description = "How often the inbox is scanned.", min = "10")
    long pollMillis() default 500;
}
