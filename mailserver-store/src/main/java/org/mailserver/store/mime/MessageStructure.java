package org.mailserver.store.mime;

import java.io.IOException;
import java.io.InputStream;

/**
 * The MIME structure of one message, for IMAP's ENVELOPE, BODYSTRUCTURE and {@code BODY[section]}:
 * a tree of {@link MimePart}s with their octet offsets in the message as served (CRLF line ends),
 * and the envelope of the message and of every message/rfc822 inside it. Immutable and
 * thread-safe; parse once and cache (see {@link #estimatedBytes()}).
 *
 * <p>How it is parsed: Mime4j's {@code MimeTokenStream} does not report offsets, so our own line
 * scanner ({@link LineReader}) reads the stream once, tracking offsets and line counts, and finds
 * header ends and multipart boundaries itself (RFC 2045, RFC 2046). Header fields are unfolded by
 * the scanner; Content-Type and Content-Disposition are parsed by Mime4j's {@code RawFieldParser},
 * their RFC 2231 parameters by {@link ParameterDecoder}, addresses by {@link AddressParser}
 * (Mime4j's address parser is in mime4j-dom and decodes names, which IMAP must not do).
 *
 * <p>Robustness and limits: the whole message is never in memory (at most one line's first 32 KiB
 * and the header fields of interest, each cut at 32 KiB). Broken input never fails the parse: a
 * missing close delimiter ends the multipart at the end of its enclosing entity, a boundary that
 * never appears leaves a multipart without parts, a missing empty line makes the whole rest of the
 * entity its header, bare LFs count as line ends (one octet each). Entities nested deeper than
 * 100 levels are opaque text/plain; parts past the 10,000th of a message are left out. Line counts
 * ({@link MimePart#lines()}) are the number of LFs in a body, as Dovecot counts.
 */
public final class MessageStructure {

    private final MimePart root;
    private final long size;
    private final int estimatedBytes;

    MessageStructure(MimePart root, long size) {
        this.root = root;
        this.size = size;
        this.estimatedBytes = (int) Math.min(Integer.MAX_VALUE, 16 + SizeEstimate.of(root));
    }

    /**
     * Parses a message in one streaming pass. Reads the stream to its end; does not close it.
     *
     * @param in the message as served to clients (the offsets refer to these octets)
     * @throws IOException only when reading the stream fails; malformed MIME never throws
     */
    public static MessageStructure parse(InputStream in) throws IOException {
        return new StructureParser(in).parse();
    }

    /** The message as an entity: its header, type, parts, and {@link MimePart#envelope()}. */
    public MimePart root() {
        return root;
    }

    /** The message's envelope. */
    public Envelope envelope() {
        return root.envelope();
    }

    /**
     * Whether every value of {@link #envelope()} is whole: values are cut at 32 KiB
     * ({@code PartHeader.MAX_VALUE}), which no value of a header that size or shorter reaches.
     */
    public boolean envelopeIsWhole() {
        return root.headerSize() <= PartHeader.MAX_VALUE;
    }

    /** The message's size in octets, as parsed. */
    public long size() {
        return size;
    }

    /** A rough estimate of the heap this structure holds, for a cache weigher. */
    public int estimatedBytes() {
        return estimatedBytes;
    }

    /** The same size and an equal part tree ({@link MimePart#equals}). */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof MessageStructure s && size == s.size && root.equals(s.root);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(size) + root.hashCode();
    }

    @Override
    public String toString() {
        return "MessageStructure" + root;
    }
}
