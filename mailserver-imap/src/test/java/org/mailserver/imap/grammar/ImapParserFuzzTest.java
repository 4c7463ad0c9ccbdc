package org.mailserver.imap.grammar;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mailserver.core.delivery.MessageSource;

/**
 * Every input either parses or throws {@link ImapSyntaxException}: random octets, random segment
 * sequences, mutations of valid commands and soups of grammar tokens, from fixed seeds.
 */
class ImapParserFuzzTest {
    private static final String[] VALID = {
        "a1 CAPABILITY", "a LOGIN {5}\r\nalice {6+}\r\nsecret", "a AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==",
        "a SELECT INBOX (QRESYNC (67890007 90060115194045000 41:211,214:541 (1,5,10 8,143,231)))",
        "a EXAMINE \"x\" (CONDSTORE)", "a CREATE MySent (USE (\\Sent))", "a RENAME foo \"bar baz\"",
        "a LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (\"INBOX\" Drafts/%) RETURN (CHILDREN STATUS (MESSAGES UNSEEN))",
        "a LSUB \"#news.\" \"comp.mail.*\"", "a STATUS blurdybloop (UIDNEXT MESSAGES)",
        "A003 APPEND saved-messages (\\Seen) \" 7-Feb-1994 21:52:25 -0800\" {5}\r\nhello",
        "a APPEND {5+}\r\nINBOX \"17-Jul-1996 02:44:25 +0130\" {0}\r\n", "a ENABLE CONDSTORE", "a ID (\"a\" NIL)",
        "a SETQUOTA x (STORAGE 5)", "a COMPRESS DEFLATE", "a UID EXPUNGE 1:3,5", "a UID COPY 1:*,7:3 Archive",
        "a STORE 7 (UNCHANGEDSINCE 12345) +FLAGS.SILENT (\\Seen $x)", "a STORE 1 FLAGS \\Seen \\Deleted",
        "a FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (DATE FROM)]<0.2048> BODY[1.2.MIME] BINARY.PEEK[1]<0.5>)",
        "a UID FETCH 300:500 (FLAGS RFC822.HEADER) (CHANGEDSINCE 12345 VANISHED)", "a FETCH 1 FULL",
        "a SEARCH RETURN (MIN COUNT) CHARSET UTF-8 OR (FROM {3}\r\nabc NOT SEEN) 1:5,* UID 4:7 SINCE 1-Feb-1994",
        "a UID SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338 LARGER 5 OLDER 60 HEADER X-A \"b\" KEYWORD $Junk",
    };
    private static final String[] TOKENS = {
        " ", "(", ")", "[", "]", "<", ">", ".", ":", ",", "*", "%", "\"", "\\", "{", "}", "+", "-", "~", "0", "1", "42",
        "4294967296", "99999999999999999999999", "NIL", "UID", "FETCH", "STORE", "SEARCH", "APPEND", "LIST", "SELECT",
        "STATUS", "CREATE", "ID", "ENABLE", "LOGIN", "AUTHENTICATE", "BODY", "BODY.PEEK", "BINARY", "BINARY.SIZE",
        "HEADER", "HEADER.FIELDS", "HEADER.FIELDS.NOT", "TEXT", "MIME", "RFC822", "FLAGS", "+FLAGS", "FLAGS.SILENT",
        "CHANGEDSINCE", "VANISHED", "UNCHANGEDSINCE", "OR", "NOT", "ALL", "MODSEQ", "CHARSET", "RETURN", "QRESYNC",
        "CONDSTORE", "USE", "\\Seen", "1-Feb-1994", "\" 7-Feb-1994 21:52:25 -0800\"", "INBOX", "\u00e9", "{3}\r\nabc",
        "{0}\r\n", "{5+}\r\nab", "\r\n", "\u0000",
    };

