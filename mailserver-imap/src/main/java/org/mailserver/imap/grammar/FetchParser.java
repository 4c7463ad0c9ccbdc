package org.mailserver.imap.grammar;

import java.util.ArrayList;
import java.util.List;
import org.mailserver.imap.grammar.FetchAttribute.BodySection;
import org.mailserver.imap.grammar.FetchAttribute.Simple;

/**
 * FETCH and UID FETCH: RFC 3501 6.4.5 and 9 {@code fetch-att}, RFC 3516 4.2 BINARY, RFC 7162 3.1.4
 * MODSEQ and 3.1.4.1/3.2.6 CHANGEDSINCE and VANISHED. Pure; thread-safe.
 */
final class FetchParser {
    // RFC 3501 6.4.5: the macros, expanded
    private static final List<FetchAttribute> FAST = List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE);
    private static final List<FetchAttribute> ALL = List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE,
            Simple.ENVELOPE);
    private static final List<FetchAttribute> FULL = List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE,
            Simple.ENVELOPE, Simple.BODY);

    private FetchParser() {
    }

    /**
     * {@code FETCH sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")")
     * [SP "(" fetch-modifier *(SP fetch-modifier) ")"]} (RFC 4466 2.4 modifiers).
     */
    static ImapCommand.Fetch fetch(ImapReader r, String tag, boolean uid) throws ImapSyntaxException {
        r.sp("sequence set");
        SequenceSet set = ValueParser.sequenceSet(r, "sequence set");
        r.sp("FETCH items");
        List<FetchAttribute> items;
        if (r.take('(')) {
            items = new ArrayList<>();
            do {
                items.add(item(r));
            } while (r.take(' '));
            r.expect(')', "closing parenthesis of the FETCH items");
        } else {
            int start = r.position();
            String macro = r.keyword();
            items = switch (macro) {
                case "ALL" -> ALL;
                case "FAST" -> FAST;
                case "FULL" -> FULL;
                default -> null;
            };
            if (items == null || r.peek() == '[' || r.peek() == '<') {
                r.reset(start);
                items = List.of(item(r));
            }
        }
        long changedSince = -1;
        boolean vanished = false;
        if (r.take(' ')) {
            r.expect('(', "FETCH modifiers");
            do {
                String modifier = r.keyword();
                if (modifier.equals("CHANGEDSINCE")) {
                    r.sp("CHANGEDSINCE value");
                    changedSince = r.digits("CHANGEDSINCE value", Long.MAX_VALUE); // RFC 7162 7: 63 bits
                } else if (modifier.equals("VANISHED")) {
                    vanished = true;
                } else {
                    throw modifier.isEmpty() ? r.missing("FETCH modifier") : r.error("unknown FETCH modifier " + modifier);
                }
            } while (r.take(' '));
            r.expect(')', "closing parenthesis of the FETCH modifiers");
        }
        if (vanished && (!uid || changedSince < 0)) {
            // RFC 7162 3.2.6: only UID FETCH, and only with CHANGEDSINCE
            throw r.error("VANISHED is only allowed in UID FETCH with CHANGEDSINCE");
        }
        return new ImapCommand.Fetch(tag, uid, set, items, changedSince, vanished);
    }

    private static FetchAttribute item(ImapReader r) throws ImapSyntaxException {
        int start = r.position();
        String name = r.keyword();
        switch (name) {
            case "UID":
                return Simple.UID;
            case "FLAGS":
                return Simple.FLAGS;
            case "INTERNALDATE":
                return Simple.INTERNALDATE;
            case "ENVELOPE":
                return Simple.ENVELOPE;
            case "BODYSTRUCTURE":
                return Simple.BODYSTRUCTURE;
            case "MODSEQ":
                return Simple.MODSEQ;
            case "RFC822.SIZE":
                return Simple.RFC822_SIZE;
            // RFC 3501 6.4.5: RFC822 is BODY[], RFC822.HEADER is BODY.PEEK[HEADER], RFC822.TEXT is BODY[TEXT]
            case "RFC822":
                return new BodySection(false, List.of(), SectionKind.WHOLE, List.of(), -1, 0, "RFC822");
            case "RFC822.HEADER":
                return new BodySection(true, List.of(), SectionKind.HEADER, List.of(), -1, 0, "RFC822.HEADER");
            case "RFC822.TEXT":
                return new BodySection(false, List.of(), SectionKind.TEXT, List.of(), -1, 0, "RFC822.TEXT");
            case "BODY":
                return r.peek() == '[' ? section(r, start, false) : Simple.BODY;
            case "BODY.PEEK":
                return section(r, start, true);
            case "BINARY":
            case "BINARY.PEEK":
            case "BINARY.SIZE":
                return binary(r, start, name);
            default:
                throw unknown(r, start);
        }
    }

    /** {@code section = "[" [section-spec] "]"}, then an optional {@code "<" number "." nz-number ">"}. */
    private static BodySection section(ImapReader r, int start, boolean peek) throws ImapSyntaxException {
        if (!r.take('[')) {
            throw unknown(r, start);
        }
        List<Integer> part = new ArrayList<>();
        SectionKind kind = SectionKind.WHOLE;
        List<String> fields = List.of();
        if (!r.take(']')) {
            String text = null;
            if (isDigit(r.peek())) {
                while (true) {
                    part.add(partNumber(r));
                    if (!r.take('.')) {
                        break;
                    }
                    if (!isDigit(r.peek())) {
                        text = r.keyword();
                        break;
                    }
                }
            } else {
                text = r.keyword();
            }
            if (text != null) {
                switch (text) {
                    case "HEADER" -> kind = SectionKind.HEADER;
                    case "HEADER.FIELDS" -> kind = SectionKind.HEADER_FIELDS;
                    case "HEADER.FIELDS.NOT" -> kind = SectionKind.HEADER_FIELDS_NOT;
                    case "TEXT" -> kind = SectionKind.TEXT;
                    case "MIME" -> kind = SectionKind.MIME; // section-text: only after a part number
                    default -> throw unknown(r, start);
                }
                if (kind == SectionKind.MIME && part.isEmpty()) {
                    throw r.error("MIME needs a part number: " + itemText(r, start));
                }
                if (kind == SectionKind.HEADER_FIELDS || kind == SectionKind.HEADER_FIELDS_NOT) {
                    fields = headerList(r);
                }
            }
            if (!r.take(']')) {
                throw unknown(r, start);
            }
        }
        long[] partial = partial(r);
        return new BodySection(peek, part, kind, fields, partial[0], partial[1], null);
    }

    /** RFC 3516 4.2: {@code BINARY[part]<partial>}, {@code BINARY.PEEK[...]}, {@code BINARY.SIZE[part]}. */
    private static FetchAttribute binary(ImapReader r, int start, String name) throws ImapSyntaxException {
        boolean sizeOnly = name.equals("BINARY.SIZE");
        if (!r.take('[')) {
            throw unknown(r, start);
        }
        List<Integer> part = new ArrayList<>();
        if (!r.take(']')) {
            do {
                if (!isDigit(r.peek())) {
                    throw unknown(r, start);
                }
                part.add(partNumber(r));
            } while (r.take('.'));
            if (!r.take(']')) {
                throw unknown(r, start);
            }
        }
        long[] partial = sizeOnly ? new long[] {-1, 0} : partial(r);
        // BINARY.SIZE never sets \Seen, as RFC822.SIZE does not
        return new FetchAttribute.Binary(!name.equals("BINARY"), sizeOnly, part, partial[0], partial[1]);
    }

    private static int partNumber(ImapReader r) throws ImapSyntaxException {
        long n = r.nzNumber("section part");
        if (n > Integer.MAX_VALUE) {
            throw r.error("section part is too large");
        }
        return (int) n;
    }

    /** {@code header-list = "(" header-fld-name *(SP header-fld-name) ")"}, after a space. */
    private static List<String> headerList(ImapReader r) throws ImapSyntaxException {
        r.sp("header field list");
        r.expect('(', "header field list");
        List<String> fields = new ArrayList<>();
        do {
            fields.add(r.astring("header field name"));
        } while (r.take(' '));
        r.expect(')', "closing parenthesis of the header field list");
        return fields;
    }

    /** {start, length}, or {-1, 0} without a partial. */
    private static long[] partial(ImapReader r) throws ImapSyntaxException {
        if (!r.take('<')) {
            return new long[] {-1, 0};
        }
        long start = r.number("partial start");
        r.expect('.', "partial length");
        long length = r.nzNumber("partial length");
        r.expect('>', "closing > of the partial");
        return new long[] {start, length};
    }

    private static ImapSyntaxException unknown(ImapReader r, int start) {
        if (start >= r.lineEnd() || r.byteAt(start) == ' ' || r.byteAt(start) == ')') {
            return r.error("missing FETCH item");
        }
        return r.error("unknown FETCH item " + itemText(r, start));
    }

    /** The item as sent, from {@code start} to its end (a space or parenthesis outside brackets). */
    private static String itemText(ImapReader r, int start) {
        int depth = 0;
        int i = start;
        for (; i < r.lineEnd(); i++) {
            byte b = r.byteAt(i);
            if (b == '[') {
                depth++;
            } else if (b == ']') {
                depth--;
            } else if (depth <= 0 && (b == ' ' || b == ')' || b == '(')) {
                break;
            }
        }
        return r.textBetween(start, i);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
