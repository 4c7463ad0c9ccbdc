package org.mailserver.imap.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.CharsetUtil;

/**
 * The text of one message as SEARCH reads it from the file, lazily and in one streaming pass with
 * Mime4j's {@link MimeTokenStream}: the top-level header fields (for HEADER on fields the envelope
 * lacks, and the header half of TEXT), then, only when asked, the body searched for all BODY and
 * TEXT strings of the query at once. The file is opened once at most: when the query has body
 * strings, the pass pauses after the header with the file open and goes on from there if the body
 * is wanted; the caller {@link #close}s it when the message is decided.
 *
 * <p>Header values are unfolded, their octets read as UTF-8 when valid (RFC 6532) else as
 * ISO-8859-1, and RFC 2047 encoded words decoded, display names included. The body is what a
 * reader sees: text/* parts, their content transfer encoding undone (quoted-printable, base64)
 * and their charset decoded (a missing or US-ASCII charset read as UTF-8, ISO-8859-1 as
 * windows-1252, an unknown one as UTF-8, bad octets as U+FFFD), plus the header fields of attached
 * messages (message/rfc822), as {@code Name: value}. Other parts (images, PDFs, other attachments),
 * MIME part headers, preambles and epilogues are skipped. No match spans two parts or fields.
 *
 * <p>Memory: the body is never held, only one buffer of characters and a few integers per search
 * string ({@link StreamMatcher}); the header fields kept are limited to {@value #HEADER_CHARS}
 * characters, and Mime4j's limit on one header field is {@value #FIELD_OCTETS} octets. A message
 * Mime4j cannot parse to the end is searched as far as it was read. Not thread-safe: one per
 * message and evaluation.
 */
final class MessageText implements AutoCloseable {

    static final int HEADER_CHARS = 1 << 20;
    static final int FIELD_OCTETS = 1 << 20;
    private static final MimeConfig MIME = new MimeConfig.Builder()
            .setMaxLineLen(-1).setMaxHeaderLen(FIELD_OCTETS).setMaxHeaderCount(-1).setMaxContentLen(-1).build();
    private static final Charset WINDOWS_1252 = lookup("windows-1252", StandardCharsets.ISO_8859_1);

    /** A top-level header field, its value decoded. */
    record Header(String name, String value) {
    }

    private final SearchSubject subject;
    private final List<String> bodyStrings;
    private final List<Header> headers = new ArrayList<>();
    private int headerChars;
    private List<StreamMatcher> matchers;
    private Set<String> foundInBody;
    // The one pass over the file, paused after the header for as long as the body may be wanted.
    private InputStream in;
    private MimeTokenStream tokens;
    private final Deque<Boolean> isMessage = new ArrayDeque<>();
    private boolean topHeaderDone;
    private boolean ended;

    /**
     * @param bodyStrings every BODY and TEXT string of the query, all searched in the one body pass
     */
    MessageText(SearchSubject subject, List<String> bodyStrings) {
        this.subject = subject;
        this.bodyStrings = bodyStrings;
    }

    /** The top-level header fields, in order; reads the header, once. */
    List<Header> headers() throws IOException {
        if (!topHeaderDone) {
            read(false);
        }
        return headers;
    }

    /**
     * Whether the body has {@code string} (one of the body strings); reads the body once, going on
     * from the header if that was read first: a message is opened at most once.
     */
    boolean bodyContains(String string) throws IOException {
        if (foundInBody == null) {
            read(true);
            Set<String> found = new HashSet<>();
            for (int i = 0; i < matchers.size(); i++) {
                if (matchers.get(i).found()) {
                    found.add(bodyStrings.get(i));
                }
            }
            foundInBody = found;
        }
        return foundInBody.contains(string);
    }

    /** Closes the file if it is still open. */
    @Override
    public void close() throws IOException {
        ended = true;
        InputStream open = in;
        in = null;
        tokens = null;
        if (open != null) {
            open.close();
        }
    }

    /**
     * Reads on: up to the end of the top-level header ({@code body} false), or on through the body
     * until every body string is found or the message ends. The file stays open after the header
     * only while the query has body strings.
     */
    private void read(boolean body) throws IOException {
        if (body && matchers == null) {
            matchers = new ArrayList<>();
            for (String s : bodyStrings) {
                matchers.add(new StreamMatcher(s));
            }
        }
        if (ended) {
            return;
        }
        try {
            EntityState st;
            if (tokens == null) {
                in = subject.open();
                tokens = new MimeTokenStream(MIME);
                tokens.setRecursionMode(RecursionMode.M_RECURSE);
                tokens.parse(in);
                st = tokens.getState();
            } else {
                st = tokens.next();
            }
            for (; st != EntityState.T_END_OF_STREAM; st = tokens.next()) {
                token(st, body);
                if (topHeaderDone && (body ? allFound(matchers) : true)) {
                    if (!body && !bodyStrings.isEmpty()) {
                        return; // paused: the body may be wanted next
                    }
                    break;
                }
            }
        } catch (MimeException e) {
            // unparseable from here on: what was read is searched
        }
        close();
    }

