package org.mailserver.pop3.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.mailserver.core.log.MailLog;
import org.mailserver.pop3.grammar.DotStuffer;
import org.mailserver.pop3.grammar.Pop3Reply;
import org.mailserver.pop3.grammar.ResponseCode;
import org.mailserver.store.MessageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a message body for RETR and TOP without holding it in memory.
 *
 * <ol>
 *   <li>Open the file on the blocking executor; a file that is gone is a plain {@code -ERR}.</li>
 *   <li>Write the {@code +OK} line, then repeat: read and byte-stuff one chunk on the executor,
 *       write it on the event loop. The next chunk is read at once while the channel is writable,
 *       else only when this one has gone out, so a slow client holds at most about two chunks in
 *       memory whatever the message size.</li>
 *   <li>After the last chunk (with the terminating dot line) the command ends.</li>
 * </ol>
 * A read error after the {@code +OK} cannot be reported in POP3, so it closes the connection; a full
 * executor only delays the next chunk. The file is closed on the executor, also when the client
 * goes away mid-message.
 */
final class MessageStreamer {
    static final int CHUNK = 64 * 1024;
    private static final long RETRY_MILLIS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(MessageStreamer.class);

    private final Pop3Session session;
    private final InputStream in;
    private final DotStuffer stuffer;
    private final byte[] buffer = new byte[CHUNK];
    /** Closes the file (off the loop) if the client goes away mid-message; removed when the message is sent. */
    private final ChannelFutureListener onDisconnect;

    private MessageStreamer(Pop3Session session, InputStream in, DotStuffer stuffer) {
        this.session = session;
        this.in = in;
        this.stuffer = stuffer;
        this.onDisconnect = f -> session.closeOffLoop(in);
    }

    /** Starts a RETR or TOP of message {@code n}; {@code okText} follows the +OK when the file opens. */
    static void send(Pop3Session s, int n, MessageInfo message, DotStuffer stuffer, String okText, Runnable sent) {
        s.runBlocking(() -> s.maildrop().folder().open(message.uid()), (in, error) -> {
            if (error != null) {
                s.reply(openFailure(s, n, error));
                return;
            }
            MessageStreamer streamer = new MessageStreamer(s, in, stuffer);
            s.channel().closeFuture().addListener(streamer.onDisconnect);
            s.write(Pop3Reply.ok(okText));
            sent.run();
            streamer.next();
        });
    }

    private static Pop3Reply openFailure(Pop3Session s, int n, Throwable error) {
        if (error instanceof NoSuchFileException || error instanceof FileNotFoundException) {
            return Pop3Reply.err("message " + n + " is no longer available: removed by another program");
        }
        if (!(error instanceof RejectedExecutionException)) {
            LOG.error("pop3 cannot open message {} for {}", n, MailLog.client(s.channel().remoteAddress()), error);
        }
        return Pop3Reply.err(ResponseCode.SYS_TEMP, "cannot read message " + n + ", try again later");
    }

    private void next() {
        session.runBlocking(this::readChunk, (chunk, error) -> {
            Channel channel = session.channel();
            if (error instanceof RejectedExecutionException) {
                // The pool is full for a moment: the client waits a little, the message goes on.
                channel.eventLoop().schedule(this::next, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                return;
            }
            if (error != null) {
                // The +OK has gone out: POP3 has no way to report this but to close the connection.
                LOG.error("pop3 read error while sending a message to {}", MailLog.client(channel.remoteAddress()), error);
                session.close();
                return;
            }
            session.progress();
            ChannelFuture written = channel.writeAndFlush(chunk.data());
            if (chunk.last()) {
                channel.closeFuture().removeListener(onDisconnect);
                session.finish();
            } else if (channel.isWritable()) {
                next();
            } else {
                written.addListener(f -> {
                    if (f.isSuccess()) {
                        next();
                    } else {
                        session.close();
                    }
                });
            }
        });
    }

    /** Runs on the blocking executor: one chunk, byte-stuffed, and whether it was the last. */
    private Chunk readChunk() throws IOException {
        ByteBuf buf = session.channel().alloc().buffer(CHUNK + CHUNK / 8);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            int n = in.readNBytes(buffer, 0, CHUNK);
            boolean topDone = n > 0 && stuffer.write(buffer, 0, n, out);
            boolean last = topDone || n < CHUNK;
            if (last) {
                stuffer.finish(out);
                in.close();
            }
            return new Chunk(buf, last);
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /** One piece of the response; released if the connection closes before it is written. */
    private record Chunk(ByteBuf data, boolean last) implements AutoCloseable {
        @Override
        public void close() {
            data.release();
        }
    }
}
