package org.mailserver.core.filter.clamd;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses clamd's reply to {@code zINSTREAM} (clamd(8), "COMMANDS"): one line ended by NUL (for
 * z-commands) or newline: {@code stream: OK}, {@code stream: <signature> FOUND}, or
 * {@code <message> ERROR}. Pure grammar, no I/O.
 */
public final class ClamdReplyParser {
    // the signature name is everything between "stream: " and " FOUND"; names have no spaces, but
    // match leniently so an unusual name is still reported, not treated as an error
    private static final Pattern FOUND = Pattern.compile("stream: (\\S(?:.*\\S)?) FOUND");
    private static final Pattern SAFE = Pattern.compile("[\\x21-\\x7e]+(?: [\\x21-\\x7e]+)*");

    private ClamdReplyParser() {
    }

    public static ClamdReply parse(byte[] reply) {
        return parse(new String(reply, StandardCharsets.ISO_8859_1));
    }

    public static ClamdReply parse(String reply) {
        String line = reply;
        int end = line.indexOf('\0');
        if (end >= 0) {
            line = line.substring(0, end);
        }
        line = line.strip();
        if (line.equals("stream: OK")) {
            return new ClamdReply.Clean();
        }
        Matcher m = FOUND.matcher(line);
        if (m.matches() && SAFE.matcher(m.group(1)).matches()) {
            return new ClamdReply.Found(m.group(1));
        }
        if (line.endsWith(" ERROR")) {
            return new ClamdReply.Error(safe(line.substring(0, line.length() - " ERROR".length())));
        }
        return new ClamdReply.Error("unexpected reply " + (line.isEmpty() ? "(none)" : "'" + safe(line) + "'"));
    }

    private static String safe(String s) {
        String t = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
