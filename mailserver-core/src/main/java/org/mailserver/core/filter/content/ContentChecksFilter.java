package org.mailserver.core.filter.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.apache.james.mime4j.util.ByteSequence;
import org.mailserver.core.filter.Filter;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.HeaderEdit;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.filter.maps.MapAction;
import org.mailserver.core.filter.maps.MapMatch;
import org.mailserver.core.filter.maps.RegexpMap;
import org.mailserver.core.log.MailLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * header_checks, mime_header_checks and body_checks at the end of data, in one streaming pass with
 * Mime4j's {@link MimeTokenStream} (no DOM):
 *
 * <ul>
 *   <li>header_checks: every header of the message and of every MIME part and attached message;</li>
 *   <li>mime_header_checks: the MIME headers ({@code Content-*}, {@code MIME-Version}) of the message
 *       and of every part, as Postfix does;</li>
 *   <li>body_checks: the raw (not decoded) body lines of every part, preamble and epilogue, the first
 *       {@value #BODY_LIMIT} bytes of each as Postfix's {@code body_checks_size_limit}.</li>
 * </ul>
 *
 * <p>A header is matched as one logical line, {@code Name: value} unfolded (RFC 5322 2.2.3), at most
 * {@value #HEADER_LIMIT} characters of it; then, if it has RFC 2047 words or RFC 2231 parameters, in
 * decoded form ({@link MimeParams}). The actions (header_checks(5)):
 *
 * <ul>
 *   <li>REJECT refuses the message (the first one found); DISCARD answers 250 and delivers it nowhere
 *       ({@link FilterVerdict.Discard}); both end the pass;</li>
 *   <li>IGNORE, PREPEND and REPLACE on a field of the message's own header become {@link HeaderEdit}s,
 *       applied at delivery; on a MIME part's header or a body line they are logged, not applied;</li>
 *   <li>WARN and INFO are logged; OK and DUNNO do nothing; HOLD, FILTER, REDIRECT, BCC and PASS are
 *       logged as not supported and do nothing.</li>
 * </ul>
 *
 * <p>A message Mime4j cannot parse to the end is checked as far as it could be read.
 *
 * <p>Cost (it runs on every message, docs/benchmarks.md): without body_checks the pass ends at the
 * first body outside any multipart, so a single-part message is read as far as its header; header
 * lines are copied once; the maps skip lines no pattern can start ({@link RegexpMap#lookup}); body
 * lines no body_checks pattern can start are not decoded ({@link RegexpMap#mayMatch}).
 *
 * <p>Threading: any thread, several at once; blocks only on reading the message.
 */
public final class ContentChecksFilter implements Filter {
    static final int HEADER_LIMIT = 64 * 1024;
    static final int BODY_LIMIT = 51200;
    static final int LINE_LIMIT = 4096;
    private static final int BLOCK = 4096;
    private static final Logger LOG = LoggerFactory.getLogger("mail");
    /** What PREPEND and REPLACE must write: a header line, {@code Name: value} (RFC 5322 2.2, 3.6.8). */
    private static final Pattern HEADER_LINE = Pattern.compile("[\\x21-\\x39\\x3b-\\x7e]+:.*");
    // Mime4j's own limits bound its buffers; past them it stops with a MimeException
    private static final MimeConfig MIME = new MimeConfig.Builder()
            .setMaxLineLen(1024 * 1024).setMaxHeaderLen(1024 * 1024).setMaxHeaderCount(-1).setMaxContentLen(-1).build();

    private final ContentChecksConfig config;

    public ContentChecksFilter(ContentChecksConfig config) {
        this.config = config;
    }

    @Override
    public String policy() {
        return "content_checks";
    }

    @Override
    public Set<Stage> stages() {
        return Set.of(Stage.DATA);
    }

    @Override
    public FilterVerdict check(Stage stage, FilterContext context) throws IOException {
        boolean headers = config.headerChecks().isPresent() || config.mimeHeaderChecks().isPresent();
        boolean bodies = config.bodyChecks().isPresent();
        MimeTokenStream ts = new MimeTokenStream(MIME);
        byte[] line = bodies ? new byte[LINE_LIMIT] : null; // one line and one block, for every part
        byte[] block = bodies ? new byte[BLOCK] : null;
        int multiparts = 0;
        boolean top = true; // in the message's own header, where fields can be edited
        List<HeaderEdit> edits = new ArrayList<>(0);
        boolean stopped = false;
        boolean parsing = false;
        try (InputStream in = context.message().open()) {
            ts.parse(in);
            parsing = true;
            for (EntityState st = ts.getState(); st != EntityState.T_END_OF_STREAM; st = ts.next()) {
                FilterVerdict v = FilterVerdict.CONTINUE;
                switch (st) {
                    case T_FIELD -> v = headers ? header(ts.getField(), top, context) : FilterVerdict.CONTINUE;
                    case T_END_HEADER -> top = false;
                    case T_START_MULTIPART -> multiparts++;
                    case T_END_MULTIPART -> multiparts--;
                    case T_BODY, T_PREAMBLE, T_EPILOGUE -> {
                        if (bodies) {
                            v = body(ts.getInputStream(), block, line, context);
                        } else if (st == EntityState.T_BODY && multiparts == 0 && !stopped) {
                            // a leaf body in no multipart: no header and no body to check follows; the
                            // stream stops reading and only ends its entities (which frees their buffers)
                            ts.stop();
                            stopped = true;
                        }
                    }
                    default -> {
                    }
                }
                if (v instanceof FilterVerdict.AddHeaders a) {
                    a.edits().stream().filter(e -> !edits.contains(e)).forEach(edits::add); // same field, same edit
                } else if (v != FilterVerdict.CONTINUE) {
                    return v;
                }
            }
        } catch (MimeException e) {
            LOG.info("filter: content checks stopped early client={} id={}: {}", client(context),
                    MailLog.clean(context.queueId()), MailLog.clean(e.getMessage()));
        } finally {
            if (parsing && !stopped) {
                ts.stop(); // once only: it hands Mime4j's buffers back to its per-thread recycler
            }
        }
        return edits.isEmpty() ? FilterVerdict.CONTINUE : FilterVerdict.AddHeaders.edits(edits);
    }

    /** {@code top}: a field of the message's own header, which IGNORE, PREPEND and REPLACE can edit. */
    private FilterVerdict header(Field field, boolean top, FilterContext context) {
        String line = logical(field);
        String decoded = MimeParams.decoded(line);
        Field editable = top ? field : null;
        FilterVerdict v = apply(config.headerChecks(), "header_checks", line, decoded, editable, context);
        if (v == FilterVerdict.CONTINUE && config.mimeHeaderChecks().isPresent() && isMimeHeader(field.getName())) {
            v = apply(config.mimeHeaderChecks(), "mime_header_checks", line, decoded, editable, context);
        }
        return v;
    }

    /** {@code Content-*} and {@code MIME-Version}, in any case (ASCII: header names are, RFC 5322 3.6.8). */
    static boolean isMimeHeader(String name) {
        return startsWithIgnoreAsciiCase(name, "content-")
                || (name.length() == "mime-version".length() && startsWithIgnoreAsciiCase(name, "mime-version"));
    }

    private static boolean startsWithIgnoreAsciiCase(String s, String lower) {
        if (s.length() < lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The raw field unfolded: RFC 5322 2.2.3 removes each CRLF that is followed by WSP. A field of
     * ASCII octets (nearly all) is copied once; any other is decoded as UTF-8 first.
     */
    static String logical(Field field) {
        ByteSequence raw = field.getRaw();
        if (raw == null) {
            return unfold(field.getName() + ": " + field.getBody());
        }
        int n = raw.length();
        byte[] in = raw instanceof ByteArrayBuffer a ? a.buffer() : raw.toByteArray(); // Mime4j's: no copy
        int plain = 0;
        while (plain < n && plain < HEADER_LIMIT && in[plain] >= 0 && in[plain] != '\r' && in[plain] != '\n') {
            plain++;
        }
        if (plain == n) { // the usual field: one line of ASCII
            return new String(in, 0, n, StandardCharsets.ISO_8859_1);
        }
        byte[] b = new byte[Math.min(n, HEADER_LIMIT)];
        int len = 0;
        for (int i = 0; i < n && len < HEADER_LIMIT; i++) {
            byte c = in[i];
            if (c < 0) {
                return unfold(new String(in, 0, n, StandardCharsets.UTF_8));
            }
            if (c != '\r' && c != '\n') {
                b[len++] = c;
            }
        }
        return new String(b, 0, len, StandardCharsets.ISO_8859_1); // ASCII: one char per octet
    }

    private static String unfold(String raw) {
        StringBuilder b = new StringBuilder(Math.min(raw.length(), HEADER_LIMIT));
        for (int i = 0; i < raw.length() && b.length() < HEADER_LIMIT; i++) {
            char c = raw.charAt(i);
            if (c != '\r' && c != '\n') {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The body lines of one part, read in blocks. A line longer than {@link #LINE_LIMIT} is matched in
     * pieces, as Postfix's line_length_limit splits it; a line no map line can start is not decoded.
     */
    private FilterVerdict body(InputStream in, byte[] block, byte[] line, FilterContext context) throws IOException {
        int len = 0;
        int seen = 0;
        while (seen < BODY_LIMIT) {
            int n = in.read(block, 0, Math.min(block.length, BODY_LIMIT - seen));
            if (n == 0) { // not allowed of a blocking stream; read one octet rather than loop
                int c = in.read();
                block[0] = (byte) c;
                n = c < 0 ? -1 : 1;
            }
            if (n < 0) {
                break;
            }
            seen += n;
            for (int i = 0; i < n; i++) {
                byte c = block[i];
                if (c != '\n' && len < LINE_LIMIT) {
                    line[len++] = c;
                    continue;
                }
                FilterVerdict v = bodyLine(line, len, context);
                if (v != FilterVerdict.CONTINUE) {
                    return v;
                }
                len = 0;
                if (c != '\n') {
                    line[len++] = c;
                }
            }
        }
        return len > 0 ? bodyLine(line, len, context) : FilterVerdict.CONTINUE;
    }

    private FilterVerdict bodyLine(byte[] line, int len, FilterContext context) {
        int n = len > 0 && line[len - 1] == '\r' ? len - 1 : len;
        if (!config.bodyChecks().get().mayMatch(line, n)) {
            return FilterVerdict.CONTINUE;
        }
        return apply(config.bodyChecks(), "body_checks", new String(line, 0, n, StandardCharsets.UTF_8), null, null,
                context);
    }

    /**
     * The verdict of one map on one line: a refusal or {@link FilterVerdict.Discard} ends the pass,
     * {@link FilterVerdict.AddHeaders} carries one edit of {@code field} (null: the line cannot be
     * edited, a MIME part's header or a body line), {@link FilterVerdict#CONTINUE} goes on.
     */
    private static FilterVerdict apply(Optional<RegexpMap> map, String policy, String input, String decoded,
                                       Field field, FilterContext context) {
        if (map.isEmpty()) {
            return FilterVerdict.CONTINUE;
        }
        Optional<MapMatch> m = map.get().lookup(input);
        if (m.isEmpty() && decoded != null) {
            m = map.get().lookup(decoded);
        }
        if (m.isEmpty() || m.get().action().kind() == MapAction.Kind.DUNNO) {
            return FilterVerdict.CONTINUE;
        }
        MapAction a = m.get().action();
        String rule = m.get().where() + " " + m.get().line();
        switch (a.kind()) {
            case REJECT -> {
                String status = a.status() != null ? a.status() : "5.7.1";
                String text = (a.text() != null ? a.text() : "Message content rejected") + " (policy " + policy + ")";
                // RFC 3463 2: the class of the enhanced code matches the reply's
                return status.startsWith("4")
                        ? new FilterVerdict.Defer(new Refusal(451, status, text, policy, rule))
                        : new FilterVerdict.Reject(new Refusal(550, status, text, policy, rule));
            }
            case DISCARD -> {
                return new FilterVerdict.Discard(policy, rule, a.text()); // the chain logs and counts it
            }
            case IGNORE, PREPEND, REPLACE -> {
                return edit(a, policy, rule, input, field, context);
            }
            case UNSUPPORTED -> {
                log(a, policy, rule, input, context, "action " + a.word() + " not supported, no action taken");
                return FilterVerdict.CONTINUE;
            }
            default -> { // WARN, INFO
                log(a, policy, rule, input, context, a.text());
                return FilterVerdict.CONTINUE;
            }
        }
    }

    /** IGNORE, PREPEND or REPLACE as a {@link HeaderEdit} of {@code field}; logged either way. */
    private static FilterVerdict edit(MapAction a, String policy, String rule, String input, Field field,
                                      FilterContext context) {
        String why = null;
        if (field == null) {
            why = policy.equals("body_checks") ? "not applied to body lines" : "not applied to MIME part headers";
        } else if (a.kind() != MapAction.Kind.IGNORE && (a.text() == null || !HEADER_LINE.matcher(a.text()).matches())) {
            why = "not applied: the text is no header line (Name: value)"; // as Postfix's cleanup warns
        }
        String key = null;
        if (why == null) {
            ByteSequence raw = field.getRaw();
            byte[] b = raw == null ? null : raw.toByteArray();
            key = b == null ? null : HeaderEdit.keyOfParsedField(b);
            if (key == null) {
                why = "not applied: the field is too long";
            }
        }
        log(a, policy, rule, input, context, why == null ? a.text() : why);
        if (why != null) {
            return FilterVerdict.CONTINUE;
        }
        HeaderEdit.Kind kind = switch (a.kind()) {
            case PREPEND -> HeaderEdit.Kind.PREPEND;
            case REPLACE -> HeaderEdit.Kind.REPLACE;
            default -> HeaderEdit.Kind.DELETE;
        };
        return FilterVerdict.AddHeaders.edits(List.of(new HeaderEdit(kind, key, kind == HeaderEdit.Kind.DELETE
                ? null : a.text())));
    }

    /** {@code filter: ignore policy=header_checks rule=... client=[...] id=... line=... text=...}. */
    private static void log(MapAction a, String policy, String rule, String input, FilterContext context, String text) {
        LOG.info("filter: {} policy={} rule={} client={} id={} line={}{}", a.word().toLowerCase(Locale.ROOT), policy,
                MailLog.clean(rule), client(context), MailLog.clean(context.queueId()), MailLog.clean(input),
                text == null ? "" : " text=" + MailLog.clean(text));
    }

    private static String client(FilterContext c) {
        return c.client() == null ? "unknown" : "[" + c.client().getHostAddress() + "]";
    }
}
