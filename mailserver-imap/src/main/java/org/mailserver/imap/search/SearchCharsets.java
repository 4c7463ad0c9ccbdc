package org.mailserver.imap.search;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The CHARSET argument of SEARCH (RFC 3501 6.4.4). Accepted: UTF-8 and US-ASCII (the one RFC 3501
 * requires) by any of their usual names, and any other charset Java knows, since the grammar's
 * {@code SearchParser} decodes the search strings in it. For an unknown one the session answers
 * {@code NO [BADCHARSET (UTF-8 US-ASCII)]} ({@link #BADCHARSET}), not BAD; the list names the two
 * that every client can rely on.
 *
 * <p>Search strings are matched as Unicode, so nothing is left to do once the parser has decoded
 * them. {@link #decode} is for code that holds a string's octets: strict in the charset named,
 * except that US-ASCII is read as UTF-8, as Dovecot does, because clients that say US-ASCII and
 * send 8-bit octets mean UTF-8.
 */
public final class SearchCharsets {

    /** The response code for an unsupported charset, without brackets (RFC 3501 7.1). */
    public static final String BADCHARSET = "BADCHARSET (UTF-8 US-ASCII)";

    private static final Set<String> UTF_8 = Set.of("UTF-8", "UTF8");
    private static final Set<String> US_ASCII = Set.of("US-ASCII", "ASCII", "US_ASCII", "ANSI_X3.4-1968", "ISO646-US",
            "ISO-646-US", "CP367", "IBM367", "US", "ISO-IR-6");

    private SearchCharsets() {
    }

    /** Whether SEARCH accepts the charset; null (no CHARSET argument) is US-ASCII and accepted. */
    public static boolean isSupported(String charset) {
        return canonical(charset) != null;
    }

    /**
     * The charset's canonical name: {@code UTF-8} or {@code US-ASCII} for theirs (and for null, no
     * CHARSET given), Java's name for any other it knows; null for an unknown charset.
     */
    public static String canonical(String charset) {
        if (charset == null) {
            return "US-ASCII";
        }
        String name = charset.trim().toUpperCase(Locale.ROOT);
        if (UTF_8.contains(name)) {
            return "UTF-8";
        }
        if (US_ASCII.contains(name)) {
            return "US-ASCII";
        }
        try {
            return Charset.isSupported(charset.trim()) ? Charset.forName(charset.trim()).name() : null;
        } catch (IllegalArgumentException e) { // an illegal charset name
            return null;
        }
    }

    /**
     * A search string's octets as text.
     *
     * @throws IllegalArgumentException for an unsupported charset (check {@link #isSupported} first)
     * @throws CharacterCodingException for octets that are not text in that charset
     */
    public static String decode(byte[] octets, String charset) throws CharacterCodingException {
        String name = canonical(charset);
        if (name == null) {
            throw new IllegalArgumentException("unsupported charset " + charset);
        }
        Charset cs = name.equals("US-ASCII") ? StandardCharsets.UTF_8 : Charset.forName(name);
        return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(octets)).toString();
    }
}
