package org.mailserver.imap.fetch;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import org.mailserver.imap.grammar.ImapStrings;
import org.mailserver.store.mime.ContentDisposition;
import org.mailserver.store.mime.Envelope;
import org.mailserver.store.mime.MessageStructure;
import org.mailserver.store.mime.MimeParameter;
import org.mailserver.store.mime.MimePart;

/**
 * Writes BODY and BODYSTRUCTURE (RFC 3501 7.4.2, grammar in 9 {@code body}). Pure and thread-safe.
 *
 * <p>Conventions (those of Dovecot 1.x and Cyrus): media type, subtype, encoding and parameter
 * names in upper case, values and the disposition type as written. A text part without a charset parameter
 * gets {@code ("CHARSET" "us-ascii")} first (RFC 2045 5.2); a missing encoding is {@code "7BIT"}.
 * BODYSTRUCTURE always carries every extension field (body-ext-1part: md5, dsp, lang, loc;
 * body-ext-mpart: params, dsp, lang, loc); a language list is always parenthesised. A multipart
 * without parts (its boundary never appeared) is written with one empty text/plain part, since the
 * grammar needs one, as Dovecot does.
 *
 * <p>Parameters that were RFC 2231 extended values are written back in that form, sections
 * joined: {@code "NAME*" "utf-8'en'%E2%82%AC"} (in the original charset when it can encode the
 * value, else UTF-8), which keeps the response 7-bit as Dovecot's does; plain values are written as
 * they are (as literals when 8-bit).
 */
public final class BodyStructureEncoder {

    private BodyStructureEncoder() {
    }

    /**
     * The message's structure without the keyword.
     *
     * @param extensible true for BODYSTRUCTURE (with extension data), false for BODY
     */
    public static String encode(MessageStructure structure, boolean extensible) {
        StringBuilder out = new StringBuilder(256);
        encode(structure.root(), extensible, out);
        return out.toString();
    }

    /** Appends one entity's body structure to {@code out}. */
    public static void encode(MimePart part, boolean extensible, StringBuilder out) {
        if (part.isMultipart()) {
            multipart(part, extensible, out);
        } else {
            single(part, extensible, out);
        }
    }

    private static void multipart(MimePart part, boolean extensible, StringBuilder out) {
        out.append('(');
        if (part.children().isEmpty()) {
            out.append(extensible ? "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 0 0 NIL NIL NIL NIL)"
                    : "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 0 0)");
        }
        for (MimePart child : part.children()) {
            encode(child, extensible, out);
        }
        out.append(' ');
        upper(part.subtype(), out);
        if (extensible) { // body-ext-mpart
            out.append(' ');
            parameters(part.parameters(), false, out);
            out.append(' ');
            disposition(part.disposition(), out);
            out.append(' ');
            languages(part.languages(), out);
            out.append(' ');
            EnvelopeEncoder.nstring(part.location(), out);
        }
        out.append(')');
    }

    private static void single(MimePart part, boolean extensible, StringBuilder out) {
        out.append('(');
        upper(part.type(), out).append(' ');
        upper(part.subtype(), out).append(' ');
        parameters(part.parameters(), part.isText(), out);
        out.append(' ');
        EnvelopeEncoder.nstring(part.contentId(), out).append(' ');
        EnvelopeEncoder.nstring(part.description(), out).append(' ');
        upper(part.encoding() == null ? "7bit" : part.encoding(), out).append(' ');
        out.append(part.bodySize());
        if (part.isMessage()) { // body-type-msg: envelope, body, lines
            MimePart message = part.message();
            out.append(' ');
            EnvelopeEncoder.encode(message.envelope() == null ? Envelope.EMPTY : message.envelope(), out);
            out.append(' ');
            encode(message, extensible, out);
            out.append(' ').append(part.lines());
        } else if (part.isText()) { // body-type-text: lines
            out.append(' ').append(part.lines());
        }
        if (extensible) { // body-ext-1part
            out.append(' ');
            EnvelopeEncoder.nstring(part.md5(), out).append(' ');
            disposition(part.disposition(), out);
            out.append(' ');
            languages(part.languages(), out);
            out.append(' ');
            EnvelopeEncoder.nstring(part.location(), out);
        }
        out.append(')');
    }

    /** body-fld-param; {@code defaultCharset} adds RFC 2045's us-ascii to a text part without a charset. */
    private static void parameters(List<MimeParameter> parameters, boolean defaultCharset, StringBuilder out) {
        boolean addCharset = defaultCharset && parameters.stream().noneMatch(p -> p.name().equalsIgnoreCase("charset"));
        if (parameters.isEmpty() && !addCharset) {
            out.append("NIL");
            return;
        }
        out.append('(');
        boolean first = true;
        if (addCharset) {
            out.append("\"CHARSET\" \"us-ascii\"");
            first = false;
        }
        for (MimeParameter p : parameters) {
            if (!first) {
                out.append(' ');
            }
            first = false;
            if (p.extended()) {
                EnvelopeEncoder.nstring(p.name().toUpperCase(Locale.ROOT) + "*", out).append(' ');
                EnvelopeEncoder.nstring(extendedValue(p), out);
            } else {
                EnvelopeEncoder.nstring(p.name().toUpperCase(Locale.ROOT), out).append(' ');
                EnvelopeEncoder.nstring(p.value(), out);
            }
        }
        out.append(')');
    }

    /**
     * body-fld-dsp: {@code ("attachment" ("FILENAME" "a.txt"))} or NIL. The disposition type keeps the
     * message's spelling, as Dovecot 2 does: clients compare it with {@code "attachment"}, some
     * (Jakarta Mail users among them) case-sensitively.
     */
    private static void disposition(ContentDisposition disposition, StringBuilder out) {
        if (disposition == null) {
            out.append("NIL");
            return;
        }
        out.append('(').append(ImapStrings.string(disposition.type())).append(' ');
        parameters(disposition.parameters(), false, out);
        out.append(')');
    }

    /** body-fld-lang, always as a list (as Dovecot writes it). */
    private static void languages(List<String> languages, StringBuilder out) {
        if (languages.isEmpty()) {
            out.append("NIL");
            return;
        }
        out.append('(');
        for (int i = 0; i < languages.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            EnvelopeEncoder.nstring(languages.get(i), out);
        }
        out.append(')');
    }

    private static StringBuilder upper(String value, StringBuilder out) {
        return EnvelopeEncoder.nstring(value.toUpperCase(Locale.ROOT), out);
    }

    /** RFC 2231 4: {@code charset'language'value} with octets outside attribute-char percent-encoded. */
    static String extendedValue(MimeParameter p) {
        Charset charset = null;
        try {
            charset = Charset.forName(p.charset());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            // below: UTF-8
        }
        String label = p.charset();
        if (charset == null || !charset.canEncode() || !canEncode(charset, p.value())) {
            charset = StandardCharsets.UTF_8;
            label = "utf-8";
        }
        StringBuilder out = new StringBuilder(label).append('\'');
        if (p.language() != null) {
            out.append(p.language());
        }
        out.append('\'');
        for (byte b : p.value().getBytes(charset)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && "*'%()<>@,;:\\\"/[]?=".indexOf(c) < 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean canEncode(Charset charset, String value) {
        CharsetEncoder encoder = charset.newEncoder();
        return encoder.canEncode(value);
    }
}
