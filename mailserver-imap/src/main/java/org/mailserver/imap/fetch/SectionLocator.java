package org.mailserver.imap.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mailserver.imap.grammar.FetchAttribute;
import org.mailserver.imap.grammar.SectionKind;
import org.mailserver.store.mime.MessageStructure;
import org.mailserver.store.mime.MimePart;

/**
 * Finds what a {@code BODY[section]} names (RFC 3501 6.4.5) in a parsed message. Pure apart from
 * HEADER.FIELDS(.NOT), which reads the header's octets through the opener; thread-safe. Blocks
 * (file I/O) only for those, so call it on the blocking executor.
 *
 * <p>Part numbers: the parts of a multipart are numbered from 1; a message that is not multipart
 * has one part, 1, its body; the parts of a message/rfc822 part are those of the message inside it,
 * with the same rule ({@code [2.1]} of a message/rfc822 holding a text/plain message is that
 * message's body). HEADER, TEXT and HEADER.FIELDS after part numbers refer to the message inside a
 * message/rfc822 part; MIME to the part's own MIME header. A part that does not exist, or a HEADER
 * or TEXT of a part that is not message/rfc822, is {@link SectionContent#EMPTY}: not an error.
 *
 * <p>Partial fetches are not applied here: call {@link SectionContent#applyPartial} when
 * {@code section.partialStart() >= 0}.
 */
public final class SectionLocator {

    /** Largest HEADER.FIELDS result; fields that would go past it are left out whole. */
    public static final int MAX_HEADER_FIELDS = 1024 * 1024;

    private SectionLocator() {
    }

    /** The content of a {@code BODY[section]}, without its partial. */
    public static SectionContent locate(FetchAttribute.BodySection section, MessageStructure structure,
                                        SectionContent.MessageOpener opener) throws IOException {
        return locate(section.part(), section.kind(), section.fields(), structure, opener);
    }

    /**
     * The content of a section given by its parts.
     *
     * @param part part numbers, empty for the whole message
     * @param fields header names for HEADER.FIELDS(.NOT), compared case-insensitively
     * @param opener opens the whole message; used only for HEADER.FIELDS(.NOT)
     */
    public static SectionContent locate(List<Integer> part, SectionKind kind, List<String> fields,
                                        MessageStructure structure, SectionContent.MessageOpener opener)
            throws IOException {
        MimePart root = structure.root();
        if (part.isEmpty()) {
            return switch (kind) {
                case WHOLE -> new SectionContent.Range(0, structure.size());
                case HEADER -> header(root);
                case TEXT -> text(root);
                case HEADER_FIELDS, HEADER_FIELDS_NOT -> fields(root, kind, fields, opener);
                case MIME -> SectionContent.EMPTY; // not allowed without part numbers (RFC 3501 9)
            };
        }
        MimePart target = resolve(root, part);
        if (target == null) {
            return SectionContent.EMPTY;
        }
        return switch (kind) {
            case WHOLE -> text(target);
            case MIME -> header(target);
            case HEADER -> target.isMessage() ? header(target.message()) : SectionContent.EMPTY;
            case TEXT -> target.isMessage() ? text(target.message()) : SectionContent.EMPTY;
            case HEADER_FIELDS, HEADER_FIELDS_NOT ->
                    target.isMessage() ? fields(target.message(), kind, fields, opener) : SectionContent.EMPTY;
        };
    }

    /**
     * The entity that part numbers name, or null if there is none. For a message that is not
     * multipart, part 1 is the message's own entity (its body is the part's content).
     */
    public static MimePart resolve(MimePart root, List<Integer> numbers) {
        MimePart current = root;
        boolean atMessage = true; // current is a message whose parts are being numbered
        for (int i = 0; i < numbers.size(); i++) {
            int n = numbers.get(i);
            if (current.isMultipart()) {
                if (n < 1 || n > current.children().size()) {
                    return null;
                }
                current = current.children().get(n - 1);
            } else if (!atMessage || n != 1) {
                return null;
            }
            atMessage = false;
            if (i < numbers.size() - 1) {
                if (current.isMessage()) {
                    current = current.message();
                    atMessage = true;
                } else if (!current.isMultipart()) {
                    return null;
                }
            }
        }
        return current;
    }