    @Test
    void randomOctets() {
        Random random = new Random(1);
        for (int i = 0; i < 100_000; i++) {
            byte[] line = new byte[random.nextInt(60)];
            for (int j = 0; j < line.length; j++) {
                line[j] = random.nextInt(4) == 0 ? (byte) random.nextInt(256)
                        : (byte) " ()[]<>{}\"\\*%+-.:,0123456789aAbBzZ~\r\n".charAt(random.nextInt(35));
            }
            List<Segment> segments = new ArrayList<>();
            segments.add(new Segment.Text(("t " + (random.nextBoolean() ? "" : "UID ")).getBytes(StandardCharsets.US_ASCII)));
            segments.set(0, new Segment.Text(concat(((Segment.Text) segments.get(0)).bytes(), line)));
            while (random.nextInt(4) == 0) {
                segments.add(randomSegment(random));
            }
            check(segments);
        }
    }

    @Test
    void mutatedCommands() {
        Random random = new Random(2);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder s = new StringBuilder(VALID[random.nextInt(VALID.length)]);
            for (int m = random.nextInt(4); m >= 0 && s.length() > 0; m--) {
                int at = random.nextInt(s.length());
                switch (random.nextInt(4)) {
                    case 0 -> s.deleteCharAt(at);
                    case 1 -> s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                    case 2 -> s.setLength(at);
                    default -> s.setCharAt(at, (char) (random.nextInt(0x7f)));
                }
            }
            check(frame(s.toString()));
        }
    }

    @Test
    void tokenSoup() {
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            // a valid command cut short, then tokens: reaches deep into each command's grammar
            String valid = VALID[random.nextInt(VALID.length)];
            StringBuilder s = new StringBuilder(valid.substring(0, random.nextInt(valid.length() + 1)));
            for (int n = random.nextInt(12); n >= 0; n--) {
                s.append(TOKENS[random.nextInt(TOKENS.length)]);
                if (random.nextBoolean()) {
                    s.append(' ');
                }
            }
            check(frame(s.toString()));
        }
    }

    private static Segment randomSegment(Random random) {
        byte[] b = new byte[random.nextInt(8)];
        random.nextBytes(b);
        return switch (random.nextInt(3)) {
            case 0 -> new Segment.Text(b);
            case 1 -> new Segment.Literal(b);
            default -> new Segment.Message(new Bytes(b));
        };
    }

    /** Like the decoder, but a literal may be cut short by the end of the input. */
    private static List<Segment> frame(String wire) {
        byte[] b = wire.getBytes(StandardCharsets.UTF_8);
        List<Segment> out = new ArrayList<>();
        int i = 0;
        while (true) {
            int lf = i;
            while (lf < b.length && b[lf] != '\n') {
                lf++;
            }
            int end = lf > i && b[lf - 1] == '\r' ? lf - 1 : lf;
            byte[] line = Arrays.copyOfRange(b, i, end);
            out.add(new Segment.Text(line));
            CommandLine.Literal literal = CommandLine.literal(line, line.length, false);
            if (literal == null || lf >= b.length) {
                return out;
            }
            i = lf + 1;
            int n = (int) Math.min(Math.max(literal.size(), 0), b.length - i);
            out.add(new Segment.Literal(Arrays.copyOfRange(b, i, i + n)));
            i += n;
        }
    }

    private static void check(List<Segment> segments) {
        try {
            assertNotNull(ImapParser.parse(segments));
        } catch (ImapSyntaxException e) {
            assertNotNull(e.getMessage());
        } catch (Throwable t) {
            StringBuilder input = new StringBuilder();
            for (Segment s : segments) {
                input.append(s.getClass().getSimpleName()).append(':');
                if (s instanceof Segment.Text text) {
                    input.append(HexFormat.of().formatHex(text.bytes()));
                } else if (s instanceof Segment.Literal l) {
                    input.append(HexFormat.of().formatHex(l.bytes()));
                }
                input.append(' ');
            }
            fail("parsing " + input + "threw " + t, t);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static final class Bytes implements MessageSource {
        private final byte[] bytes;

        Bytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }
}
