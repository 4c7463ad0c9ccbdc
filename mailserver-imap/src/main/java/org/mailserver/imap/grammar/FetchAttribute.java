package org.mailserver.imap.grammar;

import java.util.List;

/**
 * One item of a FETCH (RFC 3501 6.4.5, RFC 7162 3.1.4 for MODSEQ). The macros ALL, FAST and FULL are
 * expanded by the parser; {@code RFC822} is {@code BODY[]}, {@code RFC822.HEADER} is
 * {@code BODY.PEEK[HEADER]} and {@code RFC822.TEXT} is {@code BODY[TEXT]}, each answered under its
 * own name (see {@link BodySection#legacyName}).
 */
public sealed interface FetchAttribute {

    /** The items without arguments. */
    enum Simple implements FetchAttribute {
        UID, FLAGS, INTERNALDATE, RFC822_SIZE, ENVELOPE, BODY, BODYSTRUCTURE, MODSEQ
    }

    /**
     * {@code BODY[section]<partial>} and {@code BODY.PEEK[...]}.
     *
     * @param peek BODY.PEEK, or RFC822.HEADER: does not set \Seen
     * @param part the part numbers ({@code 1.2} is [1, 2]); empty for the whole message
     * @param kind which part of it
     * @param fields the header names of HEADER.FIELDS(.NOT), as sent; empty otherwise
     * @param partialStart the first octet of {@code <start.length>}, or -1 for no partial
     * @param partialLength the octet count of the partial; unused without one
     * @param legacyName {@code RFC822}, {@code RFC822.HEADER} or {@code RFC822.TEXT} when the client
     *     asked under that name (the response uses it), else null
     */
    record BodySection(boolean peek, List<Integer> part, SectionKind kind, List<String> fields,
                       long partialStart, long partialLength, String legacyName) implements FetchAttribute {
        public BodySection {
            part = List.copyOf(part);
            fields = List.copyOf(fields);
        }

        /** Whether fetching this marks the message \Seen (RFC 3501 6.4.5). */
        public boolean setsSeen() {
            return !peek;
        }
    }

    /** {@code BINARY[part]<partial>}, {@code BINARY.PEEK} and {@code BINARY.SIZE[part]} (RFC 3516). */
    record Binary(boolean peek, boolean sizeOnly, List<Integer> part, long partialStart, long partialLength)
            implements FetchAttribute {
        public Binary {
            part = List.copyOf(part);
        }
    }
}
