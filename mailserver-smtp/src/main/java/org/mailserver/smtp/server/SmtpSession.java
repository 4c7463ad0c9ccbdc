package org.mailserver.smtp.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import org.mailserver.core.auth.SaslExchange;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.delivery.OutboundQueue;
import org.mailserver.core.directory.User;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.log.MailLog;
import org.mailserver.core.metrics.ProtocolMetrics;
import org.mailserver.core.transport.LineDecoder;
import org.mailserver.core.transport.ServerContext;
import org.mailserver.core.transport.ShutdownRequested;
import org.mailserver.smtp.grammar.CommandParser;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.Reply;
import org.mailserver.smtp.grammar.SmtpCommand;

/**
 * One SMTP or LMTP connection: an enum state, one {@link Transaction} at a time, and one handler
 * per verb. Input comes from {@link SmtpDecoder}: command lines, {@link LineDecoder#TOO_LONG},
 * {@link DataChunk}s and a {@link DataEnd}.
 *
 * <p>Threading: every method runs on the channel's event loop. Work that blocks (directory lookups,
 * spool writes, delivery, hooks) goes to the {@link org.mailserver.core.exec.BlockingExecutor}
 * through {@link #offLoop}/{@link #await}: the decoder is paused and auto-read turned off until the
 * result is back on the loop, so pipelined commands (RFC 2920) are handled one by one, in order,
 * and a slow disk slows the client down instead of filling the heap. Reading also stops while the
 * channel is not writable: a client that pipelines commands and never reads the replies would
 * otherwise make the server queue replies in the heap without bound.
 *
 * <p>Ending: QUIT (after a 554 greeting, the only command served: RFC 5321 3.1); a {@link ShutdownRequested} (421 4.3.2, at once between commands, else after the
 * command in progress, DATA included); an {@link IdleStateEvent} (421 4.4.2); too many errors (421
 * 4.7.0). A last reply the client does not read is given up at the next idle event: the channel is
 * closed without it.
 */
public final class SmtpSession extends ChannelInboundHandlerAdapter {
    enum State { GREETED, READY, MAIL, DATA, CLOSED }

    final ServerContext server;
    final SmtpServerConfig config;
    final SmtpDecoder decoder;
    final SmtpHooks hooks;
    final RecipientCheck recipientCheck;
    final DeliveryStep deliveryStep;
    final SmtpDeliveryStep smtpDeliveryStep;
    final Clock clock;
    /** The listener's role for SMTP; null for LMTP. */
    final SmtpRole role;
    /** Logins and messages received, under the listener's name ({@code smtp}, {@code submission}) or lmtp. */
    final ProtocolMetrics metrics;
    ChannelHandlerContext ctx;
    State state = State.GREETED;
    SessionInfo info;
    Transaction tx;
    /** The user of a successful AUTH (RFC 4954), null before it. */
    User authUser;
    /** A running AUTH exchange: the next line is a SASL response, not a command. Set by {@link #sasl}. */
    SaslExchange sasl;
    /** BDAT (RFC 3030): the reply owed for the chunk being read when it is refused, its kind, LAST. */
    Reply chunkRefusal;
    boolean chunkRefusalCounts;
    boolean chunkLast;
    private int errors;
    /** The connect hook refused with 554: only QUIT is served now (RFC 5321 3.1). */
    private boolean refusedAtGreeting;
    private boolean busy;
    private boolean shutdownRequested;
    private boolean writeBlocked;

    public SmtpSession(ServerContext server, LocalDelivery delivery, SmtpServerConfig config, SmtpHooks hooks,
                       SmtpDecoder decoder) {
        this(server, delivery, null, config, config.dialect() == Dialect.ESMTP ? SmtpRole.MX : null, hooks, decoder,
                Clock.systemDefaultZone());
    }

    /** SMTP in one of its roles; {@code queue} takes relayed, forwarded and retried copies. */
    public SmtpSession(ServerContext server, LocalDelivery delivery, OutboundQueue queue, SmtpServerConfig config,
                       SmtpRole role, SmtpHooks hooks, SmtpDecoder decoder) {
        this(server, delivery, queue, config, role, hooks, decoder, Clock.systemDefaultZone());
    }

    SmtpSession(ServerContext server, LocalDelivery delivery, SmtpServerConfig config, SmtpHooks hooks,
                SmtpDecoder decoder, Clock clock) {
        this(server, delivery, null, config, config.dialect() == Dialect.ESMTP ? SmtpRole.MX : null, hooks, decoder,
                clock);
    }

