package org.liaison.api.transport;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Brings a partner's raw payloads into Liaison.
 *
 * <p>Register an implementation as an OSGi service with the service properties {@link #PARTNER} and
 * {@link #TRANSPORT}, most simply with {@link DataSourceService @DataSourceService}:
 *
 * <pre>
 * &#64;Component
 * &#64;DataSourceService(partner = "interpol", transport = "notices-api")
 * public class NoticesApiSource implements DataSource { ... }
 * </pre>
 *
 * <p>Life cycle: when the core is ready to receive from the source it calls {@link #open(PayloadSink)}; from then
 * on the source hands every payload it receives to that sink, from a thread of its own, until the core calls
 * {@link #close()} or the service is unregistered. A source acknowledges a payload to its partner only after
 * {@link PayloadSink#accept(Payload)} returned normally, so that nothing is lost when Liaison stops or crashes in
 * between. A source never decodes payloads: that is the partner format's job.
 */
@ConsumerType
public interface DataSource {

    /** Service property: the id of the partner whose payloads this source brings in. Required. */
    String PARTNER = "liaison.partner";

    /** Service property: the transport the source uses, such as {@code folder} or {@code https}. Required. */
    String TRANSPORT = "liaison.transport";

    /**
     * Starts handing payloads to the sink. Returns promptly; the receiving happens on the source's own threads.
     * The core calls this at most once between two calls of {@link #close()}.
     *
     * @param sink where to hand payloads
     */
    void open(PayloadSink sink);

    /**
     * Stops handing payloads to the sink and releases the source's threads. Payloads not yet accepted stay with
     * the partner (or in the inbox) and are offered again after the next {@link #open(PayloadSink)}.
     */
    void close();
}
