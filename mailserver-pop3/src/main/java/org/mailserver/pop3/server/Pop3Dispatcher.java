package org.mailserver.pop3.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.mailserver.core.log.MailLog;
import org.mailserver.core.transport.LineDecoder;
import org.mailserver.core.transport.ShutdownRequested;
import org.mailserver.pop3.grammar.Pop3Command;
import org.mailserver.pop3.grammar.Pop3Parser;
import org.mailserver.pop3.grammar.Pop3Reply;
import org.mailserver.pop3.grammar.Pop3SyntaxException;
import org.mailserver.pop3.grammar.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a POP3 pipeline: greets, takes lines from {@link LineDecoder}, and runs them
 * one at a time through {@link CommandTable}. Lines that arrive while a command is in progress
 * (pipelining, RFC 2449 6.6) wait in a queue, in order; reading stops until the command is done.
 *
 * <p>The queue holds at most what one read decoded: reading stops while a command runs, while lines
 * wait, and while the client does not read its replies (the channel is not writable), so a client
 * that pipelines megabytes without reading fills neither the queue nor the outbound buffer.
 */
final class Pop3Dispatcher extends ChannelInboundHandlerAdapter {
    static final int MAX_BAD_COMMANDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(Pop3Dispatcher.class);

    private final Pop3Session session;
    private final Queue<Object> input = new ArrayDeque<>();
    private boolean started;
    private boolean draining;
    private boolean closeWhenIdle;

    Pop3Dispatcher(Pop3Session session) {
        this.session = session;
        session.onResume(this::drain);
    }

    /** Lines received but not processed yet; STLS drops them (RFC 2595 4, as RFC 3207 4.2). */
    void discardQueued() {
        input.clear();
    }

    /**
     * Greets. Only here: the transport's connection limiter refuses a connection by not passing
     * channelActive on, and such a client must not see a greeting.
     */
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        started = true;
        MailLog.session(Pop3Session.PROTOCOL, "connect", ctx.channel().remoteAddress(), null);
        ctx.writeAndFlush(Pop3Reply.ok(session.context().hostname() + " POP3 server ready"));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!started) {
            return; // refused by the connection limiter; the channel is closing
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
            session.close();
            return;
        }
        // RFC 2449 6.6 pipelining: keep order and give back-pressure by not reading while busy,
        // and by answering nothing more while the client leaves earlier answers unread.
        session.channel().config().setAutoRead(!session.busy() && input.isEmpty() && session.channel().isWritable());
    }

    /** The client has read enough of the earlier answers: the queued commands go on. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (started && ctx.channel().isWritable()) {
            drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void process(Object msg) {
        Consumer<Object> continuation = session.takeContinuation();
        if (continuation != null) {
            continuation.accept(msg);
            return;
        }
        if (msg == LineDecoder.TOO_LONG) {
            bad("line too long");
            return;
        }
        Pop3Command command;
        try {
            command = Pop3Parser.parse((String) msg);
        } catch (Pop3SyntaxException e) {
            bad(e.getMessage());
            return;
        }
        CommandHandler<Pop3Command> handler = CommandTable.handler(command);
        if (!handler.states().contains(session.state())) {
            session.reply(Pop3Reply.err("command not valid in this state"));
            return;
        }
        handler.handle(session, command);
    }

    private void bad(String text) {
        if (session.badCommand() >= MAX_BAD_COMMANDS) {
            session.replyAndClose(Pop3Reply.err(text + "; too many bad commands, closing"));
        } else {
            session.reply(Pop3Reply.err(text));
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            long quiet = System.nanoTime() - session.lastProgressNanos();
            // A slow client reading a big RETR sends nothing but is not idle while data moves.
            if (session.busy() && quiet < session.listener().idleTimeout().toNanos()) {
                return;
            }
            MailLog.session(Pop3Session.PROTOCOL, "timeout", ctx.channel().remoteAddress(),
                    "after=" + TimeUnit.NANOSECONDS.toSeconds(quiet) + "s");
            // RFC 1939 3: autologout timer; nothing is deleted (no UPDATE state).
            session.replyAndClose(Pop3Reply.err(ResponseCode.SYS_TEMP, "autologout: idle too long"));
        } else if (evt instanceof ShutdownRequested) {
            if (session.busy()) {
                closeWhenIdle = true;
            } else {
                session.close();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        input.clear();
        if (started) {
            session.closed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("pop3 connection {} failed", MailLog.client(ctx.channel().remoteAddress()), cause);
        MailLog.session(Pop3Session.PROTOCOL, "error", ctx.channel().remoteAddress(), String.valueOf(cause.getMessage()));
        session.close();
    }
}