    SmtpSession(ServerContext server, LocalDelivery delivery, OutboundQueue queue, SmtpServerConfig config,
                SmtpRole role, SmtpHooks hooks, SmtpDecoder decoder, Clock clock) {
        this.server = server;
        this.config = config;
        this.decoder = decoder;
        this.hooks = hooks;
        this.clock = clock;
        this.role = role;
        this.metrics = server.metrics().protocol(role == null ? config.dialect().logName() : role.listenerName());
        this.recipientCheck = new RecipientCheck(server.localDomains(), server.directory(), delivery, hooks,
                server.metrics().rejections());
        this.deliveryStep = new DeliveryStep(server.hostname(), config.dialect(), delivery, hooks, clock);
        AutoReply autoReply = queue == null ? null
                : new AutoReply(config.stateDir(), server.hostname(), queue, server.localDomains(), clock);
        this.smtpDeliveryStep = new SmtpDeliveryStep(server.hostname(), server.localDomains(), delivery, queue, hooks,
                autoReply, clock);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        InetSocketAddress client = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a : null;
        info = new SessionInfo(client, null, false, ctx.pipeline().get(SslHandler.class) != null);
        MailLog.session(protocol(), "connect", ctx.channel().remoteAddress(), null);
        Reply greeting = Reply.of(220, null, server.hostname() + " " + config.dialect().banner() + " ready");
        if (!hooks.checks(Stage.CONNECT)) {
            ctx.writeAndFlush(greeting);
            return;
        }
        offLoop(() -> hooks.connect(info), (v, e) -> {
            Reply refusal = e != null ? Replies.LOCAL_ERROR : HelloHandler.refusal(v);
            if (refusal == null) {
                reply(greeting);
            } else if (refusal.isTransient()) { // RFC 5321 4.3.2: a greeting is 220 or 554, and 421 may come at any time
                close(new Reply(421, refusal.status(), refusal.lines()));
            } else {
                // RFC 5321 3.1: after a 554 greeting the server waits for QUIT, answering 503 to the rest
                MailLog.session(protocol(), "reject", ctx.channel().remoteAddress(), "at connect: " + refusal.summary());
                refusedAtGreeting = true;
                reply(new Reply(554, refusal.status(), refusal.lines()));
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (state == State.CLOSED) {
                return;
            }
            if (msg instanceof String line && sasl != null) {
                AuthHandler.response(this, line);
            } else if (msg instanceof String line) {
                command(CommandParser.parse(line));
            } else if (msg == LineDecoder.TOO_LONG && sasl != null) {
                sasl(null);
                error(Reply.of(500, new EnhancedStatus(5, 5, 6), "Authentication exchange line is too long")); // RFC 4954 4
            } else if (msg == LineDecoder.TOO_LONG) {
                error(Replies.LINE_TOO_LONG); // RFC 5321 4.5.3.1.4
            } else if (msg instanceof DataChunk chunk) {
                DataHandler.chunk(this, chunk.content());
            } else if (msg instanceof DataEnd end) {
                DataHandler.end(this, end);
            } else if (msg instanceof ChunkEnd) {
                BdatHandler.end(this);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (!busy && state != State.CLOSED) {
            holdInput();
        }
    }

    private void command(SmtpCommand c) {
        Dialect d = config.dialect();
        if (refusedAtGreeting && !(c instanceof SmtpCommand.Quit)) {
            error(Reply.of(503, EnhancedStatus.INVALID_COMMAND, "Bad sequence of commands: service refused, send QUIT"));
        } else if (c instanceof SmtpCommand.Invalid i) {
            error(i.reply());
        } else if (c instanceof SmtpCommand.Lhlo h) {
            HelloHandler.handle(this, h.domain(), true, d == Dialect.LMTP);
        } else if (c instanceof SmtpCommand.Ehlo h) {
            HelloHandler.handle(this, h.domain(), true, d == Dialect.ESMTP);
        } else if (c instanceof SmtpCommand.Helo h) {
            HelloHandler.handle(this, h.domain(), false, d == Dialect.ESMTP);
        } else if (c instanceof SmtpCommand.Mail m) {
            MailHandler.handle(this, m);
        } else if (c instanceof SmtpCommand.Rcpt r) {
            RcptHandler.handle(this, r);
        } else if (c instanceof SmtpCommand.Data) {
            DataHandler.start(this);
        } else if (c instanceof SmtpCommand.Bdat b) {
            BdatHandler.handle(this, b);
        } else if (c instanceof SmtpCommand.Auth a) {
            AuthHandler.handle(this, a);
        } else if (c instanceof SmtpCommand.StartTls) {
            StartTlsHandler.handle(this);
        } else if (c instanceof SmtpCommand.Rset) {
            newTransaction(null);
            if (state != State.GREETED) {
                state = State.READY;
            }
            reply(Replies.OK);
        } else if (c instanceof SmtpCommand.Noop) {
            reply(Replies.OK);
        } else if (c instanceof SmtpCommand.Vrfy) {
            reply(Replies.VRFY); // RFC 5321 3.5.3: no user enumeration
        } else if (c instanceof SmtpCommand.Help) {
            reply(Replies.HELP);
        } else if (c instanceof SmtpCommand.Quit) {
            close(Replies.BYE);
        }
    }

    /**
     * Starts ({@code exchange} non-null, after a 334) or ends an AUTH exchange; its response lines
     * may be longer than commands (RFC 4954 4: 12288 octets), so the decoder's limit follows.
     */
    void sasl(SaslExchange exchange) {
        sasl = exchange;
        decoder.saslResponses(exchange != null);
    }

    /** Replaces the transaction whole, deleting the old one's spool. */
    void newTransaction(Transaction next) {
        if (tx != null && tx != next) {
            tx.discard();
        }
        tx = next;
    }

    String protocol() {
        return config.dialect().logName();
    }

    /** Queues a reply; it is flushed when the input read so far is handled or before going off-loop. */
    void reply(Reply r) {
        ctx.write(r);
    }

    /** A protocol error: replies, and closes the session with 421 after too many. */
    void error(Reply r) {
        reply(r);
        if (++errors >= config.maxErrors()) {
            close(Reply.of(421, EnhancedStatus.POLICY_TEMP, server.hostname() + " Too many errors, closing"));
        }
    }

    /** Sends a last reply and closes; nothing after it is read. */
    void close(Reply last) {
        state = State.CLOSED;
        ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
    }

    /** Runs {@code task} on the blocking executor; {@code then} gets its result on the event loop. */
    <T> void offLoop(Callable<T> task, BiConsumer<T, Throwable> then) {
        await(server.executor().submit(task), then);
    }

    /** Stops reading until {@code work} completes, then runs {@code then} on the event loop and reads on. */
    <T> void await(CompletableFuture<T> work, BiConsumer<T, Throwable> then) {
        busy = true;
        decoder.pause();
        ctx.channel().config().setAutoRead(false);
        ctx.flush();
        EventExecutor loop = ctx.executor();
        work.whenComplete((v, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (loop.inEventLoop()) {
                completed(v, cause, then);
            } else {
                loop.execute(() -> completed(v, cause, then));
            }
        });
    }

    private <T> void completed(T value, Throwable cause, BiConsumer<T, Throwable> then) {
        busy = false;
        if (state == State.CLOSED) {
            newTransaction(null); // the connection went away while this ran: its spool can go now
            return;
        }
        then.accept(value, cause);
        if (busy || state == State.CLOSED || holdInput()) {
            return; // the continuation went off the loop again, or ended the session, or must wait
        }
        readOn();
    }

    /**
     * After a command was answered on the loop: closes when a shutdown waits for it, or stops
     * reading while the client is not reading its replies. True when input must not go on now.
     */
    private boolean holdInput() {
        if (shutdownRequested && state != State.DATA) {
            close(shutdownReply()); // also after a DATA answered on the loop (refused, too big)
            return true;
        }
        if (!ctx.channel().isWritable()) {
            writeBlocked = true; // channelWritabilityChanged reads on once the replies drain
            decoder.pause();
            ctx.channel().config().setAutoRead(false);
            ctx.flush();
            return true;
        }
        return false;
    }

    private void readOn() {
        ctx.channel().config().setAutoRead(true);
        decoder.resume();
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (writeBlocked && ctx.channel().isWritable()) {
            writeBlocked = false;
            if (!busy && state != State.CLOSED) {
                readOn();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (state == State.CLOSED) {
                ctx.close(); // the last reply has not gone out in a whole idle period: the client does not read
            } else if (!busy) { // a slow command of ours is not the client's idleness
                MailLog.session(protocol(), "timeout", ctx.channel().remoteAddress(), null);
                close(Reply.of(421, EnhancedStatus.NETWORK_TIMEOUT, server.hostname() + " Error: timeout exceeded"));
            }
        } else if (evt instanceof SslHandshakeCompletionEvent hs) {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            if (hs.isSuccess() && tls != null && info != null) {
                // for the Received header (RFC 5321 4.4); SSLSession getters only read what the handshake set
                javax.net.ssl.SSLSession ssl = tls.engine().getSession();
                info = info.withTlsDetails(TraceHeaders.tlsDetails(ssl.getProtocol(), ssl.getCipherSuite()));
            }
            super.userEventTriggered(ctx, evt);
        } else if (evt instanceof ShutdownRequested) {
            shutdownRequested = true;
            if (!busy && state != State.DATA && state != State.CLOSED) {
                close(shutdownReply());
            }
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    private Reply shutdownReply() {
        return Reply.of(421, EnhancedStatus.SYSTEM_SHUTDOWN, server.hostname() + " Service shutting down, closing");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSED;
        if (!busy) {
            newTransaction(null); // else the running delivery may still read the spool; completed() discards it
        }
        MailLog.session(protocol(), "disconnect", ctx.channel().remoteAddress(), errors > 0 ? "errors=" + errors : null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        MailLog.session(protocol(), "error", ctx.channel().remoteAddress(), String.valueOf(cause.getMessage()));
        state = State.CLOSED;
        ctx.close();
    }
}
