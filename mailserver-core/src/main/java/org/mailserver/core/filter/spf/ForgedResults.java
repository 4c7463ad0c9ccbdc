package org.mailserver.core.filter.spf;

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
 * RFC 8601 5: {@code Authentication-Results:} fields that arrive with a message and carry our own
 * authserv-id claim checks we never made; the receiving MTA removes them before it adds its own, so
 * nobody downstream trusts a forger's {@code spf=pass}. Fields with another authserv-id are kept
 * (they are some other host's, and say so).
 *
 * <p>Reads the message's own header only, with Mime4j's streaming parser. Pure apart from that read.
 */
final class ForgedResults {
    private static final String NAME = "Authentication-Results";
    private static final MimeConfig MIME = new MimeConfig.Builder()
            .setMaxLineLen(1024 * 1024).setMaxHeaderLen(1024 * 1024).setMaxHeaderCount(-1).build();

    private ForgedResults() {
    }

    /** A {@link HeaderEdit.Kind#DELETE} for each top-level field claiming {@code authservId}, with its text for the log. */
    static List<Found> find(MessageSource message, String authservId) throws IOException {
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
                    ByteSequence raw = f.getRaw();
                    byte[] b = raw == null ? null : raw.toByteArray();
                    String key = b == null ? null : HeaderEdit.key(b, b.length);
                    if (key != null && id != null && id.equalsIgnoreCase(authservId)) {
                        HeaderEdit e = new HeaderEdit(HeaderEdit.Kind.DELETE, key, null);
                        if (found.stream().noneMatch(x -> x.edit().equals(e))) {
                            found.add(new Found(e, key));
                        }
                    }
                }
            } catch (MimeException e) {
                // a header Mime4j gives up on: what was read so far is checked
            } finally {
                ts.stop();
            }
        }
        return found;
    }

    /** One forged field: the edit that removes it, and its text. */
    record Found(HeaderEdit edit, String field) {
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
