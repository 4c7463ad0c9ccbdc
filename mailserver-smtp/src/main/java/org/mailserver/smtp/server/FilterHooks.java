package org.mailserver.smtp.server;

import java.net.InetAddress;
import java.util.List;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.filter.FilterChain;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.Stage;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.MailParameters;
import org.mailserver.smtp.grammar.MailPath;
import org.mailserver.smtp.grammar.Reply;

/**
 * The filter chain behind the session's hooks: each hook becomes a {@link FilterContext} at its
 * {@link Stage}, and the chain's verdict a {@link HookVerdict} whose reply carries the refusal's code,
 * enhanced status and text. Authenticated sessions run the chain too; which filters a listener has is
 * the chain's business (submission gets one without DNSBL and greylisting).
 *
 * <p>The hooks do not see the queue id nor, at the end of data, the recipients: those context fields
 * are null and empty here. Threading as {@link SmtpHooks}: on the blocking executor.
 */
public final class FilterHooks implements SmtpHooks {
    private final FilterChain chain;

    public FilterHooks(FilterChain chain) {
        this.chain = chain;
    }

    @Override
    public boolean checks(Stage stage) {
        return chain.runsAt(stage);
    }

    @Override
    public HookVerdict connect(SessionInfo session) {
        return run(Stage.CONNECT, session, null, null, null);
    }

    @Override
    public HookVerdict helo(SessionInfo session) {
        return run(Stage.HELO, session, null, null, null);
    }

    @Override
    public HookVerdict mail(SessionInfo session, MailPath from, MailParameters parameters) {
        return run(Stage.MAIL, session, from, null, null);
    }

    @Override
    public HookVerdict rcpt(SessionInfo session, MailPath from, MailPath to) {
        return run(Stage.RCPT, session, from, to, null);
    }

    @Override
    public HookVerdict endOfData(SessionInfo session, MailPath from, MessageSource message) {
        return run(Stage.DATA, session, from, null, message);
    }

    private HookVerdict run(Stage stage, SessionInfo session, MailPath from, MailPath to, MessageSource message) {
        InetAddress client = session.client() == null ? null : session.client().getAddress();
        // FilterContext: "" is the null sender (RFC 5321 4.5.5), null before MAIL
        String sender = from == null ? null : from.isNull() ? "" : from.address();
        FilterContext context = new FilterContext(client, session.helo(), session.authenticated(), sender,
                to == null ? null : to.address(), List.of(), message, null);
        return verdict(chain.run(stage, context));
    }

    static HookVerdict verdict(FilterVerdict v) {
        if (v instanceof FilterVerdict.Reject r) {
            return new HookVerdict.Reject(reply(r.refusal()));
        }
        if (v instanceof FilterVerdict.Defer d) {
            return new HookVerdict.Defer(reply(d.refusal()));
        }
        if (v instanceof FilterVerdict.Accept) {
            return new HookVerdict.Accept();
        }
        if (v instanceof FilterVerdict.AddHeaders h) {
            return new HookVerdict.AddHeaders(h.lines(), h.edits());
        }
        if (v instanceof FilterVerdict.Discard d) {
            return new HookVerdict.Discard("policy " + d.policy());
        }
        return HookVerdict.CONTINUE;
    }

    /** RFC 3463 2: the enhanced status's class follows the reply code's; a bad one falls back to x.7.1. */
    static Reply reply(Refusal r) {
        return Reply.of(r.code(), status(r.code(), r.status()), r.text());
    }

    private static EnhancedStatus status(int code, String s) {
        int cls = code / 100;
        if (s != null) {
            String[] p = s.strip().split("\\.");
            try {
                if (p.length == 3 && Integer.parseInt(p[0]) == cls) {
                    return new EnhancedStatus(cls, Integer.parseInt(p[1]), Integer.parseInt(p[2]));
                }
            } catch (IllegalArgumentException e) {
                // falls through to the default
            }
        }
        return new EnhancedStatus(cls, 7, 1);
    }
}
