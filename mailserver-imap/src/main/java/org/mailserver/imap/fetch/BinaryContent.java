package org.mailserver.imap.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.mailserver.store.mime.MessageStructure;
import org.mailserver.store.mime.MimePart;

/**
 * A part's content with its Content-Transfer-Encoding removed, for FETCH BINARY and BINARY.SIZE
 * (RFC 3516). Decoding streams: base64 through the JDK's MIME decoder (which skips line breaks and
 * other characters outside the alphabet, as RFC 2045 6.8 asks of a decoder), quoted-printable
 * through Mime4j's lenient decoder; 7bit, 8bit and binary pass through. A multipart or message part
 * is not decoded (RFC 2045 6.4: only 7bit, 8bit or binary are allowed there). Thread-safe; the
 * streams it opens are the caller's to close.
 */
public final class BinaryContent {
    private final SectionContent raw;
    private final String encoding;

    /** Thrown for a transfer encoding we cannot decode: the FETCH ends {@code NO [UNKNOWN-CTE]}. */
    public static final class UnknownEncodingException extends IOException {
        public UnknownEncodingException(String encoding) {
            super("cannot decode the transfer encoding " + encoding);
        }
    }

    private BinaryContent(SectionContent raw, String encoding) {
        this.raw = raw;
        this.encoding = encoding;
    }

    /**
     * The content of {@code BINARY[part]}: empty part numbers are the whole message, undecoded; a
     * part that does not exist is empty.
     */
    public static BinaryContent of(MessageStructure structure, List<Integer> part) throws UnknownEncodingException {
        if (part.isEmpty()) {
            return new BinaryContent(new SectionContent.Range(0, structure.size()), "binary");
        }
        MimePart target = SectionLocator.resolve(structure.root(), part);
        if (target == null) {
            return new BinaryContent(SectionContent.EMPTY, "binary");
        }
        String encoding = target.isMultipart() || target.isMessage() || target.encoding() == null
                ? "7bit" : target.encoding().toLowerCase(Locale.ROOT);
        if (!List.of("7bit", "8bit", "binary", "base64", "quoted-printable").contains(encoding)) {
            throw new UnknownEncodingException(target.encoding());
        }
        return new BinaryContent(new SectionContent.Range(target.bodyStart(), target.bodySize()), encoding);
    }

    /** Whether the octets are decoded at all (else they are the part's body as stored). */
    public boolean decodes() {
        return encoding.equals("base64") || encoding.equals("quoted-printable");
    }

    /** The encoded size: an upper bound of the decoded size, for choosing how to send it. */
    public long encodedLength() {
        return raw.length();
    }

    /** Opens the decoded octets. */
    public InputStream open(SectionContent.MessageOpener opener) throws IOException {
        InputStream in = raw.open(opener);
        return switch (encoding) {
            case "base64" -> Base64.getMimeDecoder().wrap(in);
            case "quoted-printable" -> new QuotedPrintableInputStream(in, DecodeMonitor.SILENT);
            default -> in;
        };
    }

    /** Blocking: the decoded size, for BINARY.SIZE and a BINARY literal's length (reads it all). */
    public long decodedLength(SectionContent.MessageOpener opener) throws IOException {
        if (!decodes()) {
            return raw.length();
        }
        try (InputStream in = open(opener)) {
            long n = 0;
            byte[] buf = new byte[16 * 1024];
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
            }
            return n;
        }
    }
}
