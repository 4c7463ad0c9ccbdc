package org.mailserver.imap.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCounted;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.mailserver.core.delivery.SpooledMessage;
import org.mailserver.core.directory.User;
import org.mailserver.core.log.MailLog;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.ServerContext;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.store.MailStore;
import org.mailserver.store.UserMailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one IMAP connection and what processors may do with it.
 *
 * <p>Threading: every method runs on the channel's event loop, except where a method says otherwise.
 * Blocking work goes through {@link #runBlocking}, whose callback comes back on the loop and only
 * while the connection is open.
 *
 * <p>Call order: the dispatcher marks the session busy and calls one processor; the processor ends
 * the command with {@link #complete}, {@link #no} or {@link #bad}, at once or from a callback. Until
 * then no further input is processed and the channel does not read (auto-read off). A command that
 * waits for more client lines (AUTHENTICATE, IDLE) registers a {@link #expectContinuation} and ends
 * its processing step with {@link #await()}.
 */
final class ImapSession {
    static final String PROTOCOL = "imap";
    private static final Logger LOG = LoggerFactory.getLogger(ImapSession.class);

    private final Channel channel;
    private final ServerContext context;
    private final MailStore store;
    private final ImapConfig config;
    private final ListenerConfig listener;
    private final RecentTracker recentTracker;
    private final ScanTimes scanTimes;
    private final Set<String> enabled = new HashSet<>();

    private ImapState state = ImapState.NOT_AUTHENTICATED;
    private User user;
    private UserMailbox mailbox;
    private SelectedMailbox selected;
    private Consumer<ImapFrame> continuation;
    private Runnable resume = () -> { };
    private Runnable onShutdown;
    private boolean busy;
    private boolean closing;
    private int badCommands;
    private long lastProgressNanos = System.nanoTime();

    ImapSession(Channel channel, ServerContext context, MailStore store, ImapConfig config, ListenerConfig listener,
                RecentTracker recentTracker, ScanTimes scanTimes) {
        this.scanTimes = scanTimes;
        this.channel = channel;
        this.context = context;
        this.store = store;
        this.config = config;
        this.listener = listener;
        this.recentTracker = recentTracker;
    }

    Channel channel() { return channel; }
    ServerContext context() { return context; }
    MailStore store() { return store; }
    ImapConfig config() { return config; }
    ListenerConfig listener() { return listener; }
    RecentTracker recentTracker() { return recentTracker; }
    ScanTimes scanTimes() { return scanTimes; }
    ImapState state() { return state; }
    User user() { return user; }
    UserMailbox mailbox() { return mailbox; }
    SelectedMailbox selected() { return selected; }
    boolean busy() { return busy; }
    boolean closing() { return closing || !channel.isActive(); }
    int badCommand() { return ++badCommands; }
    void progress() { lastProgressNanos = System.nanoTime(); }
    long lastProgressNanos() { return lastProgressNanos; }
    void onResume(Runnable r) { resume = r; }

    /** Extensions the client turned on with ENABLE (RFC 5161), upper case. */
    boolean enabled(String capability) {
        return enabled.contains(capability.toUpperCase(Locale.ROOT));
    }

    void enable(String capability) {
        enabled.add(capability.toUpperCase(Locale.ROOT));
    }

    /** How untagged updates are written, by what the client enabled (RFC 7162). */
    Reporting reporting() {
        boolean qresync = enabled("QRESYNC");
        return new Reporting(qresync, qresync || enabled("CONDSTORE"), qresync, !enabled("IMAP4REV2"));
    }

    /** Turns CONDSTORE on for the rest of the session (RFC 7162 3.1: by any CONDSTORE-enabling command). */
    void enableCondstore() {
        enable("CONDSTORE");
    }

    /** Under TLS, implicit (imaps) or after STARTTLS. */
    boolean tls() {
        return listener.implicitTls() || channel.pipeline().get(SslHandler.class) != null;
    }

    /** The client's address, for the login throttle and the plaintext rule. */
    InetAddress clientAddress() {
        return channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress() : InetAddress.getLoopbackAddress();
    }

    /**
     * Whether LOGIN and AUTHENTICATE may be used now: under TLS, from a loopback address (as Dovecot
     * counts it secure), or when plaintext is allowed by configuration (RFC 3501 6.2.3, RFC 8314 4.1).
     */
    boolean loginAllowed() {
        return tls() || clientAddress().isLoopbackAddress() || config.plaintextAuth();
    }

    /** Login succeeded. */
    void loggedIn(User u, UserMailbox m) {
        user = u;
        mailbox = m;
        state = ImapState.AUTHENTICATED;
    }

    /** A mailbox is selected; a previously selected one has been closed by the caller. */
    void select(SelectedMailbox view) {
        selected = view;
        state = ImapState.SELECTED;
    }

    /** Back to the authenticated state (CLOSE, UNSELECT, a failed SELECT). */
    void unselect() {
        if (selected != null) {
            selected.close();
            selected = null;
        }
        if (state == ImapState.SELECTED) {
            state = ImapState.AUTHENTICATED;
        }
    }

    /** Marks a command as in progress; called by the dispatcher only. */
    void begin() {
        busy = true;
    }

    /** The next client line goes to {@code c} instead of the parser (SASL responses, IDLE's DONE). */
    void expectContinuation(Consumer<ImapFrame> c) {
        continuation = c;
    }

    Consumer<ImapFrame> takeContinuation() {
        Consumer<ImapFrame> c = continuation;
        continuation = null;
        return c;
    }

    /** Lets input in while a command waits for a continuation line; the command stays open. */
    void await() {
        busy = false;
        resume.run();
    }

    /** Runs instead of the default BYE when the server shuts down during this wait (IDLE). */
    void onShutdown(Runnable r) {
        onShutdown = r;
    }

    Runnable takeOnShutdown() {
        Runnable r = onShutdown;
        onShutdown = null;
        return r;
    }

    /** Writes {@code * text}. */
    void untagged(String text) {
        channel.write("* " + text + "\r\n");
    }

    /** Writes raw response octets or text, without ending the command. */
    void write(Object data) {
        channel.write(data);
    }

    /**
     * Ends the command with {@code tag OK text}, after the untagged updates of the selected mailbox
     * (RFC 3501 7: at the end of any command; EXPUNGE only where {@link CommandTable#allowsExpunge}).
     */
    void complete(ImapCommand command, String text) {
        complete(command, text, false);
    }

    /** As {@link #complete(ImapCommand, String)}; {@code rescan} also looks for other programs' changes (NOOP, CHECK). */
    void complete(ImapCommand command, String text, boolean rescan) {
        sendUpdates(CommandTable.allowsExpunge(command), rescan,
                () -> tagged(command.tag(), "OK " + text));
    }

    /** Ends the command with {@code tag NO text}. */
    void no(ImapCommand command, String text) {
        tagged(command.tag(), "NO " + text);
    }

    /** Ends the command with {@code tag BAD text}. */
    void bad(ImapCommand command, String text) {
        tagged(command.tag(), "BAD " + text);
    }

    /** Ends the command with {@code tag text}; for a syntax error without a tag, {@code * text}. */
    void tagged(String tag, String text) {
        channel.write((tag == null ? "*" : tag) + " " + safeText(text) + "\r\n");
        finish();
    }

    /**
     * A response text that cannot be read as announcing a literal. Error texts quote client input (a
     * mailbox name, the rest of a bad line); if that ends in {@code {n}}, a client would wait for n
     * octets that never come (RFC 3501 4.3, 9: a line ending in {@code {n}} is followed by a literal).
     */
    static String safeText(String text) {
        if (!text.endsWith("}")) {
            return text;
        }
        int open = text.lastIndexOf('{');
        return open < 0 ? text : text.substring(0, open) + "(literal " + text.substring(open + 1, text.length() - 1) + ")";
    }

    /** Ends the command; the next pipelined input is processed. */
    void finish() {
        busy = false;
        resume.run();
    }

    /**
     * Sends the untagged responses for what changed in the selected mailbox since the client was last
     * told, then runs {@code then} on the event loop. Without a selected mailbox, or when nothing
     * changed and no rescan is asked for, {@code then} runs at once.
     */
    void sendUpdates(boolean allowExpunge, boolean rescan, Runnable then) {
        SelectedMailbox view = selected;
        if (view == null || (!rescan && !updatesPending(allowExpunge))) {
            then.run();
            return;
        }
        Reporting reporting = reporting();
        runBlocking(() -> view.refresh(rescan, allowExpunge, reporting), (lines, error) -> {
            if (error != null) {
                if (!(error instanceof RejectedExecutionException)) {
                    LOG.warn("imap cannot rescan {} of {}: {}", view.name(), user == null ? "?" : user.uid(), error.toString());
                }
            } else if (selected == view) {
                lines.forEach(this::untagged);
            }
            then.run();
        });
    }

    /**
     * Whether the selected mailbox has news for the client: the folder changed since the last rescan,
     * or, when EXPUNGE may be sent, a message is gone whose EXPUNGE was held back during a FETCH,
     * STORE or SEARCH (RFC 3501 7.4.1); that goes out with the next command that allows it, not only
     * once the folder changes again.
     */
    boolean updatesPending(boolean allowExpunge) {
        SelectedMailbox view = selected;
        return view != null && (view.changed() || (allowExpunge && expungePending(view)));
    }

    private static boolean expungePending(SelectedMailbox view) {
        return view.anyExpungePending();
    }

    /** Ends the command and the connection: {@code * BYE text}, flushed, then closed. */
    void bye(String text) {
        closing = true;
        busy = false;
        continuation = null;
        channel.writeAndFlush("* BYE " + safeText(text) + "\r\n").addListener(ChannelFutureListener.CLOSE);
    }

    /** Ends the command and the connection once what has been written is flushed. */
    void closeAfterFlush() {
        closing = true;
        busy = false;
        continuation = null;
        channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    void close() {
        closing = true;
        channel.flush();
        channel.close();
    }

    /**
     * Runs blocking work on the shared executor; {@code then} gets the result or failure on the event
     * loop, unless the connection has closed meanwhile: then the result is released.
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

    /** Called once when the connection has gone, however it went. */
    void closed() {
        closing = true;
        continuation = null;
        if (selected != null) {
            selected.close();
            selected = null;
        }
        MailLog.session(PROTOCOL, "disconnect", channel.remoteAddress(), user == null ? null : "user=" + user.uid());
    }

    private void discard(Object value) {
        if (value instanceof ReferenceCounted r) {
            r.release();
        } else if (value instanceof FetchPiece.Ready ready) {
            ready.data().release();
        } else if (value instanceof SpooledMessage m) {
            m.discard();
        } else if (value instanceof List<?> list) {
            list.forEach(this::discard);
        } else if (value instanceof AutoCloseable c) {
            context.executor().submit(() -> {
                c.close();
                return null;
            });
        }
    }
}
