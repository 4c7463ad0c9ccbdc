package org.mailserver.imap.fetch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * What a {@code BODY[section]} returns: either a range of the message's octets (to be copied from
 * the file in chunks) or, for HEADER.FIELDS and HEADER.FIELDS.NOT, octets already selected.
 * Immutable.
 */
public sealed interface SectionContent {

    /** The empty section (a part that does not exist, RFC 3501 leaves it to the server; we send ""). */
    SectionContent EMPTY = new Bytes(new byte[0]);

    /** The number of octets the section has: the literal's length. */
    long length();

    /**
     * RFC 3501 6.4.5 {@code <start.length>}: the octets from {@code start}, at most {@code length} of
     * them; empty when {@code start} is at or past the end. The response names the section
     * {@code BODY[...]<start>} whatever was returned. A negative start (no partial) returns this.
     */
    SectionContent applyPartial(long start, long length);

    /**
     * The section's octets as a stream of exactly {@link #length()} octets. A {@link Range} opens the
     * message with {@code opener} and skips to its start; the caller closes the stream.
     */
    InputStream open(MessageOpener opener) throws IOException;

    /** Opens the message as served to clients ({@code () -> folder.open(uid)}). */
    @FunctionalInterface
    interface MessageOpener {
        InputStream open() throws IOException;
    }

    /** Octets {@code [start, start + length)} of the message. */
    record Range(long start, long length) implements SectionContent {
        public Range {
            if (start < 0 || length < 0) {
                throw new IllegalArgumentException("range " + start + "+" + length);
            }
        }

        @Override
        public SectionContent applyPartial(long partialStart, long partialLength) {
            if (partialStart < 0) {
                return this;
            }
            long from = Math.min(partialStart, length);
            return new Range(start + from, Math.max(0, Math.min(partialLength, length - from)));
        }

        @Override
        public InputStream open(MessageOpener opener) throws IOException {
            InputStream in = opener.open();
            try {
                in.skipNBytes(start);
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
            return new LimitedInputStream(in, length);
        }
    }

    /** Octets selected from the header (HEADER.FIELDS), or the empty section. */
    record Bytes(byte[] octets) implements SectionContent {
        @Override
        public long length() {
            return octets.length;
        }

        @Override
        public SectionContent applyPartial(long partialStart, long partialLength) {
            if (partialStart < 0) {
                return this;
            }
            int from = (int) Math.min(partialStart, octets.length);
            int to = (int) Math.min((long) from + Math.max(0, partialLength), octets.length);
            return new Bytes(Arrays.copyOfRange(octets, from, to));
        }

        @Override
        public InputStream open(MessageOpener opener) {
            return new ByteArrayInputStream(octets);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(octets, b.octets);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(octets);
        }

        @Override
        public String toString() {
            return "Bytes[" + octets.length + "]";
        }
    }
}
