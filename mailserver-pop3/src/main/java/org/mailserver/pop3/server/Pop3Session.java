package org.mailserver.pop3.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCounted;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.mailserver.core.directory.User;
import org.mailserver.core.log.MailLog;
import org.mailserver.core.transport.LineDecoder;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.ServerContext;
import org.mailserver.pop3.grammar.Pop3Reply;
import org.mailserver.store.MailStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one POP3 connection and what command handlers may do with it.
 *
 * <p>Threading: every method runs on the channel's event loop. Blocking work goes through
 * {@link #runBlocking}, whose callback comes back on the loop and only while the connection is open.
 *
 * <p>Call order: the dispatcher marks the session busy and calls one handler; the handler ends the
 * command with {@link #reply}, {@link #finish} or {@link #replyAndClose}, at once or from a callback.
 * Until then no further input is processed and the channel does not read (auto-read off).
 */
final class Pop3Session {
    static final String PROTOCOL = "pop3";
    /**
     * Longest SASL response line, CRLF included. RFC 5034 4: the 255-octet limit is for commands;
     * a response in an AUTH exchange may be longer (a long password, a future mechanism's token).
     */
    static final int SASL_LINE_LIMIT = 8 * 1024;
    private static final long CLOSE_RETRY_MILLIS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(Pop3Session.class);

    private final Channel channel;
    private final ServerContext context;
    private final MailStore store;
    private final MaildropLocks locks;
    private final ListenerConfig listener;
    private final boolean plaintextAuth;

    private Pop3State state = Pop3State.AUTHORIZATION;
    private String pendingUser;
    private User user;
    private Maildrop maildrop;
    private MaildropLocks.Lock lock;
    private Consumer<Object> continuation;
    private Runnable resume = () -> { };
    private boolean busy;
    private boolean closing;
    private boolean updating;
    private boolean disconnected;
    private int badCommands;
    private int retrieved;
    private int expunged;
    private long lastProgressNanos = System.nanoTime();

    Pop3Session(Channel channel, ServerContext context, MailStore store, MaildropLocks locks,
                ListenerConfig listener, boolean plaintextAuth) {
        this.channel = channel;
        this.context = context;
        this.store = store;
        this.locks = locks;
        this.listener = listener;
        this.plaintextAuth = plaintextAuth;
    }

    Channel channel() { return channel; }
    ServerContext context() { return context; }
    MailStore store() { return store; }
    MaildropLocks locks() { return locks; }
    ListenerConfig listener() { return listener; }
    Pop3State state() { return state; }
    void state(Pop3State s) { state = s; }
    String pendingUser() { return pendingUser; }
    void pendingUser(String name) { pendingUser = name; }
    User user() { return user; }
    Maildrop maildrop() { return maildrop; }
    boolean busy() { return busy; }
    boolean closing() { return closing || !channel.isActive(); }
    int badCommand() { return ++badCommands; }
    void retrieved() { retrieved++; }
    void expunged(int n) { expunged += n; }
    void progress() { lastProgressNanos = System.nanoTime(); }
    long lastProgressNanos() { return lastProgressNanos; }
    void onResume(Runnable r) { resume = r; }

    /** Under TLS, implicit (pop3s) or after STLS. */
    boolean tls() {
        return listener.implicitTls() || channel.pipeline().get(SslHandler.class) != null;
    }

    /**
     * Whether USER/PASS and AUTH may be used now: under TLS, from a loopback address, or when
     * {@code auth.plaintext} allows it (RFC 8314 4.1, RFC 2595 2.1; as IMAP's LOGINDISABLED rule).
     */
    boolean loginAllowed() {
        return tls() || clientAddress().isLoopbackAddress() || plaintextAuth;
    }

    /** The client's address for the login throttle. */
    InetAddress clientAddress() {
        return channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress() : InetAddress.getLoopbackAddress();
    }

    /** Login succeeded: the maildrop is locked and listed. */
    void loggedIn(User u, MaildropLocks.Lock l, Maildrop m) {
        user = u;
        lock = l;
        maildrop = m;
        state = Pop3State.TRANSACTION;
    }

    /** Holds the maildrop lock while the maildrop is opened; {@link #closed()} releases it. */
    void holdLock(MaildropLocks.Lock l) {
        lock = l;
    }

    void releaseLock() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    /** Marks a command as in progress; called by the dispatcher only. */
    void begin() {
        busy = true;
    }

    /**
     * The next input line goes to {@code c} instead of the parser (a SASL response), and may be up to
     * {@link #SASL_LINE_LIMIT} octets long.
     */
    void expectContinuation(Consumer<Object> c) {
        continuation = c;
        lineLimit(Math.max(SASL_LINE_LIMIT, listener.maxLineLength()));
    }

    /** The pending continuation, if any; taking it puts the command line limit back. */
    Consumer<Object> takeContinuation() {
        Consumer<Object> c = continuation;
        continuation = null;
        if (c != null) {
            lineLimit(listener.maxLineLength());
        }
        return c;
    }

    private void lineLimit(int octets) {
        LineDecoder decoder = channel.pipeline().get(LineDecoder.class);
        if (decoder != null) {
            decoder.setMaxLength(octets);
        }
    }

    /** Writes without ending the command (a +OK before a message body, a SASL challenge). */
    void write(Object reply) {
        channel.write(reply);
    }

    /** Ends the command with this reply. */
    void reply(Pop3Reply reply) {
        write(reply);
        finish();
    }

    /** Ends the command; the next pipelined input is processed. */
    void finish() {
        busy = false;
        resume.run();
    }

    /** Ends the command and the connection: the reply is flushed, then the channel is closed. */
    void replyAndClose(Pop3Reply reply) {
        closing = true;
        busy = false;
        continuation = null;
        channel.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }

    void close() {
        closing = true;
        channel.flush();
        channel.close();
    }

    /**
     * Runs blocking work on the shared executor; {@code then} gets the result or failure on the
     * event loop, unless the connection has closed meanwhile: then the result is released.
     */
    <T> void runBlocking(Callable<T> task, BiConsumer<T, Throwable> then) {
        context.executor().run(task, channel.eventLoop(), (value, error) -> {
            if (!channel.isActive()) {
                discard(value);
                return;
            }
            then.accept(value, error);
        });
    }

    /**
     * QUIT in TRANSACTION: the UPDATE state begins, and the maildrop stays locked until
     * {@link #endUpdate} even if the client goes away meanwhile (RFC 1939 6: the lock is released
     * after the messages are removed).
     */
    void beginUpdate() {
        state = Pop3State.UPDATE;
        updating = true;
    }

    /** The removal of QUIT is over, done or failed: releases the lock; ends a session already gone. */
    void endUpdate(int removed) {
        updating = false;
        expunged += removed;
        releaseLock();
        if (disconnected) {
            logDisconnect();
        }
    }

    /** Called once when the connection has gone, however it went. Nothing is deleted here. */
    void closed() {
        closing = true;
        disconnected = true;
        if (!updating) {
            releaseLock();
            logDisconnect();
        }
    }

    private void logDisconnect() {
        String detail = (user == null ? "" : "user=" + user.uid() + " ") + "retr=" + retrieved + " dele=" + expunged;
        MailLog.session(PROTOCOL, "disconnect", channel.remoteAddress(), detail);
    }

    /**
     * Closes a message file on the blocking executor: closing a file is file I/O too, which the
     * event loop never does. A full executor delays the close a little; it never skips it.
     */
    void closeOffLoop(AutoCloseable c) {
        context.executor().submit(() -> {
            c.close();
            return null;
        }).whenComplete((ignored, error) -> {
            if (error instanceof java.util.concurrent.RejectedExecutionException) {
                channel.eventLoop().schedule(() -> closeOffLoop(c), CLOSE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } else if (error != null) {
                LOG.debug("closing a message file failed", error);
            }
        });
    }

    private void discard(Object value) {
        if (value instanceof ReferenceCounted r) {
            r.release();
        } else if (value instanceof java.io.Closeable file) {
            closeOffLoop(file); // a message file opened for a client that has gone
        } else if (value instanceof AutoCloseable c) {
            try {
                c.close(); // a chunk of a message: releases its buffer
            } catch (Exception ignored) {
                // nothing to do for a result nobody wants
            }
        }
    }
}