    private void token(EntityState st, boolean body) throws IOException, MimeException {
        switch (st) {
            case T_START_MESSAGE -> isMessage.push(Boolean.TRUE);
            case T_START_BODYPART -> isMessage.push(Boolean.FALSE);
            case T_END_MESSAGE, T_END_BODYPART -> isMessage.poll();
            case T_END_HEADER -> topHeaderDone |= isMessage.size() == 1;
            case T_FIELD -> {
                if (isMessage.size() == 1) {
                    if (headerChars < HEADER_CHARS) {
                        Header h = header(tokens.getField());
                        headerChars += h.name().length() + h.value().length();
                        headers.add(h);
                    }
                } else if (body && Boolean.TRUE.equals(isMessage.peek())) {
                    Header h = header(tokens.getField()); // an attached message's header is body text
                    feed(h.name() + ": " + h.value(), matchers);
                }
            }
            case T_BODY -> {
                if (body && isText(tokens.getBodyDescriptor())) {
                    feed(tokens, matchers);
                }
            }
            default -> {
            }
        }
    }

    private static boolean allFound(List<StreamMatcher> matchers) {
        for (StreamMatcher m : matchers) {
            if (!m.found()) {
                return false;
            }
        }
        return true;
    }

    private static void feed(String text, List<StreamMatcher> matchers) {
        for (StreamMatcher m : matchers) {
            m.reset();
            m.feed(text);
        }
    }

    private static void feed(MimeTokenStream ts, List<StreamMatcher> matchers) throws IOException {
        for (StreamMatcher m : matchers) {
            m.reset();
        }
        Reader reader = new InputStreamReader(ts.getDecodedInputStream(), decoder(ts.getBodyDescriptor().getCharset()));
        char[] buffer = new char[8192];
        for (int n = reader.read(buffer); n > 0; n = reader.read(buffer)) {
            for (int i = 0; i < n; i++) {
                buffer[i] = CaseFold.fold(buffer[i]);
            }
            boolean open = false;
            for (StreamMatcher m : matchers) {
                for (int i = 0; i < n && !m.found(); i++) {
                    m.feed(buffer[i]);
                }
                open |= !m.found();
            }
            if (!open) {
                return;
            }
        }
    }

    private static boolean isText(BodyDescriptor descriptor) {
        String type = descriptor.getMimeType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("text/");
    }

    /** A lenient decoder for a part's charset: mislabelled and unlabelled text is common. */
    private static CharsetDecoder decoder(String name) {
        Charset charset = StandardCharsets.UTF_8;
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (n.equals("iso-8859-1") || n.equals("latin1") || n.equals("iso_8859-1") || n.equals("us-ascii")) {
                // WHATWG: ISO-8859-1 labels mean windows-1252; "us-ascii" with 8-bit octets is UTF-8 more often
                charset = n.equals("us-ascii") ? StandardCharsets.UTF_8 : WINDOWS_1252;
            } else {
                Charset found = CharsetUtil.lookup(name.trim());
                if (found != null) {
                    charset = found;
                }
            }
        }
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /** A field unfolded and decoded. */
    static Header header(Field field) {
        String value = null;
        ByteSequence raw = field.getRaw();
        if (raw != null) {
            String line = headerText(raw.toByteArray());
            int colon = line.indexOf(':');
            if (colon >= 0) {
                value = line.substring(colon + 1);
            }
        }
        if (value == null) {
            value = field.getBody() == null ? "" : field.getBody();
        }
        return new Header(field.getName(), EncodedWords.decode(unfold(value).strip()));
    }

    /** RFC 5322 2.2.3: a folded field is unfolded by removing its CRLFs (stray CRs and LFs too). */
    private static String unfold(String value) {
        if (value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\r' && c != '\n') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Header octets as UTF-8 when they are valid UTF-8 (RFC 6532), else ISO-8859-1. */
    private static String headerText(byte[] octets) {
        boolean ascii = true;
        for (byte b : octets) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(octets, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(octets)).toString();
        } catch (CharacterCodingException e) {
            return new String(octets, StandardCharsets.ISO_8859_1);
        }
    }

    private static Charset lookup(String name, Charset fallback) {
        Charset charset = CharsetUtil.lookup(name);
        return charset == null ? fallback : charset;
    }
}
