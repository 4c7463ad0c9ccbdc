package org.mailserver.core.filter;

import java.util.ArrayList;
import java.util.List;
import org.mailserver.core.log.MailLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured filters in order, run stage by stage (issue 5, "the chain").
 *
 * <p>At one stage the filters of that stage run in order: {@link FilterVerdict.Reject} and
 * {@link FilterVerdict.Defer} stop the stage, are counted under the refusal's policy and logged on
 * the {@code mail} logger; {@link FilterVerdict.Discard} stops the stage too, counted apart as a
 * discard and logged; {@link FilterVerdict.Accept} stops the stage; {@link FilterVerdict.AddHeaders}
 * accumulate, their lines and their edits. Every filter sees the message as received: edits are
 * applied only at delivery. A filter that throws is answered with 451 4.7.1 naming its policy, and logged as an error.
 *
 * <p>Threading: {@link #run} blocks as long as its filters do; call it on the blocking executor.
 * Thread-safe when the filters are.
 */
public final class FilterChain {
    private static final Logger LOG = LoggerFactory.getLogger("mail");

    private final List<Filter> filters;
    private final RejectionCounters counters;

    public FilterChain(List<Filter> filters, RejectionCounters counters) {
        this.filters = List.copyOf(filters);
        this.counters = counters;
    }

    /** No filters at all. */
    /** Whether any filter runs at {@code stage}; callers skip the blocking pool for stages with none. */
    public boolean runsAt(Stage stage) {
        for (Filter f : filters) {
            if (f.stages().contains(stage)) {
                return true;
            }
        }
        return false;
    }

    public static FilterChain empty() {
        return new FilterChain(List.of(), new RejectionCounters());
    }

    public List<Filter> filters() {
        return filters;
    }

    /**
     * The combined verdict of the filters of {@code stage}: the first refusal or discard, else
     * {@link FilterVerdict.AddHeaders} with every line added and every edit (when any), else the first {@link FilterVerdict.Accept}, else {@link FilterVerdict#CONTINUE}.
     */
    public FilterVerdict run(Stage stage, FilterContext context) {
        List<String> added = new ArrayList<>();
        List<HeaderEdit> edits = new ArrayList<>();
        FilterVerdict end = FilterVerdict.CONTINUE;
        for (Filter f : filters) {
            if (!f.stages().contains(stage)) {
                continue;
            }
            FilterVerdict v;
            try {
                v = f.check(stage, context);
            } catch (Exception | StackOverflowError e) { // a deep regular expression overflows the stack
                LOG.error("filter: error policy={} stage={} client={} id={}: {}", f.policy(), stage,
                        address(context), MailLog.clean(context.queueId()), MailLog.clean(e.toString()), e);
                v = new FilterVerdict.Defer(new Refusal(451, "4.7.1",
                        "Service temporarily unavailable, try again later (policy " + f.policy() + ": temporary failure)",
                        f.policy(), "exception"));
            }
            if (v == null || v instanceof FilterVerdict.Continue) {
                continue;
            }
            if (v instanceof FilterVerdict.AddHeaders h) {
                added.addAll(h.lines());
                edits.addAll(h.edits());
                continue;
            }
            if (v instanceof FilterVerdict.Discard d) {
                counters.discarded(d.policy());
                logDiscard(stage, d, context);
                return v;
            }
            if (v instanceof FilterVerdict.Accept a) {
                LOG.debug("filter: accept policy={} rule={} client={}", a.policy(), MailLog.clean(a.rule()), address(context));
                end = v;
                break;
            }
            Refusal r = v instanceof FilterVerdict.Reject rj ? rj.refusal() : ((FilterVerdict.Defer) v).refusal();
            counters.increment(r.policy());
            log(v instanceof FilterVerdict.Reject ? "reject" : "defer", stage, r, context);
            return v;
        }
        return added.isEmpty() && edits.isEmpty() ? end : new FilterVerdict.AddHeaders(added, edits);
    }

    /** header_checks(5) DISCARD: "log the optional text if specified, otherwise log a generic message". */
    private static void logDiscard(Stage stage, FilterVerdict.Discard d, FilterContext c) {
        LOG.info("filter: discard policy={} rule={} stage={} client={}{} id={} text={}", d.policy(),
                MailLog.clean(d.rule()), stage, address(c),
                c.sender() == null ? "" : " from=<" + MailLog.clean(c.sender()) + ">",
                MailLog.clean(c.queueId()), MailLog.clean(d.text() == null ? "message discarded" : d.text()));
    }

    private static void log(String kind, Stage stage, Refusal r, FilterContext c) {
        StringBuilder b = new StringBuilder(160);
        b.append("filter: ").append(kind).append(" policy=").append(r.policy())
                .append(" rule=").append(MailLog.clean(r.rule()))
                .append(" stage=").append(stage)
                .append(" client=").append(address(c));
        if (c.helo() != null) {
            b.append(" helo=<").append(MailLog.clean(c.helo())).append('>');
        }
        if (c.sender() != null) {
            b.append(" from=<").append(MailLog.clean(c.sender())).append('>');
        }
        if (c.recipient() != null) {
            b.append(" to=<").append(MailLog.clean(c.recipient())).append('>');
        }
        if (c.queueId() != null) {
            b.append(" id=").append(MailLog.clean(c.queueId()));
        }
        b.append(" reply=").append(r.code()).append(' ').append(r.status()).append(' ').append(MailLog.clean(r.text()));
        LOG.info(b.toString());
    }

    private static String address(FilterContext c) {
        return c.client() == null ? "unknown" : "[" + c.client().getHostAddress() + "]";
    }
}
