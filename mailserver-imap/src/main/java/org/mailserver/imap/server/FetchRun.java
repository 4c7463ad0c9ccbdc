package org.mailserver.imap.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.FetchAttribute;
import org.mailserver.imap.grammar.ImapCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FETCH in progress.
 *
 * <ol>
 *   <li>Repeat: format a batch of messages off the loop ({@link FetchFormatter}: up to
 *       {@link #BATCH} messages or about {@link #BATCH_BYTES} octets), write it on the loop; large
 *       sections are copied from their file in {@link #CHUNK}-octet chunks. The next batch or chunk
 *       is read at once while the channel is writable, else when the last write has gone out, so a
 *       slow client holds back the reading and memory stays bounded whatever it fetches.</li>
 *   <li>A message expunged by another session meanwhile is left out, and the command ends
 *       {@code NO [EXPUNGEISSUED]} (RFC 5530, RFC 2180 4.1.1); otherwise {@code OK}.</li>
 * </ol>
 * A read error after a literal's size went out cannot be reported in IMAP: the connection is closed.
 */
final class FetchRun {
    static final int BATCH = 100;
    static final int BATCH_BYTES = 1024 * 1024;
    static final int CHUNK = 64 * 1024;
    private static final long RETRY_MILLIS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(FetchRun.class);

    private final ImapSession s;
    private final ImapCommand.Fetch command;
    private final SelectedMailbox view;
    private final int[] seqs;
    private final List<FetchAttribute> items;
    private final boolean markSeen;
    private FetchFormatter formatter;
    private int next;
    private boolean expunged;

    FetchRun(ImapSession s, ImapCommand.Fetch command, SelectedMailbox view, int[] seqs, List<FetchAttribute> items,
             boolean markSeen) {
        this.s = s;
        this.command = command;
        this.view = view;
        this.seqs = seqs;
        this.items = items;
        this.markSeen = markSeen;
    }

    void start() {
        formatter = new FetchFormatter(s.channel().alloc(), view, items, markSeen, s.reporting().modSeq(),
                s.reporting().recent());
        batch();
    }

    private void batch() {
        if (next >= seqs.length) {
            done();
            return;
        }
        s.runBlocking(this::formatBatch, (pieces, error) -> {
            if (error instanceof RejectedExecutionException) {
                s.channel().eventLoop().schedule(this::batch, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } else if (error != null) {
                failed(error);
            } else {
                write(pieces, 0);
            }
        });
    }

    /** Blocking: the next batch's pieces; advances {@link #next}. */
    private List<FetchPiece> formatBatch() throws IOException {
        List<FetchPiece> out = new ArrayList<>();
        long bytes = 0;
        int count = 0;
        try {
            while (next < seqs.length && count < BATCH && bytes < BATCH_BYTES) {
                int seq = seqs[next++];
                count++;
                if (view.expungePending(seq)) {
                    expunged = true;
                    continue;
                }
                try {
                    for (FetchPiece piece : formatter.format(seq)) {
                        out.add(piece);
                        bytes += piece instanceof FetchPiece.Ready r ? r.data().readableBytes() : CHUNK;
                    }
                } catch (NoSuchFileException gone) {
                    expunged = true; // removed by another session or program since the client saw it
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            out.forEach(FetchRun::release);
            throw e;
        }
    }

    private void write(List<FetchPiece> pieces, int from) {
        Channel channel = s.channel();
        for (int i = from; i < pieces.size(); i++) {
            FetchPiece piece = pieces.get(i);
            if (piece instanceof FetchPiece.Ready ready) {
                channel.write(ready.data());
            } else {
                FetchPiece.Stream stream = (FetchPiece.Stream) piece;
                int resume = i + 1;
                new SectionStreamer(stream, () -> write(pieces, resume), pieces.subList(resume, pieces.size())).open();
                return;
            }
        }
        s.progress();
        afterWrite(channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER), this::batch);
    }

    /** Runs {@code then} now while the channel can take more, else once the last write went out. */
    private void afterWrite(ChannelFuture written, Runnable then) {
        if (s.channel().isWritable()) {
            then.run();
        } else {
            written.addListener(f -> {
                if (f.isSuccess()) {
                    then.run();
                } else {
                    s.close();
                }
            });
        }
    }

    private void done() {
        if (expunged) {
            s.no(command, "[EXPUNGEISSUED] some of the requested messages no longer exist");
        } else {
            s.complete(command, command.name() + " completed");
        }
    }

    private void failed(Throwable error) {
        if (error instanceof org.mailserver.imap.fetch.BinaryContent.UnknownEncodingException) {
            s.no(command, "[UNKNOWN-CTE] " + error.getMessage()); // RFC 3516 4.3
            return;
        }
        if (!(error instanceof RejectedExecutionException)) {
            LOG.warn("imap FETCH failed in {} of {}: {}", MailLog.clean(view.name()), s.user().uid(), error.toString());
        }
        s.no(command, "[UNAVAILABLE] cannot read the messages now, try again");
    }

    private static void release(FetchPiece piece) {
        if (piece instanceof FetchPiece.Ready r) {
            r.data().release();
        }
    }

    /** Copies one large section from its file, a chunk at a time, then runs {@code then}. */
    private final class SectionStreamer {
        private final FetchPiece.Stream stream;
        private final Runnable then;
        private final List<FetchPiece> rest;
        private InputStream in;
        private long left;

        SectionStreamer(FetchPiece.Stream stream, Runnable then, List<FetchPiece> rest) {
            this.stream = stream;
            this.then = then;
            this.rest = rest;
            this.left = stream.length();
        }

        void open() {
            s.runBlocking(() -> stream.source().open(), (opened, error) -> {
                if (error != null) {
                    abort(error);
                    return;
                }
                in = opened;
                s.channel().closeFuture().addListener(f -> closeFile());
                chunk();
            });
        }

        private void chunk() {
            if (left == 0) {
                closeFile();
                then.run();
                return;
            }
            int size = (int) Math.min(CHUNK, left);
            s.runBlocking(() -> {
                ByteBuf buf = s.channel().alloc().buffer(size);
                try {
                    buf.writeBytes(in, size);
                    while (buf.readableBytes() < size) {
                        if (buf.writeBytes(in, size - buf.readableBytes()) < 0) {
                            throw new IOException("message file shorter than its size");
                        }
                    }
                    return buf;
                } catch (IOException | RuntimeException e) {
                    buf.release();
                    throw e;
                }
            }, (buf, error) -> {
                if (error instanceof RejectedExecutionException) {
                    s.channel().eventLoop().schedule(this::chunk, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                    return;
                }
                if (error != null) {
                    abort(error);
                    return;
                }
                left -= buf.readableBytes();
                s.progress();
                afterWrite(s.channel().writeAndFlush(buf), this::chunk);
            });
        }

        private void closeFile() {
            InputStream file = in;
            in = null;
            if (file != null) {
                s.context().executor().submit(() -> {
                    file.close();
                    return null;
                });
            }
        }

        /** The literal's size is out: nothing left but to close the connection (RFC 3501 has no way back). */
        private void abort(Throwable error) {
            LOG.error("imap read error while sending a message of {} to {}", MailLog.clean(view.name()),
                    MailLog.client(s.channel().remoteAddress()), error);
            rest.forEach(FetchRun::release);
            closeFile();
            s.close();
        }
    }
}
