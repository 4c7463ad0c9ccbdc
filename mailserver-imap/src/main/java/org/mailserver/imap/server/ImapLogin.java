package org.mailserver.imap.server;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.mailserver.core.auth.LoginLog;
import org.mailserver.core.auth.LoginThrottle;
import org.mailserver.core.directory.AuthResult;
import org.mailserver.core.directory.DirectoryUnavailableException;
import org.mailserver.core.directory.User;
import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.mailbox.SpecialUse;
import org.mailserver.store.UserMailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of LOGIN and of AUTHENTICATE: checks the credentials and opens the user's mailbox.
 *
 * <ol>
 *   <li>An address or login name locked out by the {@link LoginThrottle}: {@code NO [UNAVAILABLE]} at
 *       once, without asking the directory (docs/decisions/0006-login-lockout.md).</li>
 *   <li>Bind as the user, off the event loop; the password array is cleared afterwards.</li>
 *   <li>Wrong credentials: {@code NO [AUTHENTICATIONFAILED]} (RFC 5530) after the login throttle's
 *       delay for this address, scheduled on the event loop. A refused account (disabled, ...):
 *       {@code NO [AUTHORIZATIONFAILED]} at once. Directory outage or a full executor:
 *       {@code NO [UNAVAILABLE]}, which tells the client to try again later.</li>
 *   <li>Open the Maildir and create the special-use folders on first login (RFC 6154), off the
 *       loop; then {@code OK [CAPABILITY ...]} (RFC 3501 7.1: the new capabilities in the reply).</li>
 * </ol>
 */
final class ImapLogin {
    private static final Logger LOG = LoggerFactory.getLogger(ImapLogin.class);

    private ImapLogin() {
    }

    static void login(ImapSession s, ImapCommand command, String login, char[] password, String method) {
        LoginThrottle.Lock lock = s.context().loginThrottle().locked(s.clientAddress(), login);
        if (lock != null) {
            // Refused before the directory sees the password, so a guess made now confirms nothing.
            // RFC 5530 3: UNAVAILABLE is temporary, so a client keeps its stored password and retries.
            Arrays.fill(password, '\0');
            LoginLog.refused(ImapSession.PROTOCOL, s.channel().remoteAddress(), login, lock,
                    ImapMetrics.of(s.context().metrics()).protocol());
            s.no(command, "[UNAVAILABLE] too many failed logins, try again later");
            return;
        }
        s.runBlocking(() -> {
            try {
                return s.context().directory().authenticate(login, password);
            } finally {
                Arrays.fill(password, '\0');
            }
        }, (result, error) -> {
            ImapMetrics metrics = ImapMetrics.of(s.context().metrics());
            if (error != null) {
                Arrays.fill(password, '\0');
                metrics.protocol().loginTemporaryFailure();
                temporaryFailure(s, command, login, error);
            } else if (result instanceof AuthResult.Success ok) {
                metrics.protocol().loginSucceeded();
                open(s, command, ok.user(), method);
            } else if (result instanceof AuthResult.Refused refused) {
                metrics.protocol().loginFailed();
                MailLog.session(ImapSession.PROTOCOL, "login failed", s.channel().remoteAddress(),
                        "user=" + login + " method=" + method + " reason=account-"
                                + refused.user().status().name().toLowerCase(java.util.Locale.ROOT));
                s.no(command, "[AUTHORIZATIONFAILED] account may not log in");
            } else {
                metrics.protocol().loginFailed();
                badCredentials(s, command, login, method);
            }
        });
    }

    private static void badCredentials(ImapSession s, ImapCommand command, String login, String method) {
        LoginThrottle throttle = s.context().loginThrottle();
        LoginThrottle.Failure failure = throttle.failure(s.clientAddress(), login);
        Duration delay = failure.delay();
        MailLog.session(ImapSession.PROTOCOL, "login failed", s.channel().remoteAddress(),
                "user=" + login + " method=" + method + " reason=bad-credentials delay=" + delay.toMillis() + "ms");
        LoginLog.locked(ImapSession.PROTOCOL, s.channel().remoteAddress(), login, failure, throttle.limits(),
                ImapMetrics.of(s.context().metrics()).protocol());
        // Answer later without blocking anything: the session stays busy, so nothing else is read.
        s.channel().eventLoop().schedule(() -> {
            if (s.channel().isActive()) {
                s.no(command, "[AUTHENTICATIONFAILED] authentication failed");
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void temporaryFailure(ImapSession s, ImapCommand command, String login, Throwable error) {
        if (error instanceof DirectoryUnavailableException) {
            // the directory logs its outage once (LdapDirectory); each login is in the mail log below
            LOG.debug("imap login of {} failed temporarily: {}", MailLog.clean(login), error.toString());
        } else if (error instanceof RejectedExecutionException) {
            LOG.warn("imap login of {} failed temporarily: {}", MailLog.clean(login), error.toString());
        } else {
            LOG.error("imap login of {} failed", MailLog.clean(login), error);
        }
        MailLog.session(ImapSession.PROTOCOL, "login failed", s.channel().remoteAddress(),
                "user=" + login + " reason=temporary");
        s.no(command, "[UNAVAILABLE] authentication service unavailable, try again later");
    }

    private static void open(ImapSession s, ImapCommand command, User user, String method) {
        s.runBlocking(() -> {
            UserMailbox mailbox = s.store().open(user);
            SpecialUse.ensure(mailbox);
            return mailbox;
        }, (mailbox, error) -> {
            if (error != null) {
                LOG.error("imap cannot open the mailbox of {}", user.uid(), error);
                s.no(command, "[UNAVAILABLE] cannot open your mailbox, try again later");
                return;
            }
            s.loggedIn(user, mailbox);
            s.context().loginThrottle().success(s.clientAddress());
            MailLog.session(ImapSession.PROTOCOL, "login", s.channel().remoteAddress(),
                    "user=" + user.uid() + " method=" + method + (s.tls() ? " tls" : ""));
            s.complete(command, "[CAPABILITY " + Capabilities.of(s) + "] logged in");
        });
    }
}
