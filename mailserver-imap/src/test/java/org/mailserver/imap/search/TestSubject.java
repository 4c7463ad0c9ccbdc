package org.mailserver.imap.search;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import org.mailserver.store.Flag;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.mime.MessageStructure;

/**
 * A message for SEARCH tests that counts how often it is opened, how many octets are read, and how
 * often its structure is asked for. The structure is parsed once, at the first ask, straight from
 * the content, as the store's index would have it; that parse is not counted as an open.
 */
final class TestSubject implements SearchSubject {

    private final long sequence;
    private final MessageInfo info;
    private final long modSeq;
    private final boolean recent;
    private final Supplier<InputStream> content;
    private MessageStructure structure;
    int opens;
    int structures;
    long octetsRead;
    int closes;

    TestSubject(long sequence, MessageInfo info, long modSeq, boolean recent, Supplier<InputStream> content) {
        this.sequence = sequence;
        this.info = info;
        this.modSeq = modSeq;
        this.recent = recent;
        this.content = content;
    }

    /** A message from {@code src/test/resources/search/}, LF line ends turned into CRLF as the store serves them. */
    static byte[] resource(String name) {
        try (InputStream in = TestSubject.class.getResourceAsStream("/search/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test message " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TestSubject of(long sequence, long uid, byte[] message, Instant internalDate, Set<Flag> flags,
                          Set<String> keywords, long modSeq, boolean recent) {
        MessageInfo info = new MessageInfo(uid, "base" + uid, message.length, internalDate,
                flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags), keywords);
        return new TestSubject(sequence, info, modSeq, recent, () -> new ByteArrayInputStream(message));
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public MessageInfo info() {
        return info;
    }

    @Override
    public long modSeq() {
        return modSeq;
    }

    @Override
    public boolean recent() {
        return recent;
    }

    @Override
    public MessageStructure structure() throws IOException {
        structures++;
        if (structure == null) {
            try (InputStream in = content.get()) {
                structure = MessageStructure.parse(in);
            }
        }
        return structure;
    }

    @Override
    public InputStream open() {
        opens++;
        return new FilterInputStream(content.get()) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    octetsRead++;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    octetsRead += n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                closes++;
                super.close();
            }
        };
    }
}
