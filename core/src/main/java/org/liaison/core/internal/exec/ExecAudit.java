package org.liaison.core.internal.exec;

import java.util.Map;

import org.liaison.core.internal.audit.AuditTrail;

/**
 * Where exec records its decisions: in Liaison the audit trail ({@link #of(AuditTrail)}), in unit tests a list.
 * Kept this narrow so that the endpoint's tests do not depend on how the trail stores and closes its files.
 */
interface ExecAudit {

    /**
     * Records one {@value ExecProtocol#AUDIT_EVENT} entry; with {@code durable}, returns only once it is on disk.
     *
     * @throws RuntimeException when it cannot be recorded
     */
    void record(Map<String, Object> fields, boolean durable);

    static ExecAudit of(AuditTrail trail) {
        return (fields, durable) -> {
            trail.record(ExecProtocol.AUDIT_EVENT, fields);
            if (durable) {
                trail.flush();
            }
        };
    }
}
