package org.mailserver.core.filter.authres;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mailserver.core.filter.Filter;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.HeaderEdit;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.log.MailLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy {@code auth_results} (RFC 8601 5): {@code Authentication-Results:} fields that arrive from
 * outside with our own authserv-id claim checks we never made, so they are removed before the
 * message is stored or relayed, and nobody downstream (a user's client, a sieve rule, the SPF
 * filter's own field) can be fooled by a forger's {@code spf=pass}. Fields with another authserv-id
 * are kept: they are some other host's, and say so. On the MX, whatever else is configured.
 *
 * <p>A forged field that cannot be removed (longer than {@link HeaderEdit#FIELD_LIMIT}) or a header
 * that cannot be read to its end (a field over 1 MiB) refuses the message with 550 5.7.1: keeping it
 * would pass the forgery on. Such headers do not occur in mail that means well (RFC 5322 2.1.1
 * limits a line to 998 octets).
 *
 * <p>Authenticated clients and {@code smtp.trusted_networks} are inside our administrative domain
 * (RFC 8601 5), and their fields are left alone. Threading: reads the spooled message on the
 * blocking executor; thread-safe.
 */
public final class ForgedResultsFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger("mail");

    private final ForgedResultsConfig config;

    public ForgedResultsFilter(ForgedResultsConfig config) {
        this.config = config;
    }

    @Override
    public String policy() {
        return "auth_results";
    }

    @Override
    public Set<Stage> stages() {
        return Set.of(Stage.DATA);
    }

    @Override
    public FilterVerdict check(Stage stage, FilterContext c) throws IOException {
        if (stage != Stage.DATA || c.message() == null || c.authenticatedUser() != null
                || (c.client() != null && config.trusted(c.client()))) {
            return FilterVerdict.CONTINUE;
        }
        ForgedResults.Scan scan = ForgedResults.scan(c.message(), config.authservId());
        if (!scan.complete()) {
            return new FilterVerdict.Reject(new Refusal(550, "5.7.1", "Message header cannot be checked for forged"
                    + " Authentication-Results (policy auth_results): " + scan.unchecked(), policy(), "unchecked"));
        }
        if (scan.found().isEmpty()) {
            return FilterVerdict.CONTINUE;
        }
        List<HeaderEdit> removed = new ArrayList<>(scan.found().size());
        for (ForgedResults.Found f : scan.found()) {
            removed.add(f.edit());
            LOG.info("filter: info policy=auth_results removed forged Authentication-Results (RFC 8601 5) client={}"
                    + " from=<{}> id={} field={}", c.client() == null ? "unknown" : "[" + c.client().getHostAddress() + "]",
                    MailLog.clean(c.sender()), MailLog.clean(c.queueId()), MailLog.clean(f.field()));
        }
        return FilterVerdict.AddHeaders.edits(removed);
    }
}
