package org.mailserver.store.mime;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A compact binary form of a whole {@link MessageStructure}: the part tree with its offsets and line
 * counts, every header value, parameter, disposition and language, and the envelopes of the message
 * and of every message inside it. {@link #read} gives back a structure equal to the one written.
 *
 * <p>Format (version {@value #VERSION}): a version octet, the size, then the root part. Numbers are
 * variable-length (7 bits an octet, low first, zig-zag signed). A part is its header start, header
 * size, body size and lines; type, subtype, parameters, id, description, encoding, md5, disposition,
 * languages, location; its children; its message (if any); its envelope (if any). A string is its
 * UTF-8 length plus one, then its octets; 0 stands for null. A list is its count, then its elements.
 * An envelope's Sender and Reply-To are written as an empty list when they are From itself (the
 * {@link Envelope} constructor makes them From again, so the shared list stays shared).
 *
 * <p>Stateless and thread-safe. {@link #read} throws an {@link IOException} for input it cannot
 * understand (another version, a truncated or damaged record); it checks counts and lengths against
 * generous bounds so that damaged input cannot make it allocate gigabytes or recurse without end.
 */
public final class MessageStructureCodec {

    /** The format version, the first octet of every encoding. */
    public static final int VERSION = 1;

    /** Bounds for damaged input; a parsed structure is far below them (see {@link StructureParser}). */
    private static final int MAX_STRING = 1 << 24;
    private static final int MAX_LIST = 1 << 20;
    private static final int MAX_NESTING = 4 * StructureParser.MAX_DEPTH;
    private static final String[] TOKENS = new String[1024];
    /** What a string or list is given before its octets or items have been read. */
    private static final int CHUNK = 4096;

    private MessageStructureCodec() {
    }

    public static void write(MessageStructure structure, DataOutput out) throws IOException {
        out.writeByte(VERSION);
        writeLong(out, structure.size());
        writePart(out, structure.root());
    }

    /** Reads one structure written by {@link #write}; reads nothing past it. */
    public static MessageStructure read(DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("unknown message structure format version " + version);
        }
        long size = readLong(in);
        return new MessageStructure(readPart(in, 0), size);
    }

    private static void writePart(DataOutput out, MimePart part) throws IOException {
        writeLong(out, part.headerStart());
        writeLong(out, part.bodyStart() - part.headerStart());
        writeLong(out, part.end() - part.bodyStart());
        writeLong(out, part.lines());
        writeString(out, part.type());
        writeString(out, part.subtype());
        writeParameters(out, part.parameters());
        writeString(out, part.contentId());
        writeString(out, part.description());
        writeString(out, part.encoding());
        writeString(out, part.md5());
        ContentDisposition disposition = part.disposition();
        out.writeBoolean(disposition != null);
        if (disposition != null) {
            writeString(out, disposition.type());
            writeParameters(out, disposition.parameters());
        }
        writeCount(out, part.languages().size());
        for (String language : part.languages()) {
            writeString(out, language);
        }
        writeString(out, part.location());
        writeCount(out, part.children().size());
        for (MimePart child : part.children()) {
            writePart(out, child);
        }
        out.writeBoolean(part.message() != null);
        if (part.message() != null) {
            writePart(out, part.message());
        }
        out.writeBoolean(part.envelope() != null);
        if (part.envelope() != null) {
            writeEnvelope(out, part.envelope());
        }
    }

    private static MimePart readPart(DataInput in, int nesting) throws IOException {
        if (nesting > MAX_NESTING) {
            throw new IOException("message structure nested too deep");
        }
        PartBuilder b = new PartBuilder();
        b.headerStart = readLong(in);
        b.bodyStart = b.headerStart + readLong(in);
        b.end = b.bodyStart + readLong(in);
        b.lines = readLong(in);
        // The parser shares these tokens (HeaderText.token); so do we, for the cache's heap.
        b.type = token(readString(in));
        b.subtype = token(readString(in));
        b.parameters = readParameters(in);
        b.id = readString(in);
        b.description = readString(in);
        b.encoding = token(readString(in));
        b.md5 = readString(in);
        if (in.readBoolean()) {
            String type = token(readString(in));
            b.disposition = new ContentDisposition(type, readParameters(in));
        }
        int languages = readCount(in);
        if (languages > 0) {
            List<String> tags = new ArrayList<>(Math.min(languages, CHUNK));
            for (int i = 0; i < languages; i++) {
                String tag = readString(in);
                if (tag == null) {
                    throw new IOException("null language tag in message structure");
                }
                tags.add(token(tag));
            }
            b.languages = List.copyOf(tags);
        }
        b.location = readString(in);
        int children = readCount(in);
        for (int i = 0; i < children; i++) {
            b.addChild(readPart(in, nesting + 1));
        }
        if (in.readBoolean()) {
            b.message = readPart(in, nesting + 1);
        }
        if (in.readBoolean()) {
            b.envelope = readEnvelope(in);
        }
        return b.build();
    }

    /**
     * The canonical instance of a token, as the parser has it ({@link HeaderText#token}), through a
     * small direct-mapped table in front of {@link String#intern}: a record has a dozen tokens, and
     * most are the same few ({@code text}, {@code plain}, {@code charset}, {@code 7bit}). Races on
     * the table are harmless: a slot holds some canonical string or null.
     */
    private static String token(String s) {
        if (s == null) {
            return null;
        }
        int slot = s.hashCode() & (TOKENS.length - 1);
        String known = TOKENS[slot];
        if (s.equals(known)) {
            return known;
        }
        String canonical = HeaderText.token(s);
        if (canonical != s) {
            TOKENS[slot] = canonical;
        }
        return canonical;
    }

    private static void writeParameters(DataOutput out, List<MimeParameter> parameters) throws IOException {
        writeCount(out, parameters.size());
        for (MimeParameter p : parameters) {
            writeString(out, p.name());
            writeString(out, p.value());
            writeString(out, p.charset());
            writeString(out, p.language());
        }
    }

    private static List<MimeParameter> readParameters(DataInput in) throws IOException {
        int n = readCount(in);
        if (n == 0) {
            return List.of();
        }
        List<MimeParameter> parameters = new ArrayList<>(Math.min(n, CHUNK));
        for (int i = 0; i < n; i++) {
            String name = token(readString(in));
            String value = readString(in);
            String charset = token(readString(in));
            parameters.add(new MimeParameter(name, value, charset, token(readString(in))));
        }
        return List.copyOf(parameters);
    }

    private static void writeEnvelope(DataOutput out, Envelope e) throws IOException {
        writeString(out, e.date());
        writeString(out, e.subject());
        writeAddresses(out, e.from());
        writeAddresses(out, e.sender() == e.from() ? List.of() : e.sender());
        writeAddresses(out, e.replyTo() == e.from() ? List.of() : e.replyTo());
        writeAddresses(out, e.to());
        writeAddresses(out, e.cc());
        writeAddresses(out, e.bcc());
        writeString(out, e.inReplyTo());
        writeString(out, e.messageId());
    }

    private static Envelope readEnvelope(DataInput in) throws IOException {
        String date = readString(in);
        String subject = readString(in);
        List<EnvelopeAddress> from = readAddresses(in);
        List<EnvelopeAddress> sender = readAddresses(in);
        List<EnvelopeAddress> replyTo = readAddresses(in);
        List<EnvelopeAddress> to = readAddresses(in);
        List<EnvelopeAddress> cc = readAddresses(in);
        List<EnvelopeAddress> bcc = readAddresses(in);
        return new Envelope(date, subject, from, sender, replyTo, to, cc, bcc, readString(in), readString(in));
    }

    private static void writeAddresses(DataOutput out, List<EnvelopeAddress> addresses) throws IOException {
        writeCount(out, addresses.size());
        for (EnvelopeAddress a : addresses) {
            writeString(out, a.name());
            writeString(out, a.adl());
            writeString(out, a.mailbox());
            writeString(out, a.host());
        }
    }

    private static List<EnvelopeAddress> readAddresses(DataInput in) throws IOException {
        int n = readCount(in);
        if (n == 0) {
            return List.of();
        }
        List<EnvelopeAddress> addresses = new ArrayList<>(Math.min(n, CHUNK));
        for (int i = 0; i < n; i++) {
            addresses.add(new EnvelopeAddress(readString(in), readString(in), readString(in), readString(in)));
        }
        return addresses;
    }

    /**
     * Strings are standard UTF-8, which holds every string the parser makes (it decodes octets with
     * replacement, so it never makes an unpaired surrogate, the one thing UTF-8 cannot carry).
     */
    private static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        byte[] octets = s.getBytes(StandardCharsets.UTF_8);
        writeLong(out, octets.length + 1L);
        out.write(octets);
    }

    private static String readString(DataInput in) throws IOException {
        long n = readLong(in);
        if (n == 0) {
            return null;
        }
        if (n < 0 || n > MAX_STRING) {
            throw new IOException("bad string length in message structure: " + (n - 1));
        }
        // grown as octets come, not sized by the length: a damaged length must not cost 16 MiB up front
        int length = (int) n - 1;
        byte[] octets = new byte[Math.min(length, CHUNK)];
        for (int filled = 0; filled < length; ) {
            if (filled == octets.length) {
                octets = Arrays.copyOf(octets, (int) Math.min(length, 2L * octets.length));
            }
            int k = octets.length - filled;
            in.readFully(octets, filled, k);
            filled += k;
        }
        return new String(octets, StandardCharsets.UTF_8);
    }

    private static void writeCount(DataOutput out, int n) throws IOException {
        writeLong(out, n);
    }

    private static int readCount(DataInput in) throws IOException {
        long n = readLong(in);
        if (n < 0 || n > MAX_LIST) {
            throw new IOException("bad count in message structure: " + n);
        }
        return (int) n;
    }

    /** Zig-zag, then 7 bits an octet, low first; the high bit says more follow. */
    private static void writeLong(DataOutput out, long value) throws IOException {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readLong(DataInput in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (v >>> 1) ^ -(v & 1);
            }
        }
        throw new IOException("bad number in message structure");
    }
}
