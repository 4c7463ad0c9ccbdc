package org.mailserver.core.filter.clamd;

import java.io.IOException;
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
 * Virus scanning by ClamAV's clamd at the end of DATA (policy {@code virus}), for every session,
 * authenticated ones too. A virus is refused with 554 5.7.1 naming it. Messages over
 * {@code max_size} pass unscanned (logged). When clamd cannot be reached, times out or reports an
 * error: 451 4.7.1 if configured to defer, else the message continues unscanned with a WARN log.
 * Thread-safe; blocks for at most the configured timeout.
 */
public final class ClamdFilter implements Filter {
    public static final String POLICY = "virus";
    private static final Logger LOG = LoggerFactory.getLogger(ClamdFilter.class);

    private final ClamdConfig config;
    private final ClamdClient client;
    private final OutageLog outage;

    public ClamdFilter(ClamdConfig config) {
        this.config = config;
        this.client = new ClamdClient(config.host(), config.port(), config.timeout());
        this.outage = ScannerOutage.log(LOG, "clamd at " + config.host() + ":" + config.port(),
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
        if (stage != Stage.DATA || context.message() == null) {
            return FilterVerdict.CONTINUE;
        }
        long size = context.message().size();
        if (size > config.maxSize()) {
            LOG.warn("{}: not scanned by clamd: {} octets is over filter.clamd.max_size {}",
                    context.queueId(), size, config.maxSize());
            return FilterVerdict.CONTINUE;
        }
        ClamdReply reply;
        try {
            reply = client.scan(context.message());
        } catch (IOException e) {
            return failure(context, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (reply instanceof ClamdReply.Error e) {
            return failure(context, "clamd error: " + e.message());
        }
        outage.success();
        if (reply instanceof ClamdReply.Found f) {
            // RFC 3463 3.8 (X.7.1): delivery not authorized, message refused
            return new FilterVerdict.Reject(new Refusal(554, "5.7.1",
                    "Virus found: " + f.signature() + " (policy virus)", POLICY, f.signature()));
        }
        return FilterVerdict.CONTINUE;
    }

    private FilterVerdict failure(FilterContext context, String why) {
        return ScannerOutage.verdict(config.deferOnFailure(), POLICY, context, why, outage);
    }
}
