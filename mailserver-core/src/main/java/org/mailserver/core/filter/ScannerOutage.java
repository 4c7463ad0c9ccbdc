package org.mailserver.core.filter;

import org.mailserver.core.log.OutageLog;
import org.slf4j.Logger;

/**
 * What a content scanner's outage (unreachable, timeout, error reply) means, shared by the spamd and
 * clamd filters: by default a 451 4.7.1, so the sending MTA retries once the scanner is back (RFC
 * 5321 4.2.1) and nothing is accepted unscanned; with {@code on_failure = accept}, the message goes
 * on unscanned and a warning is logged.
 */
public final class ScannerOutage {

    private ScannerOutage() {
    }

    /** The outage log of a scanner, e.g. {@code clamd at 127.0.0.1:3310}, for {@link #verdict}. */
    public static OutageLog log(Logger log, String scanner, boolean defer) {
        return new OutageLog(log, scanner, defer ? "deferring mail with 451 4.7.1"
                : "accepting mail unscanned (on_failure = accept)");
    }

    /**
     * @param defer {@code on_failure = defer}
     * @param policy the filter's policy ({@code spam}, {@code virus})
     * @param context the session
     * @param why what went wrong
     * @param outage the scanner's outage log: a WARN when the outage starts and then once a minute, not
     *     one per message (each deferred message has its own {@code filter: defer} line)
     */
    public static FilterVerdict verdict(boolean defer, String policy, FilterContext context, String why,
                                        OutageLog outage) {
        outage.failure(why);
        if (defer) {
            return new FilterVerdict.Defer(new Refusal(451, "4.7.1",
                    "Try again later (policy " + policy + ": scanner unavailable)", policy,
                    "scanner unavailable: " + why));
        }
        return FilterVerdict.CONTINUE;
    }
}
