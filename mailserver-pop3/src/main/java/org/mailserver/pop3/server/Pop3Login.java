package org.mailserver.pop3.server;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.mailserver.core.auth.LoginLog;
import org.mailserver.core.auth.LoginThrottle;
import org.mailserver.core.directory.AuthResult;
import org.mailserver.core.directory.DirectoryUnavailableException;
import org.mailserver.core.directory.User;
import org.mailserver.core.log.MailLog;
import org.mailserver.core.metrics.ProtocolMetrics;
import org.mailserver.pop3.grammar.Pop3Reply;
import org.mailserver.pop3.grammar.ResponseCode;
import org.mailserver.store.Folder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of USER/PASS and of AUTH: checks the credentials, locks the maildrop and lists it.
 *
 * <ol>
 *   <li>An address or login name locked out by the {@link LoginThrottle}: {@code -ERR [SYS/TEMP]} at
 *       once, without asking the directory (docs/decisions/0006-login-lockout.md).</li>
 *   <li>Bind as the user, off the event loop. The password array is cleared afterwards.</li>
 *   <li>Wrong credentials: {@code -ERR [AUTH]} after the login throttle's delay for this address,
 *       scheduled on the event loop (RFC 3206 5). A refused account: {@code -ERR [AUTH]} at once.
 *       Directory outage or a full executor: {@code -ERR [SYS/TEMP]}.</li>
 *   <li>Lock the maildrop, or {@code -ERR [IN-USE]} (RFC 2449 8.1.1).</li>
 *   <li>Open and sync INBOX, off the loop, and keep its listing as the session's maildrop.</li>
 * </ol>
 */
final class Pop3Login {
    private static final Logger LOG = LoggerFactory.getLogger(Pop3Login.class);
    /** USER or AUTH on an unencrypted connection from another host, {@code auth.plaintext} off (Dovecot's words). */
    static final Pop3Reply PLAINTEXT_REFUSED = Pop3Reply.err(ResponseCode.AUTH,
            "Plaintext authentication disallowed on non-secure connections: use STLS");

    private Pop3Login() {
    }

    static void login(Pop3Session s, String login, char[] password, String method) {
        LoginThrottle.Lock lock = s.context().loginThrottle().locked(s.clientAddress(), login);
        if (lock != null) {
            // Refused before the directory sees the password, so a guess made now confirms nothing.
            // RFC 3206 4: SYS/TEMP, not AUTH: the credentials were not judged; the client retries later.
            Arrays.fill(password, '\0');
            LoginLog.refused(Pop3Session.PROTOCOL, s.channel().remoteAddress(), login, lock,
                    s.context().metrics().protocol(Pop3Session.PROTOCOL));
            s.reply(Pop3Reply.err(ResponseCode.SYS_TEMP, "too many failed logins, try again later"));
            return;
        }
        s.runBlocking(() -> {
            try {
                return s.context().directory().authenticate(login, password);
            } finally {
                Arrays.fill(password, '\0');
            }
        }, (result, error) -> {
            ProtocolMetrics metrics = s.context().metrics().protocol(Pop3Session.PROTOCOL);
            if (error != null) {
                Arrays.fill(password, '\0');
                metrics.loginTemporaryFailure();
                temporaryFailure(s, login, error);
            } else if (result instanceof AuthResult.Success ok) {
                metrics.loginSucceeded();
                lockAndOpen(s, ok.user(), method);
            } else if (result instanceof AuthResult.Refused refused) {
                metrics.loginFailed();
                MailLog.session(Pop3Session.PROTOCOL, "login failed", s.channel().remoteAddress(),
                        "user=" + login + " method=" + method + " reason=account-" + refused.user().status().name().toLowerCase(Locale.ROOT));
                s.reply(Pop3Reply.err(ResponseCode.AUTH, "account may not log in"));
            } else {
                metrics.loginFailed();
                badCredentials(s, login, method);
            }
        });
    }

    private static void badCredentials(Pop3Session s, String login, String method) {
        LoginThrottle throttle = s.context().loginThrottle();
        LoginThrottle.Failure failure = throttle.failure(s.clientAddress(), login);
        Duration delay = failure.delay();
        MailLog.session(Pop3Session.PROTOCOL, "login failed", s.channel().remoteAddress(),
                "user=" + login + " method=" + method + " reason=bad-credentials delay=" + delay.toMillis() + "ms");
        LoginLog.locked(Pop3Session.PROTOCOL, s.channel().remoteAddress(), login, failure, throttle.limits(),
                s.context().metrics().protocol(Pop3Session.PROTOCOL));
        // Answer later without blocking anything: the session stays busy, so nothing else is read.
        s.channel().eventLoop().schedule(() -> {
            if (s.channel().isActive()) {
                s.reply(Pop3Reply.err(ResponseCode.AUTH, "authentication failed"));
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void temporaryFailure(Pop3Session s, String login, Throwable error) {
        if (error instanceof DirectoryUnavailableException) {
            // the directory logs its outage once (LdapDirectory); each login is in the mail log below
            LOG.debug("pop3 login of {} failed temporarily: {}", MailLog.clean(login), error.toString());
        } else if (error instanceof RejectedExecutionException) {
            LOG.warn("pop3 login of {} failed temporarily: {}", MailLog.clean(login), error.toString());
        } else {
            LOG.error("pop3 login of {} failed", MailLog.clean(login), error);
        }
        MailLog.session(Pop3Session.PROTOCOL, "login failed", s.channel().remoteAddress(),
                "user=" + login + " reason=temporary");
        s.reply(Pop3Reply.err(ResponseCode.SYS_TEMP, "authentication service unavailable, try again later"));
    }

    private static void lockAndOpen(Pop3Session s, User user, String method) {
        String key = user.dn() == null || user.dn().isEmpty() ? user.mail() : user.dn();
        Optional<MaildropLocks.Lock> lock = s.locks().tryLock(key);
        if (lock.isEmpty()) {
            MailLog.session(Pop3Session.PROTOCOL, "login failed", s.channel().remoteAddress(),
                    "user=" + user.uid() + " reason=in-use");
            s.reply(Pop3Reply.err(ResponseCode.IN_USE, "maildrop already locked by another session"));
            return;
        }
        // The session owns the lock from here: a disconnect during the open releases it.
        s.holdLock(lock.get());
        s.runBlocking(() -> {
            Folder inbox = s.store().open(user).inbox();
            return new Maildrop(inbox, inbox.sync());
        }, (maildrop, error) -> {
            if (error != null) {
                LOG.error("pop3 cannot open the maildrop of {}", user.uid(), error);
                s.releaseLock();
                s.reply(Pop3Reply.err(ResponseCode.SYS_TEMP, "unable to open the maildrop, try again later"));
                return;
            }
            s.loggedIn(user, lock.get(), maildrop);
            s.context().loginThrottle().success(s.clientAddress());
            MailLog.session(Pop3Session.PROTOCOL, "login", s.channel().remoteAddress(),
                    "user=" + user.uid() + " method=" + method + " messages=" + maildrop.count());
            s.reply(Pop3Reply.ok("maildrop has " + maildrop.count() + " messages (" + maildrop.size() + " octets)"));
        });
    }
}
