package org.mailserver.store.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One streaming pass over a message that finds its MIME entities and their offsets (see
 * {@link MessageStructure} for the rules and limits).
 *
 * <p>Boundaries (RFC 2046 5.1.1) are kept on a stack, the innermost last. A line that starts with
 * {@code --} and a boundary of the stack ends whatever entity is being read; as Dovecot does, only
 * the start of the line has to match (so trailing white space is allowed), the longest matching
 * boundary wins and, among equal ones, the innermost. Such a line is left "pending" for the
 * multipart that owns the boundary, which every entity in between returns to.
 */
final class StructureParser {

    /** Entities nested deeper than this are opaque text/plain. */
    static final int MAX_DEPTH = 100;
    /** Entities per message; the parts of a multipart past this are left out (read as its preamble). */
    static final int MAX_PARTS = 10_000;
    /** Longer boundaries are ignored (RFC 2046 allows 70 octets). */
    static final int MAX_BOUNDARY = 1000;
    private static final int BODY_HEAD = MAX_BOUNDARY + 4;

    private final LineReader reader;
    private final List<byte[]> boundaries = new ArrayList<>();
    /** The current line is a boundary line that an enclosing multipart has yet to handle. */
    private boolean pending;
    /** For the last boundary line: the index on the stack of its boundary, and whether it closes. */
    private int matched;
    private boolean close;
    private int parts;

    StructureParser(InputStream in) {
        this.reader = new LineReader(in, Math.max(PartHeader.MAX_VALUE, BODY_HEAD));
    }

    MessageStructure parse() throws IOException {
        MimePart root = entity(0, true, false);
        while (reader.next(0)) {
            // nothing is left after the root; but never report a size short of the input
        }
        return new MessageStructure(root, reader.offset());
    }

    /**
     * Reads one entity from the reader's position: its header, then its body up to a boundary line
     * of an enclosing multipart (left pending) or the end of the input.
     */
    private MimePart entity(int depth, boolean isMessage, boolean inDigest) throws IOException {
        parts++;
        PartBuilder part = new PartBuilder();
        part.headerStart = reader.offset();
        PartHeader header = new PartHeader(isMessage);
        long linesAtBody = 0;
        boolean cut = false; // the header was ended by the end of the input or a boundary line
        while (true) {
            if (!reader.next(reader.head.length)) {
                part.bodyStart = reader.offset();
                cut = true;
                break;
            }
            if (matchBoundary()) { // a part without its empty line: its header ends at the boundary
                pending = true;
                // RFC 2046 5.1.1: the line end before the boundary is the boundary's; when the boundary
                // comes first, the part is empty and sits before that line end, inside its parent
                long eol = reader.lineStart() - reader.precedingEol();
                part.headerStart = Math.min(part.headerStart, eol);
                part.bodyStart = Math.max(part.headerStart, eol);
                cut = true;
                break;
            }
            if (reader.lineLength() == 0 && reader.eolLength() > 0) {
                part.bodyStart = reader.offset();
                linesAtBody = reader.linesThrough();
                break;
            }
            header.line(reader.head, reader.headLength());
        }
        header.applyContent(part, inDigest);
        if (isMessage) {
            part.envelope = header.envelope();
        }
        boolean multipart = "multipart".equals(part.type);
        boolean message = "message".equals(part.type) && ("rfc822".equals(part.subtype) || "global".equals(part.subtype));
        if ((multipart || message) && depth >= MAX_DEPTH) {
            part.makeOpaque();
            multipart = false;
            message = false;
        }
        if (cut && message) { // keep every message/rfc822 with a message inside, if an empty one
            PartBuilder empty = new PartBuilder();
            empty.headerStart = part.bodyStart;
            empty.bodyStart = part.bodyStart;
            empty.end = part.bodyStart;
            empty.type = "text";
            empty.subtype = "plain";
            empty.envelope = Envelope.EMPTY;
            part.message = empty.build();
        }
        if (!cut) {
            if (multipart) {
                multipartBody(part, depth);
            } else if (message) {
                part.message = entity(depth + 1, true, false);
            } else {
                leafBody();
            }
        }
        if (pending) { // RFC 2046 5.1.1: the line end before a boundary belongs to the boundary
            long end = reader.lineStart() - reader.precedingEol();
            if (end > part.bodyStart) {
                part.end = end;
                part.lines = reader.linesBefore() - (reader.precedingEol() > 0 ? 1 : 0) - linesAtBody;
            } else {
                // the empty line that ended the header was the boundary's line end: the body starts,
                // empty, where the boundary's line end does, inside the enclosing part
                part.bodyStart = Math.max(part.headerStart, Math.min(part.bodyStart, end));
                part.end = part.bodyStart;
            }
        } else if (cut) {
            part.end = part.bodyStart;
        } else {
            part.end = reader.offset();
            part.lines = reader.linesThrough() - linesAtBody;
        }
        return part.build();
    }

    private void multipartBody(PartBuilder part, int depth) throws IOException {
        byte[] boundary = part.boundary;
        if (boundary == null || boundary.length == 0 || boundary.length > MAX_BOUNDARY) {
            leafBody(); // no usable boundary: all preamble, no parts
            return;
        }
        boolean digest = "digest".equals(part.subtype);
        boundaries.add(boundary);
        int mine = boundaries.size() - 1;
        try {
            while (true) {
                if (pending) {
                    pending = false;
                } else {
                    if (!reader.next(BODY_HEAD)) {
                        return; // the close delimiter is missing: the multipart ends with the input
                    }
                    if (!matchBoundary()) {
                        continue; // preamble, or a part left out
                    }
                }
                if (matched != mine) {
                    pending = true; // an enclosing multipart's boundary ends this one too
                    return;
                }
                if (close) {
                    boundaries.remove(mine);
                    leafBody(); // the epilogue, up to an enclosing boundary or the end
                    return;
                }
                if (parts < MAX_PARTS) {
                    part.addChild(entity(depth + 1, false, digest));
                }
            }
        } finally {
            if (boundaries.size() > mine) {
                boundaries.remove(mine);
            }
        }
    }

    /** Skips lines up to a boundary line (left pending) or the end of the input. */
    private void leafBody() throws IOException {
        if (boundaries.isEmpty()) {
            while (reader.next(0)) {
                // to the end
            }
            return;
        }
        while (reader.next(BODY_HEAD)) {
            if (matchBoundary()) {
                pending = true;
                return;
            }
        }
    }

    private boolean matchBoundary() {
        int n = reader.headLength();
        byte[] h = reader.head;
        if (n < 2 || h[0] != '-' || h[1] != '-' || boundaries.isEmpty()) {
            return false;
        }
        int best = -1;
        int bestLength = -1;
        for (int i = boundaries.size() - 1; i >= 0; i--) {
            byte[] b = boundaries.get(i);
            if (b.length > bestLength && b.length + 2 <= n && Arrays.equals(h, 2, 2 + b.length, b, 0, b.length)) {
                best = i;
                bestLength = b.length;
            }
        }
        if (best < 0) {
            return false;
        }
        matched = best;
        close = n >= bestLength + 4 && h[bestLength + 2] == '-' && h[bestLength + 3] == '-';
        return true;
    }
}
