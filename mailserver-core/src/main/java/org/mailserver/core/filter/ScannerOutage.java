package org.mailserver.core.filter;

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

    /**
     * @param defer {@code on_failure = defer}
     * @param policy the filter's policy ({@code spam}, {@code virus})
     * @param scanner the scanner's name and address for the log, e.g. {@code spamd at 127.0.0.1:783}
     * @param context the session, for the queue id in the log
     * @param why what went wrong
     */
    public static FilterVerdict verdict(boolean defer, String policy, String scanner, FilterContext context,
                                        String why, Logger log) {
        if (defer) {
            log.warn("{}: {} failed, deferring: {}", context.queueId(), scanner, why);
            return new FilterVerdict.Defer(new Refusal(451, "4.7.1",
                    "Try again later (policy " + policy + ": scanner unavailable)", policy, "scanner unavailable: " + why));
        }
        log.warn("{}: {} failed, accepting unscanned (on_failure = accept): {}", context.queueId(), scanner, why);
        return FilterVerdict.CONTINUE;
    }
}
