package org.mailserver.smtp.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.mailserver.core.auth.InvalidSaslResponseException;
import org.mailserver.core.auth.LoginLog;
import org.mailserver.core.auth.LoginThrottle;
import org.mailserver.core.auth.SaslBase64;
import org.mailserver.core.auth.SaslCredentials;
import org.mailserver.core.auth.SaslExchange;
import org.mailserver.core.directory.AuthResult;
import org.mailserver.core.log.MailLog;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.Reply;
import org.mailserver.smtp.grammar.SmtpCommand;

/**
 * AUTH (RFC 4954) with PLAIN (RFC 4616) and LOGIN, over TLS only. Call order: {@link #handle} for
 * the command; while {@link SmtpSession#sasl} is set, every input line goes to {@link #response}
 * instead of the command parser. Credentials are checked off the event loop; a failure is answered
 * after the {@link LoginThrottle} delay, scheduled on the loop, never slept; an address or login name
 * the throttle has locked out gets {@code 454 4.7.0} at once, without asking the directory.
 * The password is never logged and is cleared once the directory has seen it.
 */
final class AuthHandler {
    static final Reply SUCCESS = Reply.of(235, new EnhancedStatus(2, 7, 0), "Authentication successful");
    static final Reply FAILED = Reply.of(535, new EnhancedStatus(5, 7, 8), "Authentication credentials invalid");
    static final Reply TEMPORARY = Reply.of(454, EnhancedStatus.POLICY_TEMP, "Temporary authentication failure");
    /** RFC 4954 6: 454 4.7.0 is the temporary failure; the client keeps its password and retries later. */
    static final Reply LOCKED = Reply.of(454, EnhancedStatus.POLICY_TEMP,
            "Too many failed authentications, try again later");
    static final Reply ENCRYPTION_REQUIRED = Reply.of(538, new EnhancedStatus(5, 7, 11),
            "Encryption required for requested authentication mechanism");

    private AuthHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.Auth auth) {
        if (s.config.dialect() != Dialect.ESMTP) {
            s.error(Reply.of(502, EnhancedStatus.INVALID_COMMAND, "Command not implemented"));
        } else if (!s.info.extended()) {
            s.error(Reply.of(503, EnhancedStatus.INVALID_COMMAND, "Bad sequence of commands: send EHLO first"));
        } else if (!s.info.tls()) {
            s.error(ENCRYPTION_REQUIRED); // RFC 4954 6, RFC 8314 3
        } else if (s.info.authenticated() != null) {
            s.error(Reply.of(503, EnhancedStatus.INVALID_COMMAND, "Already authenticated")); // RFC 4954 4
        } else if (s.state == SmtpSession.State.MAIL) {
            s.error(Reply.of(503, EnhancedStatus.INVALID_COMMAND, "Mail transaction in progress")); // RFC 4954 4
        } else {
            Optional<SaslExchange> ex = SaslExchange.start(auth.mechanism());
            if (ex.isEmpty()) {
                s.error(Reply.of(504, EnhancedStatus.BAD_PARAMETER, "Unrecognized authentication type"));
            } else if (auth.initialResponse() == null) {
                challenge(s, ex.get(), ex.get().initialChallenge());
            } else {
                step(s, ex.get(), auth.initialResponse(), true);
            }
        }
    }

    /** One client line of a running exchange. */
    static void response(SmtpSession s, String line) {
        SaslExchange ex = s.sasl;
        s.sasl(null);
        if (line.equals("*")) {
            s.error(Reply.of(501, new EnhancedStatus(5, 0, 0), "Authentication cancelled")); // RFC 4954 4
        } else {
            step(s, ex, line, false);
        }
    }

    private static void step(SmtpSession s, SaslExchange ex, String text, boolean initial) {
        SaslExchange.Step step;
        try {
            byte[] data = initial ? SaslBase64.decodeInitialResponse(text) : SaslBase64.decode(text);
            step = ex.step(data);
        } catch (InvalidSaslResponseException e) {
            // RFC 4954 4: a response that cannot be decoded is 501; no credentials were tried
            s.error(Reply.of(501, EnhancedStatus.SYNTAX, "Invalid authentication response"));
            return;
        }
        if (step instanceof SaslExchange.Step.Challenge c) {
            challenge(s, ex, c.data());
        } else {
            verify(s, ex.mechanism(), ((SaslExchange.Step.Complete) step).credentials());
        }
    }

    private static void challenge(SmtpSession s, SaslExchange ex, byte[] data) {
        s.sasl(ex);
        s.reply(Reply.of(334, null, SaslBase64.encode(data))); // RFC 4954 4: "334 SP [base64]"
    }

    private static void verify(SmtpSession s, String mechanism, SaslCredentials credentials) {
        String login = credentials.authcid();
        InetAddress address = s.info.client() == null ? null : s.info.client().getAddress();
        LoginThrottle.Lock lock = address == null ? null : s.server.loginThrottle().locked(address, login);
        if (lock != null) {
            // Refused before the directory sees the password, so a guess made now confirms nothing;
            // counted as an error, so a client hammering on one connection is disconnected.
            credentials.clear();
            LoginLog.refused(s.protocol(), s.ctx.channel().remoteAddress(), login, lock, s.metrics);
            s.error(LOCKED);
            return;
        }
        s.offLoop(() -> {
            try {
                return s.server.directory().authenticate(login, credentials.password());
            } finally {
                credentials.clear();
            }
        }, (result, e) -> {
            InetAddress client = s.info.client() == null ? null : s.info.client().getAddress();
            if (e != null) {
                s.metrics.loginTemporaryFailure();
                MailLog.session(s.protocol(), "auth", s.ctx.channel().remoteAddress(),
                        "user=" + login + " mechanism=" + mechanism + " result=tempfail (" + e + ")");
                s.reply(TEMPORARY); // RFC 4954 6: 454 4.7.0, the directory is down
            } else if (result instanceof AuthResult.Success ok) {
                s.metrics.loginSucceeded();
                s.authUser = ok.user();
                s.info = s.info.withAuthenticated(ok.user().uid());
                s.newTransaction(null);
                if (client != null) {
                    s.server.loginThrottle().success(client);
                }
                MailLog.session(s.protocol(), "auth", s.ctx.channel().remoteAddress(),
                        "user=" + ok.user().uid() + " mechanism=" + mechanism + " result=ok");
                s.reply(SUCCESS);
            } else {
                s.metrics.loginFailed();
                MailLog.session(s.protocol(), "auth", s.ctx.channel().remoteAddress(),
                        "user=" + login + " mechanism=" + mechanism + " result=failed");
                Duration delay = Duration.ZERO;
                if (client != null) {
                    LoginThrottle throttle = s.server.loginThrottle();
                    LoginThrottle.Failure failure = throttle.failure(client, login);
                    delay = failure.delay();
                    LoginLog.locked(s.protocol(), s.ctx.channel().remoteAddress(), login, failure, throttle.limits(),
                            s.metrics);
                }
                s.await(later(s, delay), (v, e2) -> s.error(FAILED));
            }
        });
    }

    /** Completes after {@code delay} on the channel's event loop (the brute-force brake). */
    private static CompletableFuture<Void> later(SmtpSession s, Duration delay) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        s.ctx.executor().schedule(() -> f.complete(null), delay.toMillis(), TimeUnit.MILLISECONDS);
        return f;
    }
}
