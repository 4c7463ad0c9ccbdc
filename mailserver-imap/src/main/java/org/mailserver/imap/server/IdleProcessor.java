package org.mailserver.imap.server;

import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.grammar.Segment;

/**
 * IDLE (RFC 2177): {@code + idling}, then changes are pushed as they happen until the client sends
 * {@code DONE}.
 *
 * <p>Changes made by this process (deliveries, other sessions) fire the folder's listener, which
 * schedules a push on the session's event loop at once; changes by other programs are found by a
 * rescan every {@link ImapConfig#idlePoll}. Only one rescan runs at a time: a change that arrives
 * during one is pushed by another right after it, and DONE waits for a running one to finish.
 */
final class IdleProcessor implements Processor<ImapCommand.Idle> {

    @Override
    public void process(ImapSession s, ImapCommand.Idle command) {
        new Idling(s, command).start();
    }

    /** One IDLE command in progress; all its methods run on the session's event loop. */
    private static final class Idling {
        private final ImapSession s;
        private final ImapCommand.Idle command;
        private final SelectedMailbox view;
        private ScheduledFuture<?> poll;
        private boolean pushing;
        private boolean again;
        private boolean againRescan;
        private Runnable afterPush;
        /** Counted in {@link ImapMetrics#idleStarted()} until {@link #stop()}, which may run more than once. */
        private ImapMetrics idling;
        /** Runs on the event loop, as the listeners of a channel's close future do. */
        private final GenericFutureListener<Future<? super Void>> onClose = f -> stop();

        Idling(ImapSession s, ImapCommand.Idle command) {
            this.s = s;
            this.command = command;
            this.view = s.selected();
        }

        void start() {
            idling = ImapMetrics.of(s.context().metrics());
            idling.idleStarted();
            s.write("+ idling\r\n");
            s.channel().flush();
            if (view != null) {
                view.onChange(() -> s.channel().eventLoop().execute(() -> push(false)));
                long every = Math.max(1, s.config().idlePoll().toMillis());
                poll = s.channel().eventLoop().scheduleAtFixedRate(() -> push(true), every, every, TimeUnit.MILLISECONDS);
                if (s.updatesPending(true)) {
                    push(false);
                }
            }
            // A connection that goes away during IDLE never sends DONE: the poll must not outlive it.
            s.channel().closeFuture().addListener(onClose);
            s.expectContinuation(this::done);
            s.onShutdown(() -> {
                stop();
                s.bye("server shutting down");
            });
            s.await();
        }

        private void push(boolean rescan) {
            if (afterPush != null || s.closing()) {
                return; // DONE came: the tagged OK follows the running push
            }
            if (pushing) {
                again = true;
                againRescan |= rescan;
                return;
            }
            if (rescan && view != null
                    && !s.scanTimes().due(view.folder(), s.config().idlePoll().toNanos())) {
                rescan = false; // another session scanned this folder moments ago; its findings reach us anyway
            }
            if (!rescan && !s.updatesPending(true)) {
                return;
            }
            pushing = true;
            s.sendUpdates(true, rescan, () -> {
                s.channel().flush();
                s.progress();
                pushing = false;
                if (afterPush != null) {
                    Runnable r = afterPush;
                    afterPush = null;
                    r.run();
                } else if (again) {
                    boolean r = againRescan;
                    again = false;
                    againRescan = false;
                    push(r);
                }
            });
        }

        private void done(ImapFrame frame) {
            stop();
            s.takeOnShutdown();
            boolean isDone = frame.segments().size() == 1 && frame.segments().get(0) instanceof Segment.Text t
                    && new String(t.bytes(), StandardCharsets.US_ASCII).trim().equalsIgnoreCase("DONE");
            Runnable finish = isDone
                    ? () -> s.complete(command, "IDLE terminated")
                    : () -> s.bad(command, "expected DONE to end IDLE");
            if (pushing) {
                afterPush = finish;
            } else {
                finish.run();
            }
        }

        private void stop() {
            if (idling != null) {
                idling.idleEnded();
                idling = null;
            }
            s.channel().closeFuture().removeListener(onClose);
            if (poll != null) {
                poll.cancel(false);
                poll = null;
            }
            if (view != null) {
                view.onChange(null);
            }
        }
    }
}
