package org.mailserver.store.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageStructureCodec} gives back what it wrote, for every message of the corpora: the IMAP
 * module's FETCH and SEARCH test messages, every message written in this module's tests, hostile
 * ones (deep, wide, long), and every one of those cut short at a dozen places (broken MIME).
 */
class MessageStructureCodecTest {

    /** This module's tests, where the messages they parse are written as text blocks and literals. */
    private static final Path TEST_SOURCES = Path.of("src/test/java/org/mailserver/store");
    private static final Path IMAP_CORPORA = Path.of("../mailserver-imap/src/test/resources");
    private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"[ \\t]*\\n(.*?)\"\"\"", Pattern.DOTALL);
    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u+([0-9a-fA-F]{4})");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*(?:\\\\n|\\\\r\\\\n)(?:[^\"\\\\\\n]|\\\\.)*)\"");

    static byte[] encode(MessageStructure s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MessageStructureCodec.write(s, new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    static MessageStructure decode(byte[] encoded) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
        MessageStructure s = MessageStructureCodec.read(in);
        assertEquals(-1, in.read(), "reads exactly what was written");
        return s;
    }

    /** Every message of the corpora, by a name for the failure message. */
    static Map<String, byte[]> corpus() throws IOException {
        Map<String, byte[]> messages = new LinkedHashMap<>();
        for (String dir : List.of("mime", "search")) {
            try (Stream<Path> files = Files.list(IMAP_CORPORA.resolve(dir))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                    messages.put(dir + "/" + file.getFileName(), Files.readAllBytes(file));
                }
            }
        }
        try (Stream<Path> files = Files.walk(TEST_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String source = Files.readString(file);
                addAll(messages, file.getFileName() + " block ", TEXT_BLOCK.matcher(source), true);
                addAll(messages, file.getFileName() + " literal ", LITERAL.matcher(source), false);
            }
        }
        messages.putAll(hostile());
        return messages;
    }

    private static void addAll(Map<String, byte[]> into, String name, Matcher m, boolean block) {
        for (int i = 0; m.find(); i++) {
            String text = unicodeEscapes(block ? m.group(1).stripIndent() : m.group(1)).translateEscapes();
            // as the tests deliver them: CRLF, and as they are (bare LFs)
            into.put(name + i, text.getBytes(StandardCharsets.UTF_8));
            into.put(name + i + " crlf", text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** {@code \u00FC} as the compiler reads it, before {@link String#translateEscapes}. */
    private static String unicodeEscapes(String source) {
        return UNICODE_ESCAPE.matcher(source).replaceAll(r -> Matcher.quoteReplacement(
                String.valueOf((char) Integer.parseInt(r.group(1), 16))));
    }

    private static Map<String, byte[]> hostile() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            deep.append("Content-Type: multipart/mixed; boundary=\"=_").append(i).append("_=\"\r\n\r\n--=_")
                    .append(i).append("_=\r\n");
        }
        deep.append("\r\ninnermost\r\n");
        for (int i = 149; i >= 0; i--) {
            deep.append("--=_").append(i).append("_=--\r\n");
        }
        m.put("deep multiparts", deep.toString().getBytes(StandardCharsets.US_ASCII));
        m.put("deep messages", ("Subject: nested\r\nFrom: a@b\r\nContent-Type: message/rfc822\r\n\r\n").repeat(150)
                .concat("body\r\n").getBytes(StandardCharsets.US_ASCII));
        StringBuilder wide = new StringBuilder("Content-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (int i = 0; i < StructureParser.MAX_PARTS + 10; i++) {
            wide.append("--b\r\nContent-Type: text/plain; name*=utf-8''%E2%82%AC").append(i)
                    .append("\r\nContent-Language: en, de\r\n\r\n").append(i).append("\r\n");
        }
        m.put("wide", wide.append("--b--\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        m.put("long header", ("Subject: " + "ü".repeat(40_000) + "\r\nX: y\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8));
        m.put("everything", """
                From: "Joe Q. Public" <john.q.public@example.com>, (comment) Mary <@a,@b:mary@x.test>
                Sender: Secretary <sec@example.com>
                Reply-To: undisclosed: ;, group: a@b, c@d;
                To: <@route:boss@nil.test>, "Giant; \\"Big\\" Box" <sysservices@example.net>
                Cc: =?utf-8?q?Gr=C3=BC=C3=9Fe?= <g@example.org>
                Bcc:
                Subject: =?iso-8859-1?q?caf=E9?=
                Date: Fri, 21 Nov 1997 09:55:06 -0600
                Message-ID: <5678.21-Nov-1997@example.com>
                In-Reply-To: <1234@local.machine.example>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="outer"; charset*=us-ascii'en'x
                Content-Language: en-GB
                Content-Location: http://example.com/m

                --outer
                Content-Type: text/plain; charset=utf-8; format=flowed
                Content-Transfer-Encoding: quoted-printable
                Content-ID: <part1@example.com>
                Content-Description: the text
                Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
                Content-Disposition: inline; filename*0*=utf-8'de'%C3%BC; filename*1=ber.txt; size=12

                Gr=C3=BC=C3=9Fe
                --outer
                Content-Type: message/rfc822

                From: inner@example.com
                Subject: inner
                Content-Type: multipart/alternative; boundary=alt

                --alt

                plain
                --alt
                Content-Type: text/html

                <p>html</p>
                --alt--
                --outer
                Content-Type: application/octet-stream
                Content-Disposition: attachment; filename="a b.bin"

                AAAA
                --outer--
                """.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        return m;
    }

    @Test
    void everyMessageOfTheCorporaRoundTrips() throws Exception {
        Map<String, byte[]> corpus = corpus();
        assertTrue(corpus.keySet().stream().filter(k -> k.startsWith("mime/")).count() >= 15, corpus.keySet().toString());
        assertTrue(corpus.keySet().stream().anyMatch(k -> k.startsWith("MessageStructureTest.java block")));
        int checked = 0;
        for (Map.Entry<String, byte[]> e : corpus.entrySet()) {
            byte[] message = e.getValue();
            // whole, and cut short at a dozen places: the broken structures must survive too
            int cuts = message.length > 64 * 1024 ? 3 : 12; // the huge hostile ones take their time
            for (int cut = 0; cut <= cuts; cut++) {
                int length = cut == 0 ? message.length : (int) ((long) message.length * cut / (cuts + 1));
                MessageStructure parsed = MessageStructure.parse(new ByteArrayInputStream(message, 0, length));
                assertRoundTrip(e.getKey() + " cut at " + length, parsed);
                checked++;
            }
        }
        assertTrue(checked > 500, "checked " + checked);
    }

    private static void assertRoundTrip(String name, MessageStructure parsed) throws IOException {
        byte[] encoded = encode(parsed);
        MessageStructure decoded = decode(encoded);
        assertEquals(parsed, decoded, name);
        assertEquals(parsed.hashCode(), decoded.hashCode(), name);
        assertEquals(parsed.toString(), decoded.toString(), name);
        assertEquals(parsed.estimatedBytes(), decoded.estimatedBytes(), name + ": the cache weighs both alike");
        assertArrayEquals(encoded, encode(decoded), name);
    }

    @Test
    void theEnvelopeKeepsSenderAndReplyToSharedWithFrom() throws Exception {
        MessageStructure parsed = MessageStructureTest.parse("From: a@b\nReply-To: c@d\nSubject: s\n\nbody\n");
        Envelope e = decode(encode(parsed)).envelope();
        assertSame(e.from(), e.sender(), "defaulted to From, as parsed");
        assertNotSame(e.from(), e.replyTo());
        assertEquals("c", e.replyTo().get(0).mailbox());
    }

    @Test
    void whetherSenderAndReplyToWereGivenSurvivesTheRoundTrip() throws Exception {
        for (MessageStructure m : new MessageStructure[] {
                MessageStructureTest.parse("From: a@b\nSender: a@b\n\nbody\n"),
                MessageStructureTest.parse("From: a@b\nReply-To:\n\nbody\n")}) {
            Envelope parsed = m.envelope();
            Envelope e = decode(encode(m)).envelope();
            assertEquals(parsed.hasSender(), e.hasSender());
            assertEquals(parsed.hasReplyTo(), e.hasReplyTo());
        }
        assertTrue(decode(encode(MessageStructureTest.parse("From: a@b\nSender: a@b\n\nx\n"))).envelope().hasSender(),
                "a Sender equal to From is still a Sender");
        assertFalse(decode(encode(MessageStructureTest.parse("From: a@b\nReply-To:\n\nx\n"))).envelope().hasReplyTo());
        assertTrue(MessageStructureTest.parse("Subject: s\n\nx\n").envelopeIsWhole());
        assertFalse(MessageStructureTest.parse("Subject: " + "s".repeat(40_000) + "\n\nx\n").envelopeIsWhole());
    }

    @Test
    void nullsAndEmptiesStayApart() throws Exception {
        MessageStructure parsed = MessageStructureTest.parse("Subject:\nIn-Reply-To: <x@y>\n\nbody\n");
        Envelope e = decode(encode(parsed)).envelope();
        assertEquals("", e.subject());
        assertEquals(null, e.date());
        assertEquals("<x@y>", e.inReplyTo());
        assertEquals(null, decode(encode(parsed)).root().encoding());
    }

    @Test
    void anotherVersionOrACutEncodingIsAnIOException() throws Exception {
        byte[] encoded = encode(MessageStructureTest.parse("Subject: s\nContent-Type: text/plain; a=b\n\nbody\n"));
        byte[] other = encoded.clone();
        other[0] = (byte) (MessageStructureCodec.VERSION + 1);
        assertThrows(IOException.class, () -> decode(other));
        for (int n = 0; n < encoded.length; n++) {
            byte[] cut = Arrays.copyOf(encoded, n);
            assertThrows(EOFException.class, () -> decode(cut), "cut at " + n);
        }
    }

    /** Damaged input (the index checks CRCs, but the codec must not trust them): an IOException or a structure, nothing worse. */
    @Test
    void damagedEncodingsNeverFailOtherwise() throws Exception {
        Random random = new Random(42);
        List<byte[]> samples = new ArrayList<>();
        for (byte[] message : corpus().values()) {
            if (message.length > 64 * 1024) {
                continue;
            }
            byte[] encoded = encode(MessageStructure.parse(new ByteArrayInputStream(message)));
            if (encoded.length < 4096) { // the small ones: many damages in little time
                samples.add(encoded);
            }
        }
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] damaged = samples.get(i % samples.size()).clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            try {
                MessageStructureCodec.read(new DataInputStream(new ByteArrayInputStream(damaged)));
                decoded++;
            } catch (IOException expected) {
                // fine
            }
        }
        assertFalse(decoded == 0, "some damage only changes values");
    }
}