    private static SectionContent header(MimePart entity) {
        return new SectionContent.Range(entity.headerStart(), entity.headerSize());
    }

    private static SectionContent text(MimePart entity) {
        return new SectionContent.Range(entity.bodyStart(), entity.bodySize());
    }

    /**
     * HEADER.FIELDS / HEADER.FIELDS.NOT: the matching fields with their folded lines as written,
     * then the empty line (RFC 3501 6.4.5). Reads the header a line at a time; only the result is
     * kept, bounded by {@link #MAX_HEADER_FIELDS}.
     */
    private static SectionContent fields(MimePart entity, SectionKind kind, List<String> names,
                                         SectionContent.MessageOpener opener) throws IOException {
        Set<String> wanted = new HashSet<>();
        for (String name : names) {
            wanted.add(name.toLowerCase(Locale.ROOT));
        }
        boolean not = kind == SectionKind.HEADER_FIELDS_NOT;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        boolean keep = false;
        try (InputStream in = new SectionContent.Range(entity.headerStart(), entity.headerSize()).open(opener)) {
            HeaderLines lines = new HeaderLines(in);
            byte[] line;
            while ((line = lines.next()) != null) {
                boolean continuation = line.length > 0 && (line[0] == ' ' || line[0] == '\t');
                if (!continuation) {
                    flush(field, keep, out);
                    String name = fieldName(line);
                    keep = name != null && wanted.contains(name) != not;
                    if (name == null && lines.blank(line)) {
                        break; // the header's empty line
                    }
                }
                if (keep && field.size() + line.length <= MAX_HEADER_FIELDS) {
                    field.writeBytes(line);
                } else {
                    keep = false;
                    field.reset();
                }
            }
            flush(field, keep, out);
        }
        out.write('\r');
        out.write('\n');
        return new SectionContent.Bytes(out.toByteArray());
    }

    private static void flush(ByteArrayOutputStream field, boolean keep, ByteArrayOutputStream out) {
        if (keep && field.size() > 0 && out.size() + field.size() <= MAX_HEADER_FIELDS) {
            byte[] octets = field.toByteArray();
            out.writeBytes(octets);
            if (octets[octets.length - 1] != '\n') {
                out.write('\r'); // a last field without a line end (the header ran to the end of the input)
                out.write('\n');
            }
        }
        field.reset();
    }

    /** The lower-case name of a field line, or null for a line that is not a field. */
    private static String fieldName(byte[] line) {
        for (int i = 0; i < line.length; i++) {
            byte c = line[i];
            if (c == ':') {
                int end = i;
                while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
                    end--;
                }
                return end == 0 ? null : new String(line, 0, end, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            }
            if (c <= ' ' || c >= 0x7f) {
                return null; // RFC 5322 2.2: a field name is printable ASCII without colon or space
            }
        }
        return null;
    }

    /** Lines of a header with their line ends; a line longer than the cap is cut (and then left out). */
    private static final class HeaderLines {
        private final InputStream in;
        private final byte[] buffer = new byte[8192];
        private int position;
        private int limit;

        HeaderLines(InputStream in) {
            this.in = in;
        }

        byte[] next() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return line.size() == 0 ? null : line.toByteArray();
                    }
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                boolean eol = position < limit;
                if (eol) {
                    position++;
                }
                if (line.size() <= MAX_HEADER_FIELDS) {
                    line.write(buffer, start, position - start);
                }
                if (eol) {
                    return line.toByteArray();
                }
            }
        }

        boolean blank(byte[] line) {
            return line.length == 0 || (line.length == 1 && line[0] == '\n')
                    || (line.length == 2 && line[0] == '\r' && line[1] == '\n');
        }
    }
}
