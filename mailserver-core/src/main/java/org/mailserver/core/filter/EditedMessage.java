package org.mailserver.core.filter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mailserver.core.delivery.MessageSource;

/**
 * A message with {@link HeaderEdit}s applied to its own header section, streaming: each top-level
 * field is read whole (at most {@link HeaderEdit#FIELD_LIMIT} octets, a longer one passes through
 * unedited line by line), edited, and handed on; from the empty line that ends the header on, the
 * octets are the source's. Nothing else changes, byte for byte.
 *
 * <p>The header section ends, as Mime4j's parser ends it, at the first empty line; a field is a line
 * and the lines after it that start with a space or tab (RFC 5322 2.2.3).
 *
 * <p>Threading: immutable; each {@link #open} is a stream of its own. Building it reads the header
 * once to know the new {@link #size}: call {@link #of} on the blocking executor.
 */
public final class EditedMessage implements MessageSource {
    private final MessageSource source;
    private final Map<String, List<HeaderEdit>> byField;
    private final long size;

    private EditedMessage(MessageSource source, Map<String, List<HeaderEdit>> byField) throws IOException {
        this.source = source;
        this.byField = byField;
        try (Editor e = new Editor(source.open())) {
            long header = 0;
            while (e.state != State.BODY) {
                e.step();
                header += e.outLim;
                e.outPos = e.outLim;
            }
            size = header + source.size() - e.consumed;
        }
    }

    /** {@code source} with {@code edits} applied; {@code source} itself when there are none. */
    public static MessageSource of(MessageSource source, List<HeaderEdit> edits) throws IOException {
        if (edits.isEmpty()) {
            return source;
        }
        Map<String, List<HeaderEdit>> byField = new HashMap<>();
        for (HeaderEdit e : edits) {
            byField.computeIfAbsent(e.field(), k -> new ArrayList<>()).add(e);
        }
        return new EditedMessage(source, byField);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() throws IOException {
        return new Editor(source.open());
    }

    private enum State { HEADER, LONG_FIELD, BODY }

    private enum LineEnd { LF, EOF, FULL }

    /** The edited octets of one reading. */
    private final class Editor extends InputStream {
        private final InputStream in;
        private final byte[] buf = new byte[8192];
        private int pos;
        private int lim;
        private byte[] field = new byte[1024];
        private int fieldLen;
        private byte[] out = field;
        private int outPos;
        private int outLim;
        private State state = State.HEADER;
        private long consumed; // octets of the source taken out of buf

        Editor(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (outPos == outLim) {
                if (state == State.BODY) {
                    if (pos < lim) {
                        int n = Math.min(len, lim - pos);
                        System.arraycopy(buf, pos, b, off, n);
                        pos += n;
                        return n;
                    }
                    return in.read(b, off, len);
                }
                step();
            }
            int n = Math.min(len, outLim - outPos);
            System.arraycopy(out, outPos, b, off, n);
            outPos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        /** Sets out to the next piece of edited header (possibly empty), or moves to the body. */
        void step() throws IOException {
            outPos = 0;
            outLim = 0;
            if (state == State.LONG_FIELD) {
                passLine();
                return;
            }
            fieldLen = 0;
            LineEnd end = appendLine();
            if (fieldLen == 0) {
                state = State.BODY;
                return;
            }
            if (end == LineEnd.LF && (fieldLen == 1 || (fieldLen == 2 && field[0] == '\r'))) {
                emit(field, fieldLen); // the empty line that ends the header
                state = State.BODY;
                return;
            }
            while (end == LineEnd.LF && continues()) {
                end = appendLine();
            }
            if (end == LineEnd.FULL) {
                emit(field, fieldLen); // too long to edit: the rest of it passes through
                state = State.LONG_FIELD;
                return;
            }
            List<HeaderEdit> edits = byField.get(HeaderEdit.key(field, fieldLen));
            emit(edits == null ? null : edited(edits));
            if (end == LineEnd.EOF) {
                state = State.BODY;
            }
        }

        private byte[] edited(List<HeaderEdit> edits) {
            StringBuilder b = new StringBuilder();
            boolean deleted = false;
            String replaced = null;
            for (HeaderEdit e : edits) {
                switch (e.kind()) {
                    case PREPEND -> b.append(e.text()).append("\r\n");
                    case DELETE -> deleted = true;
                    case REPLACE -> replaced = replaced == null ? e.text() : replaced;
                    default -> throw new IllegalStateException(e.kind().toString());
                }
            }
            if (deleted) {
                return b.toString().getBytes(StandardCharsets.UTF_8);
            }
            if (replaced != null) {
                return b.append(replaced).append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
            }
            byte[] prefix = b.toString().getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[prefix.length + fieldLen];
            System.arraycopy(prefix, 0, all, 0, prefix.length);
            System.arraycopy(field, 0, all, prefix.length, fieldLen);
            return all;
        }

        /** out = the field as read, or {@code edited}. */
        private void emit(byte[] edited) {
            if (edited == null) {
                emit(field, fieldLen);
            } else {
                emit(edited, edited.length);
            }
        }

        private void emit(byte[] b, int len) {
            out = b;
            outPos = 0;
            outLim = len;
        }

        /** Whether the next line continues the current field (starts with SP or HT). */
        private boolean continues() throws IOException {
            if (pos == lim && !fill()) {
                return false;
            }
            return buf[pos] == ' ' || buf[pos] == '\t';
        }

        /** Appends source octets to field up to and with the next LF, stopping past the limit or at the end. */
        private LineEnd appendLine() throws IOException {
            while (true) {
                if (pos == lim && !fill()) {
                    return LineEnd.EOF;
                }
                if (fieldLen > HeaderEdit.FIELD_LIMIT) {
                    return LineEnd.FULL;
                }
                if (fieldLen == field.length) {
                    field = java.util.Arrays.copyOf(field, Math.min(field.length * 2, HeaderEdit.FIELD_LIMIT + 1));
                }
                byte c = buf[pos++];
                consumed++;
                field[fieldLen++] = c;
                if (c == '\n') {
                    return LineEnd.LF;
                }
            }
        }

        /** The rest of an over-long field: to the next LF, and on while lines continue it. */
        private void passLine() throws IOException {
            if (pos == lim && !fill()) {
                state = State.BODY;
                return;
            }
            int end = pos;
            while (end < lim && buf[end] != '\n') {
                end++;
            }
            boolean lineEnds = end < lim;
            int n = (lineEnds ? end + 1 : end) - pos;
            byte[] chunk = java.util.Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            consumed += n;
            emit(chunk, n);
            if (lineEnds && !continues()) {
                state = State.HEADER;
            }
        }

        private boolean fill() throws IOException {
            int n;
            do {
                n = in.read(buf, 0, buf.length);
            } while (n == 0);
            if (n < 0) {
                pos = 0;
                lim = 0;
                return false;
            }
            pos = 0;
            lim = n;
            return true;
        }
    }
}
