package org.mailserver.imap.grammar;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * SEARCH and UID SEARCH: RFC 3501 6.4.4 and 9 {@code search-key}, with RFC 4731's RETURN options,
 * RFC 5032's OLDER and YOUNGER and RFC 7162 3.1.5's MODSEQ. Keys are case-insensitive. Pure;
 * one instance per command.
 *
 * <p>Strings are decoded in the CHARSET given when Java knows it, else as UTF-8: an unknown charset is
 * not a syntax error but a {@code NO [BADCHARSET]} (RFC 3501 6.4.4), the session's to give.
 */
final class SearchParser {
    /** Deeper nesting of NOT, OR and parentheses is refused rather than risking the stack. */
    static final int MAX_DEPTH = 64;
    private static final Set<String> RETURN_OPTIONS = Set.of("MIN", "MAX", "ALL", "COUNT", "SAVE");

    private final ImapReader r;
    private final Charset charset;

    private SearchParser(ImapReader r, Charset charset) {
        this.r = r;
        this.charset = charset;
    }

    /** {@code SEARCH [SP "RETURN" SP "(" [option *(SP option)] ")"] SP ["CHARSET" SP astring SP] 1*search-key}. */
    static ImapCommand.Search search(ImapReader r, String tag, boolean uid) throws ImapSyntaxException {
        r.sp("search criteria");
        Set<String> returnOptions = null;
        if (r.takeKeyword("RETURN")) { // RFC 4466 2.6, RFC 4731 3.1
            r.sp("RETURN options");
            r.expect('(', "RETURN options");
            returnOptions = new LinkedHashSet<>();
            if (!r.take(')')) {
                do {
                    String option = r.keyword();
                    if (!RETURN_OPTIONS.contains(option)) {
                        throw option.isEmpty() ? r.missing("SEARCH RETURN option") : r.error("unknown SEARCH RETURN option " + option);
                    }
                    returnOptions.add(option);
                } while (r.take(' '));
                r.expect(')', "closing parenthesis of the RETURN options");
            }
            if (returnOptions.isEmpty()) {
                returnOptions.add("ALL"); // RFC 4731 3.1: RETURN () means RETURN (ALL)
            }
            r.sp("search criteria");
        }
        String charsetName = null;
        if (r.takeKeyword("CHARSET")) {
            r.sp("charset");
            charsetName = r.astring("charset");
            r.sp("search criteria");
        }
        SearchParser p = new SearchParser(r, charset(charsetName));
        List<SearchKey> keys = new ArrayList<>();
        do {
            keys.add(p.key(0));
        } while (r.take(' '));
        return new ImapCommand.Search(tag, uid, charsetName, new SearchKey.And(keys),
                returnOptions == null ? null : Set.copyOf(returnOptions));
    }

    private static Charset charset(String name) {
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private SearchKey key(int depth) throws ImapSyntaxException {
        if (depth > MAX_DEPTH) {
            throw r.error("search criteria nested too deeply");
        }
        int c = r.peek();
        if (c == '(') {
            r.take('(');
            List<SearchKey> keys = new ArrayList<>();
            do {
                keys.add(key(depth + 1));
            } while (r.take(' '));
            r.expect(')', "closing parenthesis of the search criteria");
            return new SearchKey.And(keys);
        }
        if (c == '*' || c == '$' || (c >= '0' && c <= '9')) {
            return new SearchKey.Sequence(ValueParser.sequenceSet(r, "sequence set"));
        }
        String key = r.keyword();
        switch (key) {
            case "ALL":
                return new SearchKey.All();
            case "ANSWERED":
            case "DELETED":
            case "DRAFT":
            case "FLAGGED":
            case "SEEN":
                return new SearchKey.Flag(systemFlag(key), true);
            case "UNANSWERED":
            case "UNDELETED":
            case "UNDRAFT":
            case "UNFLAGGED":
            case "UNSEEN":
                return new SearchKey.Flag(systemFlag(key.substring(2)), false);
            case "KEYWORD":
            case "UNKEYWORD":
                r.sp("keyword");
                return new SearchKey.Flag(r.atom("keyword"), key.equals("KEYWORD"));
            case "NEW":
                return new SearchKey.And(List.of(new SearchKey.Recent(true), new SearchKey.Flag("\\Seen", false)));
            case "OLD":
                return new SearchKey.Recent(false);
            case "RECENT":
                return new SearchKey.Recent(true);
            case "FROM":
            case "TO":
            case "CC":
            case "BCC":
            case "SUBJECT":
                return new SearchKey.Header(fieldName(key), string());
            case "HEADER":
                String field = string();
                return new SearchKey.Header(field, string());
            case "BODY":
                return new SearchKey.Body(string());
            case "TEXT":
                return new SearchKey.Text(string());
            case "BEFORE":
            case "ON":
            case "SINCE":
                return date(key, false);
            case "SENTBEFORE":
            case "SENTON":
            case "SENTSINCE":
                return date(key.substring(4), true);
            case "LARGER":
            case "SMALLER":
                r.sp("size");
                return new SearchKey.Size(r.digits("size", Long.MAX_VALUE), key.equals("LARGER"));
            case "OLDER": // RFC 5032 3
            case "YOUNGER":
                r.sp("interval");
                return new SearchKey.Age(r.nzNumber("interval"), key.equals("OLDER"));
            case "UID":
                r.sp("UID set");
                return new SearchKey.Uid(ValueParser.sequenceSet(r, "UID set"));
            case "NOT":
                r.sp("search key after NOT");
                return new SearchKey.Not(key(depth + 1));
            case "OR":
                r.sp("first search key of OR");
                SearchKey left = key(depth + 1);
                r.sp("second search key of OR");
                return new SearchKey.Or(left, key(depth + 1));
            case "MODSEQ":
                return modSeq();
            default:
                throw key.isEmpty() ? r.missing("search key") : r.error("unknown SEARCH key " + key);
        }
    }

    /** RFC 7162 3.1.5: {@code MODSEQ [SP entry-name SP entry-type-req] SP mod-sequence-valzer}; the entry is ignored. */
    private SearchKey modSeq() throws ImapSyntaxException {
        r.sp("MODSEQ value");
        if (r.peek() == '"') {
            r.string("MODSEQ entry name");
            r.sp("MODSEQ entry type");
            String type = r.keyword();
            if (!type.equals("PRIV") && !type.equals("SHARED") && !type.equals("ALL")) {
                throw r.error("MODSEQ entry type must be priv, shared or all");
            }
            r.sp("MODSEQ value");
        }
        return new SearchKey.ModSeq(r.digits("MODSEQ value", Long.MAX_VALUE));
    }

    private SearchKey date(String op, boolean sent) throws ImapSyntaxException {
        r.sp("date");
        return new SearchKey.Date(SearchKey.DateOp.valueOf(op), ValueParser.date(r, "date"), sent);
    }

    /** A space and an astring, decoded in the command's charset. */
    private String string() throws ImapSyntaxException {
        r.sp("search string");
        return new String(r.astringBytes("search string"), charset);
    }

    private static String systemFlag(String key) {
        return "\\" + key.charAt(0) + key.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    private static String fieldName(String key) {
        return switch (key) {
            case "FROM" -> "From";
            case "TO" -> "To";
            case "CC" -> "Cc";
            case "BCC" -> "Bcc";
            default -> "Subject";
        };
    }
}
