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

    @AttributeDefinition(name = "Refused", description = "Folder inbox entries that are never read are moved to,"
            + " each with a .reason.txt file: links, folders, devices, pipes, unusable names, files over the size"
            + " limit. Best on the inbox's file system. Relative paths are resolved against the Liaison home."
            + " Empty: data/refused/<partner>.")
    String refused() default "";

    @AttributeDefinition(name = "Largest file (bytes)", description = "Inbox files larger than this are moved to"
            + " the refused folder unread. Keep it at most the core's maxPayloadBytes, or larger files are offered,"
            + " refused by the core and retried.", min = "1")
    long maxFileBytes() default 64L * 1024 * 1024;

    @AttributeDefinition(name = "Outbox", description = "Folder deliveries to the partner are written to. Relative"
            + " paths are resolved against the Liaison home. Empty: data/outbox/<partner>.")
    String outbox() default "";

    @AttributeDefinition(name = "Poll interval (ms)", description = "How often the inbox is scanned.", min = "10")
    long pollMillis() default 500;
}
