package org.mailserver.core.filter.authres;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.util.ByteSequence;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.filter.HeaderEdit;

/**
 * Finds the {@code Authentication-Results:} fields of a message's own header that carry a given
 * authserv-id (RFC 8601 5), with Mime4j's streaming parser. Pure apart from reading the message.
 */
final class ForgedResults {
    private static final String NAME = "Authentication-Results";
    /** Longer fields stop the parser (Mime4j's limit): the rest of the header cannot be checked. */
    static final int PARSE_LIMIT = 1024 * 1024;
    private static final MimeConfig MIME = new MimeConfig.Builder()
            .setMaxLineLen(PARSE_LIMIT).setMaxHeaderLen(PARSE_LIMIT).setMaxHeaderCount(-1).build();

    private ForgedResults() {
    }

    /** What the header holds: the fields to remove, and whether any could not be checked or removed. */
    record Scan(List<Found> found, String unchecked) {
        /** Null {@code unchecked}: every field was read and every match can be removed. */
        boolean complete() {
            return unchecked == null;
        }
    }

    /** One field with our authserv-id: the edit that removes it, and its text. */
    record Found(HeaderEdit edit, String field) {
    }

    static Scan scan(MessageSource message, String authservId) throws IOException {
        List<Found> found = new ArrayList<>(0);
        MimeTokenStream ts = new MimeTokenStream(MIME);
        try (InputStream in = message.open()) {
            ts.parse(in);
            try {
                for (EntityState st = ts.getState(); st != EntityState.T_END_HEADER && st != EntityState.T_END_OF_STREAM;
                     st = ts.next()) {
                    if (st != EntityState.T_FIELD || !ts.getField().getName().equalsIgnoreCase(NAME)) {
                        continue;
                    }
                    Field f = ts.getField();
                    String id = authservId(f.getBody());
                    if (id == null || !id.equalsIgnoreCase(authservId)) {
                        continue;
                    }
                    ByteSequence raw = f.getRaw();
                    String key = raw == null ? null : HeaderEdit.keyOfParsedField(raw.toByteArray());
                    if (key == null) {
                        return new Scan(found, "an Authentication-Results field with our authserv-id is too long"
                                + " to remove (over " + HeaderEdit.FIELD_LIMIT + " octets)");
                    }
                    HeaderEdit e = new HeaderEdit(HeaderEdit.Kind.DELETE, key, null);
                    if (found.stream().noneMatch(x -> x.edit().equals(e))) {
                        found.add(new Found(e, key));
                    }
                }
            } catch (MimeException e) {
                return new Scan(found, "a header field over " + PARSE_LIMIT + " octets: the fields after it cannot"
                        + " be checked");
            } finally {
                ts.stop();
            }
        }
        return new Scan(found, null);
    }

    /**
     * The authserv-id of an {@code Authentication-Results:} body (RFC 8601 2.2: {@code [CFWS] authserv-id},
     * a token or a quoted-string), or null when there is none.
     */
    static String authservId(String body) {
        String s = body.replace("\r", "").replace("\n", "");
        int i = skipCfws(s, 0);
        if (i >= s.length()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        if (s.charAt(i) == '"') {
            for (i++; i < s.length() && s.charAt(i) != '"'; i++) {
                if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                    i++;
                }
                b.append(s.charAt(i));
            }
            return i < s.length() ? b.toString() : null;
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ';' || c == '(' || c == ' ' || c == '\t' || c == '"') {
                break;
            }
            b.append(c);
        }
        return b.length() == 0 ? null : b.toString();
    }

    /** RFC 5322 3.2.2 CFWS: white space and comments, which nest and may hold quoted pairs. */
    private static int skipCfws(String s, int i) {
        int depth = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (depth > 0 && c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (depth > 0 && c == ')') {
                depth--;
            } else if (depth == 0 && c != ' ' && c != '\t') {
                return i;
            }
        }
        return i;
    }
}
