package org.mailserver.imap.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mailserver.imap.fetch.BinaryContent;
import org.mailserver.imap.fetch.BodyStructureEncoder;
import org.mailserver.imap.fetch.EnvelopeEncoder;
import org.mailserver.imap.fetch.InternalDates;
import org.mailserver.imap.fetch.SectionContent;
import org.mailserver.imap.fetch.SectionLocator;
import org.mailserver.imap.grammar.FetchAttribute;
import org.mailserver.store.Flag;
import org.mailserver.store.FlagChange;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.mime.MessageStructure;

/**
 * Builds the {@code * n FETCH (...)} response of one message, on the blocking executor (it reads
 * files). Items come out in the order asked. Section contents up to {@link #INLINE_LIMIT} octets
 * are read at once; larger ones become {@link FetchPiece.Stream}s copied in chunks later, so no
 * message is ever whole in memory. The structure (ENVELOPE, BODYSTRUCTURE, part offsets) comes from
 * the store's cache and is parsed only when an item needs it.
 */
final class FetchFormatter {
    static final long INLINE_LIMIT = 256 * 1024;
    private static final FlagChange SEEN = new FlagChange(FlagChange.Mode.ADD, Set.of(Flag.SEEN), Set.of());

    private final ByteBufAllocator alloc;
    private final SelectedMailbox view;
    private final List<FetchAttribute> items;
    private final boolean markSeen;
    private final boolean modSeqWithFlags;
    private final boolean showRecent;

    /**
     * @param markSeen whether body sections without PEEK set \Seen (not in a read-only mailbox)
     * @param modSeqWithFlags CONDSTORE is on: MODSEQ goes with every FLAGS (RFC 7162 3.1.4)
     */
    FetchFormatter(ByteBufAllocator alloc, SelectedMailbox view, List<FetchAttribute> items, boolean markSeen,
                   boolean modSeqWithFlags, boolean showRecent) {
        this.showRecent = showRecent;
        this.alloc = alloc;
        this.view = view;
        this.items = items;
        this.markSeen = markSeen;
        this.modSeqWithFlags = modSeqWithFlags;
    }

    /** Blocking. The response of message {@code seq}; throws NoSuchFileException if it is gone. */
    List<FetchPiece> format(int seq) throws IOException {
        Folder folder = view.folder();
        MessageInfo info = view.info(seq);
        long uid = info.uid();
        SectionContent.MessageOpener opener = () -> folder.open(uid);
        boolean flagsAsked = items.contains(FetchAttribute.Simple.FLAGS);
        boolean seenNow = false;
        if (markSeen && !info.flags().contains(Flag.SEEN) && items.stream().anyMatch(FetchFormatter::setsSeen)) {
            // RFC 3501 6.4.5: added atomically to the flags the store has now, not those the view last saw
            MessageInfo now = folder.updateFlags(uid, SEEN);
            if (now != null) {
                info = now;
                seenNow = true;
                view.told(seq, now); // reported here: the end-of-command rescan must not report it again
            }
        }
        List<FetchPiece> out = new ArrayList<>();
        ByteBuf buf = alloc.buffer(256);
        MessageStructure structure = null;
        try {
            ByteBufUtil.writeAscii(buf, "* " + seq + " FETCH (");
            boolean first = true;
            for (FetchAttribute item : items) {
                if (!first) {
                    buf.writeByte(' ');
                }
                first = false;
                if (item instanceof FetchAttribute.Simple simple) {
                    if (structure == null && needsStructure(simple)) {
                        structure = folder.structure(uid);
                    }
                    ByteBufUtil.writeUtf8(buf, simple(simple, seq, info, structure));
                } else if (item instanceof FetchAttribute.BodySection section) {
                    if (structure == null && (!section.part().isEmpty()
                            || section.kind() != org.mailserver.imap.grammar.SectionKind.WHOLE)) {
                        structure = folder.structure(uid);
                    }
                    SectionContent content = structure == null
                            ? new SectionContent.Range(0, info.size())
                            : SectionLocator.locate(section, structure, opener);
                    if (section.partialStart() >= 0) {
                        content = content.applyPartial(section.partialStart(), section.partialLength());
                    }
                    ByteBufUtil.writeUtf8(buf, SectionNames.of(section) + " {" + content.length() + "}\r\n");
                    SectionContent literal = content;
                    buf = literal(buf, out, literal.length(), () -> literal.open(opener));
                } else if (item instanceof FetchAttribute.Binary binary) {
                    if (structure == null) {
                        structure = folder.structure(uid);
                    }
                    buf = binary(buf, out, binary, BinaryContent.of(structure, binary.part()), opener);
                }
            }
            if (seenNow && !flagsAsked) {
                ByteBufUtil.writeUtf8(buf, " FLAGS " + Flags.format(info, showRecent && view.recent(seq))); // RFC 3501 6.4.5
            }
            if (modSeqWithFlags && (flagsAsked || seenNow) && !items.contains(FetchAttribute.Simple.MODSEQ)) {
                ByteBufUtil.writeUtf8(buf, " MODSEQ (" + info.modSeq() + ")");
            }
            ByteBufUtil.writeAscii(buf, ")\r\n");
            out.add(new FetchPiece.Ready(buf));
            return out;
        } catch (IOException | RuntimeException e) {
            buf.release();
            for (FetchPiece piece : out) {
                if (piece instanceof FetchPiece.Ready r) {
                    r.data().release();
                }
            }
            throw e;
        }
    }

