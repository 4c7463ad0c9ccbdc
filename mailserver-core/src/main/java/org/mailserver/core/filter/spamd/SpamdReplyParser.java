package org.mailserver.core.filter.spamd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses spamd's reply to CHECK or SYMBOLS (SPAMC/1.5, SpamAssassin's {@code spamd/PROTOCOL}): a
 * status line {@code SPAMD/1.1 0 EX_OK}, header lines up to an empty line (among them
 * {@code Spam: True ; 15.3 / 5.0} and, for SYMBOLS, {@code Content-length}), then the body: the hit
 * rules separated by commas. Pure grammar, no I/O.
 */
public final class SpamdReplyParser {
    private static final Pattern STATUS = Pattern.compile("SPAMD/(\\d+)\\.(\\d+) +(\\d+) +(.*)");
    private static final Pattern SPAM = Pattern.compile(
            "(True|False|Yes|No) *; *(-?\\d+(?:\\.\\d+)?) */ *(-?\\d+(?:\\.\\d+)?)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private SpamdReplyParser() {
    }

    /** Parses a whole reply as read up to the end of the connection. */
    public static SpamdReply parse(byte[] reply) throws SpamdException {
        String text = new String(reply, StandardCharsets.US_ASCII);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            throw new SpamdException("reply ends before the empty line after the headers: " + excerpt(text));
        }
        String[] lines = text.substring(0, headerEnd).split("\r\n", -1);
        String body = text.substring(headerEnd + 4);
        checkStatus(lines[0]);
        Boolean spam = null;
        double score = 0;
        double threshold = 0;
        Integer contentLength = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new SpamdException("bad header line: " + excerpt(lines[i]));
            }
            String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).strip();
            if (name.equals("spam")) {
                Matcher m = SPAM.matcher(value);
                if (!m.matches()) {
                    throw new SpamdException("bad Spam header: " + excerpt(value));
                }
                spam = m.group(1).equalsIgnoreCase("true") || m.group(1).equalsIgnoreCase("yes");
                score = Double.parseDouble(m.group(2));
                threshold = Double.parseDouble(m.group(3));
            } else if (name.equals("content-length")) {
                try {
                    contentLength = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new SpamdException("bad Content-length: " + excerpt(value));
                }
            }
        }
        if (spam == null) {
            throw new SpamdException("reply without a Spam header");
        }
        if (contentLength != null && contentLength != body.length()) {
            throw new SpamdException("reply body has " + body.length() + " octets, Content-length says " + contentLength);
        }
        return new SpamdReply(spam, score, threshold, symbols(body));
    }

    /** Accepts {@code SPAMD/1.x 0 EX_OK}; any other code (e.g. 76 EX_PROTOCOL) is an error. */
    static void checkStatus(String line) throws SpamdException {
        Matcher m = STATUS.matcher(line);
        if (!m.matches()) {
            throw new SpamdException("not a SPAMD status line: " + excerpt(line));
        }
        if (!m.group(3).equals("0")) {
            throw new SpamdException("spamd error " + m.group(3) + " " + excerpt(m.group(4)));
        }
    }

    /** The SYMBOLS body: rule names separated by commas, maybe followed by a line end. */
    static List<String> symbols(String body) throws SpamdException {
        String b = body.strip();
        if (b.isEmpty()) {
            return List.of();
        }
        List<String> out = Arrays.stream(b.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String s : out) {
            if (!SYMBOL.matcher(s).matches()) {
                throw new SpamdException("bad rule name in SYMBOLS reply: " + excerpt(s));
            }
        }
        return out;
    }

    private static String excerpt(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "'" + t.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}
