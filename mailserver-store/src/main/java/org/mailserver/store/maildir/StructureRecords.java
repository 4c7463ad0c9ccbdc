package org.mailserver.store.maildir;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.mailserver.store.mime.MessageStructure;
import org.mailserver.store.mime.MessageStructureCodec;

/**
 * The format of {@link StructureIndex}'s file, {@code mailserver-mime.idx}.
 *
 * <p>An 8-octet header: the magic {@code MIDX}, this format's version, the version of
 * {@link MessageStructureCodec}, two zero octets. Then records, appended one after another (numbers
 * big-endian):
 * <pre>
 *   int    n       length of what follows, up to the CRC
 *   short  k       length of the base name's UTF-8
 *   byte[k]        the Maildir base name
 *   long           the message's size as the folder knew it ({@link org.mailserver.store.MessageInfo#size()})
 *   ...            the structure ({@link MessageStructureCodec})
 *   int            CRC-32 of everything above, the length included
 * </pre>
 * A record whose length is out of range, runs past the end of the file or fails its CRC marks the
 * end of the good part of the file: a crash mid-append leaves exactly such a tail.
 */
final class StructureRecords {

    static final int HEADER_SIZE = 8;
    static final int FORMAT_VERSION = 1;
    /** Larger records are not written (a parsed structure is a few hundred octets to some kilobytes). */
    static final int MAX_RECORD = 16 * 1024 * 1024;
    private static final byte[] HEADER = {'M', 'I', 'D', 'X', FORMAT_VERSION, MessageStructureCodec.VERSION, 0, 0};
    /** The length field, the name's length, the size, and the CRC. */
    private static final int MIN_RECORD = 4 + 2 + 8 + 4;

    /** The key of a good record, and where it is. */
    record Head(String baseName, long size, long offset, int length) {
    }

    /** Told of every good record by {@link #scan}. */
    @FunctionalInterface
    interface Sink {
        void accept(Head head);
    }

    private StructureRecords() {
    }

    static ByteBuffer header() {
        return ByteBuffer.wrap(HEADER.clone());
    }

    static boolean isHeader(byte[] octets) {
        return Arrays.equals(octets, HEADER);
    }

    /** The whole record for a message; null when it would be too large to keep. */
    static byte[] encode(String baseName, long size, MessageStructure structure) throws IOException {
        byte[] name = baseName.getBytes(StandardCharsets.UTF_8);
        if (name.length > 0xFFFF) {
            return null;
        }
        Output bytes = new Output();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0); // the length, set below
        out.writeShort(name.length);
        out.write(name);
        out.writeLong(size);
        MessageStructureCodec.write(structure, out);
        out.writeInt(0); // the CRC, set below
        if (bytes.size() > MAX_RECORD) {
            return null;
        }
        ByteBuffer record = ByteBuffer.wrap(Arrays.copyOf(bytes.octets, bytes.size()));
        record.putInt(0, record.capacity() - 8);
        record.putInt(record.capacity() - 4, crc(record.array(), record.capacity() - 4));
        return record.array();
    }

    /** The record's key if it is whole and its CRC matches, else null. */
    static Head head(byte[] record, int length, long offset) {
        if (length < MIN_RECORD) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(record, 0, length);
        if (b.getInt(0) != length - 8 || b.getInt(length - 4) != crc(record, length - 4)) {
            return null;
        }
        int k = b.getShort(4) & 0xFFFF;
        if (6 + k + 8 > length - 4) {
            return null;
        }
        String name = new String(record, 6, k, StandardCharsets.UTF_8);
        return new Head(name, b.getLong(6 + k), offset, length);
    }

    /**
     * The structure in a record read back from {@code slot}, or null if the record is not the one
     * expected (damaged, or another message's). Throws when the codec cannot read it.
     */
    static MessageStructure decode(byte[] record, StructureIndex.Slot slot, String baseName) throws IOException {
        Head head = head(record, slot.length(), slot.offset());
        if (head == null || head.size() != slot.size() || !head.baseName().equals(baseName)) {
            return null;
        }
        int start = 6 + (ByteBuffer.wrap(record).getShort(4) & 0xFFFF) + 8;
        return MessageStructureCodec.read(new DataInputStream(new Input(record, start, slot.length() - 4)));
    }

    /**
     * Reads the records after the header in one sequential pass, telling {@code sink} of each good
     * one; returns the end of the last good record (the length the file should have).
     */
    static long scan(FileChannel channel, Sink sink) throws IOException {
        long size = channel.size();
        channel.position(HEADER_SIZE);
        // Not closed: closing it would close the channel.
        DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
        byte[] record = new byte[4096];
        long offset = HEADER_SIZE;
        try {
            while (offset + MIN_RECORD <= size) {
                int n = in.readInt();
                if (n < MIN_RECORD - 8 || n > MAX_RECORD - 8 || offset + 8 + n > size) {
                    break;
                }
                if (record.length < n + 8) {
                    record = new byte[Math.max(n + 8, record.length * 2)];
                }
                ByteBuffer.wrap(record).putInt(0, n);
                in.readFully(record, 4, n + 4);
                Head head = head(record, n + 8, offset);
                if (head == null) {
                    break;
                }
                sink.accept(head);
                offset += n + 8;
            }
        } catch (EOFException e) {
            // the file shrank under us; what was read is good
        }
        return offset;
    }

    /**
     * ByteArrayOutputStream without its locks: the codec writes octet by octet, and a lock taken
     * for each costs as much as the rest of the encoding.
     */
    private static final class Output extends OutputStream {
        byte[] octets = new byte[512];
        private int size;

        int size() {
            return size;
        }

        @Override
        public void write(int b) {
            if (size == octets.length) {
                octets = Arrays.copyOf(octets, size * 2);
            }
            octets[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (size + len > octets.length) {
                octets = Arrays.copyOf(octets, Math.max(size + len, size * 2));
            }
            System.arraycopy(b, off, octets, size, len);
            size += len;
        }
    }

    /** ByteArrayInputStream without its locks, for the same reason. */
    private static final class Input extends InputStream {
        private final byte[] octets;
        private int position;
        private final int end;

        Input(byte[] octets, int start, int end) {
            this.octets = octets;
            this.position = start;
            this.end = end;
        }

        @Override
        public int read() {
            return position < end ? octets[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = Math.min(len, end - position);
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(octets, position, b, off, n);
            position += n;
            return n;
        }
    }

    static int crc(byte[] octets, int length) {
        CRC32 crc = new CRC32();
        crc.update(octets, 0, length);
        return (int) crc.getValue();
    }
}
