package org.mailserver.smtp.server;

import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.filter.Stage;
import org.mailserver.smtp.grammar.MailParameters;
import org.mailserver.smtp.grammar.MailPath;

/**
 * The extension points of a session, where the filter chain (DNSBL, greylisting, header checks,
 * content scanning) plugs in. Every method has a default of {@link HookVerdict#CONTINUE}.
 *
 * <p>Call order per connection: {@link #connect} once, then {@link #helo} per greeting, then per
 * transaction {@link #mail}, {@link #rcpt} per recipient that passed the engine's own checks (local
 * domain, known and enabled user, quota), and {@link #endOfData} once the message is complete.
 *
 * <p>Threading: called on the blocking executor, never on the event loop, so implementations may
 * block (DNS, network scanners). Calls for one session never overlap. An exception thrown by a hook
 * is answered with a temporary error (451 4.3.0).
 */
public interface SmtpHooks {
    /** No hooks: the engine's own checks only. */
    SmtpHooks NONE = new SmtpHooks() {
        @Override
        public boolean checks(Stage stage) {
            return false;
        }
    };

    /**
     * Whether the hook of {@code stage} has anything to do. When not, the engine answers that step
     * on the event loop without the round trip through the blocking pool.
     */
    default boolean checks(Stage stage) {
        return true;
    }

    default HookVerdict connect(SessionInfo session) {
        return HookVerdict.CONTINUE;
    }

    default HookVerdict helo(SessionInfo session) {
        return HookVerdict.CONTINUE;
    }

    default HookVerdict mail(SessionInfo session, MailPath from, MailParameters parameters) {
        return HookVerdict.CONTINUE;
    }

    default HookVerdict rcpt(SessionInfo session, MailPath from, MailPath to) {
        return HookVerdict.CONTINUE;
    }

    /**
     * The message as received, before trace headers are added; may be read any number of times. Besides
     * a refusal, the verdict may be {@link HookVerdict.AddHeaders} (lines to add, header fields to edit in
     * every copy) or {@link HookVerdict.Discard} (250, and no copy anywhere).
     */
    default HookVerdict endOfData(SessionInfo session, MailPath from, MessageSource message) {
        return HookVerdict.CONTINUE;
    }
}
