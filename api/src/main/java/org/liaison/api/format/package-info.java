/**
 * The extension point that maps a partner's own data format to and from the shared model.
 *
 * <p>A {@link org.liaison.api.format.PartnerFormat} decodes the bytes a partner sends into
 * {@link org.liaison.api.record.DataRecord records}, and encodes records into the bytes a partner expects. A partner
 * plugin registers one service per format it speaks, declared in one line with
 * {@link org.liaison.api.format.PartnerFormatService @PartnerFormatService}.
 *
 * <p>Errors come in two sizes. A bad record (a missing name, a date that is not a date) is reported as a
 * {@link org.liaison.api.format.RecordError} and decoding goes on with the next record, so that one bad record
 * never holds back the good ones. An input that cannot be read at all (truncated, not the format) is reported by
 * throwing a {@link org.liaison.api.format.FormatException}, with a message a person can act on, never a bare
 * stack trace.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.liaison.api.format;
