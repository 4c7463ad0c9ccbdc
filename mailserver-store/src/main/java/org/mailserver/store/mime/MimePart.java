package org.mailserver.store.mime;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One entity of a message's MIME tree (RFC 2045, RFC 2046): the message itself, a part of a
 * multipart, or the message inside a message/rfc822 part. Immutable and thread-safe.
 *
 * <p>Offsets are octet positions in the message as served to clients (CRLF line ends, as
 * {@link org.mailserver.store.Folder#open} reads it): the header runs from {@link #headerStart()}
 * to {@link #bodyStart()} and includes its ending empty line; the body runs from there to
 * {@link #end()}. For a part of a multipart, the line end before the next boundary belongs to the
 * boundary (RFC 2046 5.1.1), so it is not in the body.
 *
 * <p>Type, subtype, encoding and disposition type are lower case; a part without a (valid)
 * Content-Type is {@code text/plain} (RFC 2045 5.2), or {@code message/rfc822} inside
 * multipart/digest (RFC 2046 5.1.5). Other header values are raw (unfolded, trimmed, not decoded),
 * or null when absent or empty.
 */
public final class MimePart {

    private final long headerStart;
    private final long bodyStart;
    private final long end;
    private final long lines;
    private final String type;
    private final String subtype;
    private final List<MimeParameter> parameters;
    private final String id;
    private final String description;
    private final String encoding;
    private final String md5;
    private final ContentDisposition disposition;
    private final List<String> languages;
    private final String location;
    private final List<MimePart> children;
    private final MimePart message;
    private final Envelope envelope;

    MimePart(PartBuilder b) {
        this.headerStart = b.headerStart;
        this.bodyStart = b.bodyStart;
        this.end = b.end;
        this.lines = b.lines;
        this.type = b.type;
        this.subtype = b.subtype;
        this.parameters = b.parameters;
        this.id = b.id;
        this.description = b.description;
        this.encoding = b.encoding;
        this.md5 = b.md5;
        this.disposition = b.disposition;
        this.languages = b.languages;
        this.location = b.location;
        this.children = b.children == null ? List.of() : List.copyOf(b.children);
        this.message = b.message;
        this.envelope = b.envelope;
    }

    /** Offset of the first octet of the header (for a multipart's part: just after the boundary line). */
    public long headerStart() {
        return headerStart;
    }

    /** Offset of the first octet of the body, just after the header's empty line. */
    public long bodyStart() {
        return bodyStart;
    }

    /** Offset just after the body's last octet. */
    public long end() {
        return end;
    }

    public long headerSize() {
        return bodyStart - headerStart;
    }

    /** The body's size in octets (RFC 3501 body-fld-octets). */
    public long bodySize() {
        return end - bodyStart;
    }

    /** LFs in the body: the body-fld-lines of text and message/rfc822 parts (as Dovecot counts them). */
    public long lines() {
        return lines;
    }

    /** Lower case, e.g. {@code text}. */
    public String type() {
        return type;
    }

    /** Lower case, e.g. {@code plain}. */
    public String subtype() {
        return subtype;
    }

    /** Content-Type parameters in header order, RFC 2231 decoded; the boundary of a multipart included. */
    public List<MimeParameter> parameters() {
        return parameters;
    }

    /** The decoded value of a Content-Type parameter, the name compared case-insensitively; null if absent. */
    public String parameter(String name) {
        for (MimeParameter p : parameters) {
            if (p.name().equalsIgnoreCase(name)) {
                return p.value();
            }
        }
        return null;
    }

    /** Content-ID, raw; null if absent. */
    public String contentId() {
        return id;
    }

    /** Content-Description, raw (RFC 2047 words not decoded); null if absent. */
    public String description() {
        return description;
    }

    /** Content-Transfer-Encoding in lower case; null if absent or not a token (7bit then, RFC 2045 6.1). */
    public String encoding() {
        return encoding;
    }

    /** Content-MD5, raw; null if absent. */
    public String md5() {
        return md5;
    }

    /** Content-Disposition; null if absent. */
    public ContentDisposition disposition() {
        return disposition;
    }

    /** Content-Language tags (RFC 3282); empty if absent. */
    public List<String> languages() {
        return languages;
    }

    /** Content-Location, raw; null if absent. */
    public String location() {
        return location;
    }

    /** The parts of a multipart, in order; empty for other types (and for a multipart whose boundary never appears). */
    public List<MimePart> children() {
        return children;
    }

    /** The message inside a message/rfc822 or message/global part; null for other parts. */
    public MimePart message() {
        return message;
    }

    /** The envelope of a message (the root, or {@link #message()} of a message/rfc822 part); null for other parts. */
    public Envelope envelope() {
        return envelope;
    }

    public boolean isMultipart() {
        return "multipart".equals(type);
    }

    /** Whether this is a message/rfc822 or message/global part with its message parsed. */
    public boolean isMessage() {
        return message != null;
    }

    public boolean isText() {
        return "text".equals(type);
    }

    /** {@code type/subtype}. */
    public String mimeType() {
        return type + '/' + subtype;
    }

    /** Every field, children and message included (deep: for tests and the codec's round trip). */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof MimePart p
                && headerStart == p.headerStart && bodyStart == p.bodyStart && end == p.end && lines == p.lines
                && Objects.equals(type, p.type) && Objects.equals(subtype, p.subtype)
                && parameters.equals(p.parameters) && Objects.equals(id, p.id)
                && Objects.equals(description, p.description) && Objects.equals(encoding, p.encoding)
                && Objects.equals(md5, p.md5) && Objects.equals(disposition, p.disposition)
                && languages.equals(p.languages) && Objects.equals(location, p.location)
                && children.equals(p.children) && Objects.equals(message, p.message)
                && Objects.equals(envelope, p.envelope);
    }

    @Override
    public int hashCode() {
        return Objects.hash(headerStart, bodyStart, end, lines, type, subtype, parameters, id, description, encoding,
                md5, disposition, languages, location, children, message, envelope);
    }

    @Override
    public String toString() {
        return mimeType().toLowerCase(Locale.ROOT) + "[" + headerStart + "," + bodyStart + "," + end + ")"
                + (children.isEmpty() ? "" : children) + (message == null ? "" : "{" + message + "}");
    }
}
