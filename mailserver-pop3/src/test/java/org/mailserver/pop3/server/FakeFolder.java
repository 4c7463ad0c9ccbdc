package org.mailserver.pop3.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.store.Flag;
import org.mailserver.store.Folder;
import org.mailserver.store.FolderListener;
import org.mailserver.store.MessageInfo;

/** An in-memory INBOX for unit tests; {@link #vanish} removes a file behind the session's back. */
final class FakeFolder implements Folder {
    private final Map<Long, byte[]> messages = new ConcurrentSkipListMap<>();
    private final AtomicLong next = new AtomicLong(1);
    volatile IOException expungeFailure;
    /** When set, expunge waits for it: a slow disk. */
    volatile java.util.concurrent.CountDownLatch expungeGate;
    /** Names of the threads that closed message streams. */
    final List<String> closedBy = new java.util.concurrent.CopyOnWriteArrayList<>();

    long add(String crlfMessage) {
        long uid = next.getAndIncrement();
        messages.put(uid, crlfMessage.getBytes(StandardCharsets.UTF_8));
        return uid;
    }

    void vanish(long uid) {
        messages.remove(uid);
    }

    int size() {
        return messages.size();
    }

    @Override
    public String name() {
        return "INBOX";
    }

    @Override
    public long uidValidity() {
        return 0x5f000000L;
    }

    @Override
    public long uidNext() {
        return next.get();
    }

    @Override
    public List<MessageInfo> sync() {
        List<MessageInfo> list = new ArrayList<>();
        messages.forEach((uid, data) -> list.add(new MessageInfo(uid, "m" + uid, data.length, Instant.EPOCH,
                Set.of(), Set.of())));
        return list;
    }

    @Override
    public InputStream open(long uid) throws IOException {
        byte[] data = messages.get(uid);
        if (data == null) {
            throw new NoSuchFileException("m" + uid);
        }
        return new ByteArrayInputStream(data) {
            @Override
            public void close() {
                closedBy.add(Thread.currentThread().getName());
            }
        };
    }

    @Override
    public void setFlags(long uid, Set<Flag> flags, Set<String> keywords) {
    }

    @Override
    public List<Long> expunge(Collection<Long> uids) throws IOException {
        java.util.concurrent.CountDownLatch gate = expungeGate;
        if (gate != null) {
            try {
                gate.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (expungeFailure != null) {
            throw expungeFailure;
        }
        List<Long> removed = new ArrayList<>();
        for (Long uid : uids) {
            if (messages.remove(uid) != null) {
                removed.add(uid);
            }
        }
        return removed;
    }

    @Override
    public long append(MessageSource message, Set<Flag> flags, Set<String> keywords, Instant internalDate) {
        throw new UnsupportedOperationException();
    }

    @Override
    public AutoCloseable watch(FolderListener listener) {
        return () -> { };
    }
}
