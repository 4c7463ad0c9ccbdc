package org.mailserver.core.filter.spamd;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mailserver.core.filter.Filter;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.ScannerOutage;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.log.OutageLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content scoring by SpamAssassin's spamd at the end of DATA (policy {@code spam}). Our own
 * thresholds decide, not spamd's: from {@code reject_score} the message is refused with 550 5.7.1;
 * below it the message gets {@code X-Spam-Score} and {@code X-Spam-Status}, and from
 * {@code tag_score} also {@code X-Spam-Flag: YES}.
 *
 * <p>Not scanned: authenticated sessions (submission runs only the cheap filters and the virus
 * scan) and messages over {@code max_size}. When spamd cannot be reached, times out or answers
 * nonsense: 451 4.7.1 if configured to defer, else the message continues unscored with a WARN log.
 * Thread-safe; blocks for at most the configured timeout.
 */
public final class SpamdFilter implements Filter {
    public static final String POLICY = "spam";
    private static final Logger LOG = LoggerFactory.getLogger(SpamdFilter.class);
    /** RFC 5322 2.1.1: a line is at most 998 characters; keep X-Spam-Status well under it. */
    private static final int MAX_TESTS_LENGTH = 800;

    private final SpamdConfig config;
    private final SpamdClient client;
    private final OutageLog outage;

    public SpamdFilter(SpamdConfig config) {
        this.config = config;
        this.client = new SpamdClient(config.host(), config.port(), config.timeout());
        this.outage = ScannerOutage.log(LOG, "spamd at " + config.host() + ":" + config.port(),
                config.deferOnFailure());
    }

    @Override
    public String policy() {
        return POLICY;
    }

    @Override
    public Set<Stage> stages() {
        return Set.of(Stage.DATA);
    }

    @Override
    public FilterVerdict check(Stage stage, FilterContext context) {
        if (stage != Stage.DATA || context.message() == null || context.authenticatedUser() != null) {
            return FilterVerdict.CONTINUE;
        }
        long size = context.message().size();
        if (size > config.maxSize()) {
            LOG.info("{}: not scored by spamd: {} octets is over filter.spamd.max_size {}",
                    context.queueId(), size, config.maxSize());
            return FilterVerdict.CONTINUE;
        }
        SpamdReply reply;
        try {
            reply = client.symbols(context.message());
        } catch (IOException e) {
            return failure(context, e);
        }
        outage.success();
        return verdict(reply, config.tagScore(), config.rejectScore());
    }

    /** Our verdict on spamd's score, by our thresholds. */
    static FilterVerdict verdict(SpamdReply reply, double tagScore, double rejectScore) {
        String score = format(reply.score());
        if (reply.score() >= rejectScore) {
            // RFC 5321 4.2.2: 550, mailbox unavailable / policy; RFC 3463 3.8: X.7.1 refused by policy
            return new FilterVerdict.Reject(new Refusal(550, "5.7.1",
                    "Message rejected as spam (policy spam, score " + score + ")", POLICY,
                    "score " + score + " >= " + format(rejectScore) + " " + String.join(",", reply.symbols())));
        }
        boolean tagged = reply.score() >= tagScore;
        List<String> headers = new ArrayList<>();
        headers.add("X-Spam-Score: " + score);
        headers.add("X-Spam-Status: " + (tagged ? "Yes" : "No") + ", score=" + score + " required=" + format(tagScore)
                + tests(reply.symbols()));
        if (tagged) {
            headers.add("X-Spam-Flag: YES");
        }
        return new FilterVerdict.AddHeaders(headers);
    }

    private FilterVerdict failure(FilterContext context, IOException e) {
        return ScannerOutage.verdict(config.deferOnFailure(), POLICY, context,
                e.getClass().getSimpleName() + ": " + e.getMessage(), outage);
    }

    private static String tests(List<String> symbols) {
        if (symbols.isEmpty()) {
            return "";
        }
        String t = String.join(",", symbols);
        if (t.length() > MAX_TESTS_LENGTH) {
            int cut = t.lastIndexOf(',', MAX_TESTS_LENGTH);
            t = t.substring(0, cut > 0 ? cut : MAX_TESTS_LENGTH) + ",...";
        }
        return " tests=" + t;
    }

    /** One decimal, as SpamAssassin writes scores. */
    static String format(double score) {
        return String.format(Locale.ROOT, "%.1f", score);
    }
}
