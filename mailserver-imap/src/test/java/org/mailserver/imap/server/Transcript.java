package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays a session transcript against a server and checks every server line, in order.
 *
 * <pre>
 * C: a1 SELECT INBOX            sent as is, CRLF added
 * S: * 2 EXISTS                 the next line from the server must be exactly this
 * S: * OK [UIDVALIDITY {}] {}   {} stands for any text (a value that varies, a human-readable text)
 * S: a1 OK [READ-WRITE] {}
 * </pre>
 *
 * A literal in a server line is inlined by {@link ImapLineClient} ({@code {5}\r\nhello}); a script
 * writes it with the {@code \r\n} escape of a Java text block, which does not end the script line.
 * {@code C:} alone sends an empty line (the CRLF that ends a command after a literal). Blank lines
 * and lines starting with {@code #} are ignored. On a mismatch the failure shows the
 * transcript so far, which is what a bug report needs.
 */
final class Transcript {
    private static final Pattern SCRIPT_LINE = Pattern.compile("(?<!\r)\n");

    private final ImapLineClient client;
    private final List<String> log = new ArrayList<>();

    Transcript(ImapLineClient client) {
        this.client = client;
    }

    /** Plays {@code script} on {@code client}. */
    static void play(ImapLineClient client, String script) throws IOException {
        new Transcript(client).run(script);
    }

    void run(String script) throws IOException {
        for (String raw : SCRIPT_LINE.split(script)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.equals("C:")) {
                log.add("C:");
                client.send(""); // an empty line, e.g. the end of a command after a literal
            } else if (line.startsWith("C: ")) {
                String text = raw.substring(raw.indexOf("C: ") + 3);
                log.add("C: " + text);
                client.send(text);
            } else if (line.startsWith("S: ")) {
                expect(raw.substring(raw.indexOf("S: ") + 3));
            } else {
                throw new IllegalArgumentException("a transcript line starts with C: or S: " + line);
            }
        }
    }

    /** Reads one line and checks it against a pattern as in a script's {@code S:} line. */
    void expect(String pattern) throws IOException {
        String got;
        try {
            got = client.line();
        } catch (SocketTimeoutException e) {
            fail("timed out waiting for\nS: " + pattern + "\n--- transcript so far ---\n" + String.join("\n", log));
            return;
        }
        if (got == null) {
            fail("connection closed, expected\nS: " + pattern + "\n--- transcript so far ---\n" + String.join("\n", log));
        }
        log.add("S: " + got);
        if (!matches(pattern, got)) {
            fail("expected\nS: " + pattern + "\n     got\nS: " + got + "\n--- transcript so far ---\n"
                    + String.join("\n", log));
        }
    }

    /** Whether {@code line} matches {@code pattern}, where {@code {}} is any text and all else literal. */
    static boolean matches(String pattern, String line) {
        return regex(pattern).matcher(line).matches();
    }

    static Pattern regex(String pattern) {
        StringBuilder re = new StringBuilder();
        int from = 0;
        for (int i = pattern.indexOf("{}"); i >= 0; i = pattern.indexOf("{}", from)) {
            re.append(Pattern.quote(pattern.substring(from, i))).append(".*?");
            from = i + 2;
        }
        re.append(Pattern.quote(pattern.substring(from)));
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** Checks received lines against patterns one for one. */
    static void check(List<String> got, String... patterns) {
        boolean ok = got.size() == patterns.length;
        for (int i = 0; ok && i < patterns.length; i++) {
            ok = matches(patterns[i], got.get(i));
        }
        if (!ok) {
            fail("expected\nS: " + String.join("\nS: ", patterns) + "\n     got\nS: " + String.join("\nS: ", got));
        }
    }

    /** The first group of {@code regex} found in any of the lines, or fails. */
    static String find(List<String> lines, String regex) {
        Pattern p = Pattern.compile(regex);
        for (String line : lines) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        fail("no line matches " + regex + " in\n" + String.join("\n", lines));
        return null;
    }
}
