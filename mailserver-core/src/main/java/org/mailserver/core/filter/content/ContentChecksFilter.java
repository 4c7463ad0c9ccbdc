package org.mailserver.core.filter.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.mailserver.core.filter.Filter;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
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
 * decoded form ({@link MimeParams}). The first REJECT refuses the message; WARN, IGNORE, DISCARD and
 * Postfix's other actions are logged only (this engine neither rewrites nor discards messages).
 * A message Mime4j cannot parse to the end is checked as far as it could be read.
 */
public final class ContentChecksFilter implements Filter {
    static final int HEADER_LIMIT = 64 * 1024;
    static final int BODY_LIMIT = 51200;
    static final int LINE_LIMIT = 4096;
    private static final Logger LOG = LoggerFactory.getLogger("mail");
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
        MimeTokenStream ts = new MimeTokenStream(MIME);
        try (InputStream in = context.message().open()) {
            ts.parse(in);
            for (EntityState st = ts.getState(); st != EntityState.T_END_OF_STREAM; st = ts.next()) {
                FilterVerdict v = switch (st) {
                    case T_FIELD -> header(ts.getField(), context);
                    case T_BODY, T_PREAMBLE, T_EPILOGUE -> config.bodyChecks().isPresent()
                            ? body(ts.getInputStream(), context) : FilterVerdict.CONTINUE;
                    default -> FilterVerdict.CONTINUE;
                };
                if (v != FilterVerdict.CONTINUE) {
                    return v;
                }
            }
        } catch (MimeException e) {
            LOG.info("filter: content checks stopped early client={} id={}: {}", client(context),
                    MailLog.clean(context.queueId()), MailLog.clean(e.getMessage()));
        }
        return FilterVerdict.CONTINUE;
    }

    private FilterVerdict header(Field field, FilterContext context) {
        if (config.headerChecks().isEmpty() && config.mimeHeaderChecks().isEmpty()) {
            return FilterVerdict.CONTINUE;
        }
        String line = logical(field);
        String decoded = MimeParams.decoded(line);
        FilterVerdict v = apply(config.headerChecks(), "header_checks", line, decoded, context);
        String name = field.getName().toLowerCase(Locale.ROOT);
        if (v == FilterVerdict.CONTINUE && (name.startsWith("content-") || name.equals("mime-version"))) {
            v = apply(config.mimeHeaderChecks(), "mime_header_checks", line, decoded, context);
        }
        return v;
    }

    /** The raw field unfolded: RFC 5322 2.2.3 removes each CRLF that is followed by WSP. */
    static String logical(Field field) {
        String raw = field.getRaw() != null
                ? new String(field.getRaw().toByteArray(), StandardCharsets.UTF_8)
                : field.getName() + ": " + field.getBody();
        StringBuilder b = new StringBuilder(Math.min(raw.length(), HEADER_LIMIT));
        for (int i = 0; i < raw.length() && b.length() < HEADER_LIMIT; i++) {
            char c = raw.charAt(i);
            if (c != '\r' && c != '\n') {
                b.append(c);
            }
        }
        return b.toString();
    }

    private FilterVerdict body(InputStream in, FilterContext context) throws IOException {
        byte[] line = new byte[LINE_LIMIT];
        int len = 0;
        int seen = 0;
        for (int c = in.read(); c >= 0 && seen < BODY_LIMIT; c = in.read()) {
            seen++;
            if (c != '\n' && len < LINE_LIMIT) {
                line[len++] = (byte) c;
                continue;
            }
            // a line longer than LINE_LIMIT is matched in pieces, as Postfix's line_length_limit splits it
            FilterVerdict v = bodyLine(line, len, context);
            if (v != FilterVerdict.CONTINUE) {
                return v;
            }
            len = 0;
            if (c != '\n') {
                line[len++] = (byte) c;
            }
        }
        return len > 0 ? bodyLine(line, len, context) : FilterVerdict.CONTINUE;
    }

    private FilterVerdict bodyLine(byte[] line, int len, FilterContext context) {
        int n = len > 0 && line[len - 1] == '\r' ? len - 1 : len;
        return apply(config.bodyChecks(), "body_checks", new String(line, 0, n, StandardCharsets.UTF_8), null, context);
    }

    private static FilterVerdict apply(Optional<RegexpMap> map, String policy, String input, String decoded,
                                       FilterContext context) {
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
        if (a.kind() != MapAction.Kind.REJECT) {
            // header_checks(5) WARN; IGNORE and DISCARD would change the message: logged only here
            LOG.info("filter: {} policy={} rule={} client={} id={} line={}", a.kind().name().toLowerCase(Locale.ROOT),
                    policy, MailLog.clean(rule), client(context), MailLog.clean(context.queueId()), MailLog.clean(input));
            return FilterVerdict.CONTINUE;
        }
        String status = a.status() != null ? a.status() : "5.7.1";
        String text = (a.text() != null ? a.text() : "Message content rejected") + " (policy " + policy + ")";
        // RFC 3463 2: the class of the enhanced code matches the reply's
        return status.startsWith("4")
                ? new FilterVerdict.Defer(new Refusal(451, status, text, policy, rule))
                : new FilterVerdict.Reject(new Refusal(550, status, text, policy, rule));
    }

    private static String client(FilterContext c) {
        return c.client() == null ? "unknown" : "[" + c.client().getHostAddress() + "]";
    }
}
