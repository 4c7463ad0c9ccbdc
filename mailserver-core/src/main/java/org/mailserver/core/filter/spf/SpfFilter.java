package org.mailserver.core.filter.spf;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.mailserver.core.filter.Filter;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.log.MailLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy {@code spf} (RFC 7208): at MAIL, check_host() of the MAIL FROM identity ({@code postmaster@}
 * the HELO name for the null reverse-path, 2.4); with {@code reject_fail}, the HELO identity first (2.3),
 * whose fail is conclusive. A fail is refused with 550 5.7.23 (RFC 7372) naming the domain, a temperror
 * deferred with 451 4.7.24 when so configured; everything else continues. At the end of data the MAIL
 * FROM result is added as {@code Received-SPF:} (RFC 7208 9.1) and {@code Authentication-Results:}
 * (RFC 8601). {@code Authentication-Results:} fields that arrive with our own authserv-id are removed
 * by policy {@code auth_results} ({@code core.filter.authres}), which runs on the MX whether SPF is on or not.
 *
 * <p>The result travels from MAIL to the end of data in a small cache keyed by check_host()'s own
 * inputs (client address, HELO name, sender), so the chain's context needs no state of ours; a result
 * missing there (an earlier filter accepted the MAIL, the entry expired) is computed again.
 *
 * <p>Threading: runs on the blocking executor; one MAIL step waits at most {@code filter.spf.timeout}
 * for the DNS. Thread-safe. Failures: a DNS failure or timeout is a temperror, never a fail.
 * Authenticated sessions and trusted networks are not checked and get no header fields.
 */
public final class SpfFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger("mail");

    /** What check_host() depends on besides the DNS (RFC 7208 4.1). */
    private record Key(InetAddress client, String helo, String sender) {
    }

    private final SpfConfig config;
    private final SpfEvaluator evaluator;
    private final Cache<Key, SpfOutcome> results = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(30)).maximumSize(10_000).build();

    /** A filter asking {@code config.dnsServers()}. */
    public SpfFilter(SpfConfig config) {
        this(config, new SpfEvaluator(config.dnsServers(), config.timeout(), config.receiver()));
    }

    public SpfFilter(SpfConfig config, SpfEvaluator evaluator) {
        this.config = config;
        this.evaluator = evaluator;
    }

    @Override
    public String policy() {
        return "spf";
    }

    @Override
    public Set<Stage> stages() {
        return Set.of(Stage.MAIL, Stage.DATA);
    }

    @Override
    public FilterVerdict check(Stage stage, FilterContext c) throws InterruptedException, IOException {
        if (c.authenticatedUser() != null || c.client() == null || c.sender() == null || config.trusted(c.client())) {
            return FilterVerdict.CONTINUE;
        }
        Key key = new Key(c.client(), c.helo(), c.sender());
        if (stage == Stage.MAIL) {
            return mail(c, key);
        }
        if (stage != Stage.DATA) {
            return FilterVerdict.CONTINUE;
        }
        SpfOutcome o = results.asMap().remove(key);
        if (o == null) {
            o = evaluator.checkMailFrom(c.client(), c.sender(), c.helo(), evaluator.deadline());
        }
        return new FilterVerdict.AddHeaders(List.of(
                SpfHeaders.receivedSpf(o, c.client(), c.sender(), c.helo(), config.receiver()),
                SpfHeaders.authenticationResults(o, config.receiver(), c.sender(), c.helo())));
    }

    private FilterVerdict mail(FilterContext c, Key key) throws InterruptedException {
        long deadline = evaluator.deadline(); // one budget for both identities
        if (config.rejectFail() && !c.sender().isEmpty() && c.helo() != null) {
            // RFC 7208 2.3: a HELO fail is conclusive and spares the MAIL FROM lookups; a null
            // reverse-path's MAIL FROM identity is the HELO name anyway (2.4)
            SpfOutcome helo = evaluator.checkHelo(c.client(), c.helo(), deadline);
            if (helo.result() == SpfResult.FAIL) {
                return reject(helo, c.client());
            }
        }
        SpfOutcome o = evaluator.checkMailFrom(c.client(), c.sender(), c.helo(), deadline);
        if (o.result() == SpfResult.FAIL && config.rejectFail()) {
            return reject(o, c.client()); // the chain logs and counts refusals
        }
        if (o.result() == SpfResult.TEMPERROR && config.deferTemperror()) {
            return new FilterVerdict.Defer(new Refusal(451, "4.7.24", "SPF check of " + name(o)
                    + " failed temporarily, try again later (policy spf): " + printable(o.problem(), 200),
                    policy(), rule(o)));
        }
        log(o, c);
        results.put(key, o);
        return FilterVerdict.CONTINUE;
    }

    /** RFC 7208 8.4 and RFC 7372 3.2: 550 5.7.23, with the domain's explanation (6.2) when it gave one. */
    private FilterVerdict reject(SpfOutcome o, InetAddress client) {
        String text = "SPF validation failed: " + name(o) + " does not designate "
                + SpfAddresses.readable(SpfAddresses.normalize(client)) + " as permitted sender (policy spf)"
                + (o.explanation() == null ? "" : "; " + printable(o.explanation(), 200));
        return new FilterVerdict.Reject(new Refusal(550, "5.7.23", text, policy(), rule(o)));
    }

    private static String name(SpfOutcome o) {
        return (o.identity() == SpfOutcome.Identity.HELO ? "HELO name " : "domain ") + printable(o.domain(), 100);
    }

    private static String rule(SpfOutcome o) {
        return o.identity().keyword() + " " + o.domain() + " " + o.result().keyword()
                + (o.mechanism() == null ? "" : " " + o.mechanism());
    }

    private static String printable(String s, int max) {
        String p = SpfHeaders.printable(s).strip();
        return p.length() > max ? p.substring(0, max) : p;
    }

    /** Results that deserve a look go to the mail log; a pass or no record at debug level only. */
    private static void log(SpfOutcome o, FilterContext c) {
        boolean quiet = o.result() == SpfResult.PASS || o.result() == SpfResult.NONE;
        if (quiet ? LOG.isDebugEnabled() : LOG.isInfoEnabled()) {
            String line = "filter: info policy=spf result=" + o.result().keyword() + " identity=" + o.identity().keyword()
                    + " domain=" + MailLog.clean(o.domain()) + " client=[" + c.client().getHostAddress() + "]"
                    + " from=<" + MailLog.clean(c.sender()) + ">"
                    + (o.mechanism() == null ? "" : " mechanism=" + MailLog.clean(o.mechanism()))
                    + (o.problem() == null ? "" : " problem=" + MailLog.clean(o.problem()));
            if (quiet) {
                LOG.debug(line);
            } else {
                LOG.info(line);
            }
        }
    }
}
