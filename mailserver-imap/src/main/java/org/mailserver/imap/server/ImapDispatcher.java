package org.mailserver.imap.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.mailserver.core.delivery.SpooledMessage;
import org.mailserver.core.log.MailLog;
import org.mailserver.core.transport.ShutdownRequested;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.grammar.ImapParser;
import org.mailserver.imap.grammar.ImapSyntaxException;
import org.mailserver.imap.grammar.Segment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an IMAP pipeline: greets, takes framed commands from {@link ImapDecoder}, and
 * runs them one at a time through {@link CommandTable}. Commands that arrive while one is in progress
 * wait in a queue, in order; reading stops until it is done (RFC 3501 5.5: a server may execute
 * pipelined commands in order, which is always correct).
 */
final class ImapDispatcher extends ChannelInboundHandlerAdapter {
    static final int MAX_BAD_COMMANDS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(ImapDispatcher.class);

    private final ImapSession session;
    private final ImapMetrics metrics;
    private final Queue<Object> input = new ArrayDeque<>();
    private boolean started;
    private boolean draining;
    private boolean closeWhenIdle;

    ImapDispatcher(ImapSession session) {
        this.session = session;
        this.metrics = ImapMetrics.of(session.context().metrics());
        session.onResume(this::drain);
    }

    /** Commands received but not processed yet; STARTTLS drops them (RFC 3501 11.1). */
    void discardQueued() {
        input.forEach(ImapDispatcher::release);
        input.clear();
    }

    /** Greets; only here, as a connection refused by the limiter never becomes active for us. */
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        started = true;
        MailLog.session(ImapSession.PROTOCOL, "connect", ctx.channel().remoteAddress(), null);
        // RFC 3501 7.1: the CAPABILITY response code saves the client a round trip.
        ctx.writeAndFlush("* OK [CAPABILITY " + Capabilities.of(session) + "] " + session.context().hostname()
                + " IMAP4rev1 server ready\r\n");
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!started || session.closing()) {
            release(msg);
            return;
        }
        input.add(msg);
        drain();
    }

    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            Object msg;
            while (!session.busy() && !session.closing() && session.channel().isWritable()
                    && (msg = input.poll()) != null) {
                session.begin();
                session.progress();
                process(msg);
            }
        } finally {
            draining = false;
        }
        if (session.closing()) {
            return;
        }
        session.channel().flush();
        if (!session.busy() && closeWhenIdle) {
            shutdown();
            return;
        }
        ImapDecoder decoder = session.channel().pipeline().get(ImapDecoder.class);
        boolean decoderHolds = decoder != null && decoder.holdsReads();
        session.channel().config().setAutoRead(!session.busy() && input.isEmpty() && session.channel().isWritable()
                && !decoderHolds);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (started && ctx.channel().isWritable()) {
            drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void process(Object msg) {
        Consumer<ImapFrame> continuation = session.takeContinuation();
        if (continuation != null) {
            continuation.accept(msg instanceof ImapFrame frame ? frame : new ImapFrame(List.of()));
            return;
        }
        if (msg instanceof FrameError error) {
            if (error.close()) {
                session.bye(error.text());
            } else if (error.status().equals("NO")) {
                // RFC 7889 4: NO [TOOBIG]; a message too big, or one that could not be spooled, is
                // not a protocol error and does not count towards MAX_BAD_COMMANDS.
                session.tagged(error.tag(), "NO " + error.text());
            } else {
                bad(error.tag(), error.text());
            }
            return;
        }
        ImapFrame frame = (ImapFrame) msg;
        ImapCommand command;
        try {
            command = ImapParser.parse(frame.segments());
        } catch (ImapSyntaxException e) {
            release(frame);
            bad(e.tag(), e.getMessage());
            return;
        }
        if (session.enabled("IMAP4REV2")) {
            command = Utf8Names.toModifiedUtf7(command); // RFC 9051 5.1: the client's names are UTF-8
        }
        CommandTable.Entry entry = CommandTable.entry(command);
        if (entry == null) {
            release(frame);
            bad(command.tag(), command.name() + " is not supported by this server");
            return;
        }
        if (!entry.states().contains(session.state())) {
            release(frame);
            session.bad(command, command.name() + " is not valid " + stateText());
            return;
        }
        metrics.command(command);
        entry.processor().process(session, command);
    }

    private String stateText() {
        return switch (session.state()) {
            case NOT_AUTHENTICATED -> "before login";
            case AUTHENTICATED -> "without a selected mailbox";
            case SELECTED -> "with a mailbox selected";
            case LOGOUT -> "after LOGOUT";
        };
    }

    private void bad(String tag, String text) {
        if (session.badCommand() >= MAX_BAD_COMMANDS) {
            session.write((tag == null ? "*" : tag) + " BAD " + ImapSession.safeText(text) + "\r\n");
            session.bye("too many bad commands, closing");
        } else {
            session.tagged(tag, "BAD " + text);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            long quiet = System.nanoTime() - session.lastProgressNanos();
            // A slow client reading a big FETCH sends nothing but is not idle while data moves.
            if (session.busy() && quiet < session.listener().idleTimeout().toNanos()) {
                return;
            }
            MailLog.session(ImapSession.PROTOCOL, "timeout", ctx.channel().remoteAddress(),
                    "after=" + TimeUnit.NANOSECONDS.toSeconds(quiet) + "s");
            session.bye("autologout; idle for too long"); // RFC 3501 5.4
        } else if (evt instanceof ShutdownRequested) {
            if (session.busy()) {
                closeWhenIdle = true;
            } else {
                shutdown();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    private void shutdown() {
        Runnable custom = session.takeOnShutdown();
        if (custom != null) {
            custom.run();
        } else {
            session.bye("server shutting down"); // RFC 3501 7.1.5
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        discardQueued();
        if (started) {
            session.closed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("imap connection {} failed", MailLog.client(ctx.channel().remoteAddress()), cause);
        MailLog.session(ImapSession.PROTOCOL, "error", ctx.channel().remoteAddress(), String.valueOf(cause.getMessage()));
        session.close();
    }

    /** Discards the spooled APPEND message of a command that will not run. */
    private static void release(Object msg) {
        if (msg instanceof ImapFrame frame) {
            for (Segment segment : frame.segments()) {
                if (segment instanceof Segment.Message m && m.message() instanceof SpooledMessage spooled) {
                    spooled.discard();
                }
            }
        }
    }
}
