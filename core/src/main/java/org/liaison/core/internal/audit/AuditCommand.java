package org.liaison.core.internal.audit;

import java.io.IOException;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The Gogo command {@code liaison:audit}: {@code verify} checks the whole chain of the running trail, {@code tail}
 * shows its last entries.
 */
@Component(service = AuditCommand.class, property = {
        "osgi.command.scope=liaison",
        "osgi.command.function=audit" })
public final class AuditCommand {

    static final int DEFAULT_TAIL = 20;
    static final String USAGE = "usage: liaison:audit verify | liaison:audit tail [<n>, default " + DEFAULT_TAIL
            + "]";

    private final AuditTrail trail;

    @Activate
    public AuditCommand(@Reference AuditTrail trail) {
        this.trail = trail;
    }

    @Descriptor("verifies the audit chain (verify) or shows its last entries (tail [n])")
    public String audit() {
        return USAGE;
    }

    /**
     * {@code verify}: returns {@code audit chain OK: <n> entries (last hash <hex>)}, or throws with
     * {@code audit chain BROKEN at line <l> (seq <s>): <what>} or {@code audit chain NOT ANCHORED: <what>} (the
     * signed checkpoint in {@code anchor.json} is missing, forged or signed by another key) so that
     * {@code bin/liaison exec} exits non-zero. Besides the chain, it checks the anchor and that the file ends with
     * what this running trail wrote ({@link AuditTrail#verify()}).
     * {@code tail}: the last {@value #DEFAULT_TAIL} entries.
     */
    @Descriptor("verifies the audit chain (verify) or shows its last entries (tail [n])")
    public String audit(@Descriptor("verify | tail") String action) throws IOException {
        return switch (action) {
            case "verify" -> verify();
            case "tail" -> tail(DEFAULT_TAIL);
            default -> throw new IllegalArgumentException("unknown action '" + action + "'; " + USAGE);
        };
    }

    @Descriptor("shows the last n entries of the audit trail")
    public String audit(@Descriptor("tail") String action, @Descriptor("how many entries") int count)
            throws IOException {
        if (!action.equals("tail")) {
            throw new IllegalArgumentException("only tail takes a number; " + USAGE);
        }
        if (count < 1) {
            throw new IllegalArgumentException("tail needs a number of entries from 1, got " + count);
        }
        return tail(count);
    }

    private String verify() throws IOException {
        AuditChain.VerifyResult result = trail.verify();
        if (!result.ok()) {
            throw new IllegalStateException(result.describe() + " (file " + trail.file() + ")");
        }
        return result.describe();
    }

    private String tail(int count) throws IOException {
        return String.join("\n", trail.tail(count));
    }
}