    static boolean setsSeen(FetchAttribute item) {
        return item instanceof FetchAttribute.BodySection section && section.setsSeen()
                || item instanceof FetchAttribute.Binary binary && !binary.peek();
    }

    /**
     * Writes a literal's octets: into {@code buf} when small, else as a {@link FetchPiece.Stream}
     * after the pieces so far. Returns the buffer to go on with.
     */
    private ByteBuf literal(ByteBuf buf, List<FetchPiece> out, long length, SectionContent.MessageOpener source)
            throws IOException {
        if (length > INLINE_LIMIT) {
            out.add(new FetchPiece.Ready(buf));
            out.add(new FetchPiece.Stream(length, source));
            return alloc.buffer(256);
        }
        try (InputStream in = source.open()) {
            int n = (int) length;
            while (n > 0) {
                int r = buf.writeBytes(in, n);
                if (r < 0) {
                    throw new IOException("message shorter than its structure says");
                }
                n -= r;
            }
        }
        return buf;
    }

    /**
     * {@code BINARY[part]<partial> ~{n}} and {@code BINARY.SIZE[part] n} (RFC 3516 4.2). The decoded
     * length is known only by decoding, so a large part is decoded twice: once to count, once to
     * send; nothing is held whole in memory.
     */
    private ByteBuf binary(ByteBuf buf, List<FetchPiece> out, FetchAttribute.Binary binary, BinaryContent content,
                           SectionContent.MessageOpener opener) throws IOException {
        String part = binary.part().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("."));
        long decoded = content.decodedLength(opener);
        if (binary.sizeOnly()) {
            ByteBufUtil.writeUtf8(buf, "BINARY.SIZE[" + part + "] " + decoded);
            return buf;
        }
        long start = binary.partialStart() >= 0 ? Math.min(binary.partialStart(), decoded) : 0;
        long length = binary.partialStart() >= 0 ? Math.min(binary.partialLength(), decoded - start) : decoded;
        ByteBufUtil.writeUtf8(buf, "BINARY[" + part + "]" + (binary.partialStart() >= 0 ? "<" + start + ">" : "")
                + " ~{" + length + "}\r\n");
        return literal(buf, out, length, () -> {
            InputStream in = content.open(opener);
            try {
                in.skipNBytes(start);
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
            return new java.io.FilterInputStream(in) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int c = super.read();
                    left -= c < 0 ? 0 : 1;
                    return c;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int r = super.read(b, off, (int) Math.min(len, left));
                    left -= Math.max(r, 0);
                    return r;
                }
            };
        });
    }

    private static boolean needsStructure(FetchAttribute.Simple item) {
        return item == FetchAttribute.Simple.ENVELOPE || item == FetchAttribute.Simple.BODY
                || item == FetchAttribute.Simple.BODYSTRUCTURE;
    }

    private String simple(FetchAttribute.Simple item, int seq, MessageInfo info, MessageStructure structure) {
        return switch (item) {
            case UID -> "UID " + info.uid();
            case FLAGS -> "FLAGS " + Flags.format(info, showRecent && view.recent(seq));
            case INTERNALDATE -> "INTERNALDATE " + InternalDates.format(info.internalDate());
            case RFC822_SIZE -> "RFC822.SIZE " + info.size();
            case ENVELOPE -> "ENVELOPE " + EnvelopeEncoder.encode(structure.envelope());
            case BODY -> "BODY " + BodyStructureEncoder.encode(structure, false);
            case BODYSTRUCTURE -> "BODYSTRUCTURE " + BodyStructureEncoder.encode(structure, true);
            case MODSEQ -> "MODSEQ (" + info.modSeq() + ")";
        };
    }
}
