package org.mailserver.imap.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailserver.imap.grammar.SearchKey;
import org.mailserver.store.Flag;

/**
 * Header keys answered from the envelope give what the file gives: each case is searched twice,
 * once through the evaluator (which must not open the file) and once over the file's header fields
 * as the evaluator read them before ({@link MessageText}); the answers must agree. The differences
 * {@code docs/imap.md} lists are pinned down too, and so are the cases where the file must be read
 * after all.
 */
class EnvelopeSearchTest {

    /** Encoded words, several addresses, a group, quoted names, a folded subject, every envelope field. */
    private static final String MANY = """
            From: "Doe, John" <john@example.com>, =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.de>
            Sender: =?UTF-8?B?0JjQstCw0L0=?= <ivan@example.ru>
            Reply-To: list@lists.example.org
            To: Friends: anna@example.org, =?ISO-8859-1?Q?Andr=E9?= <andre@example.fr>;, boss@example.com
            Cc: =?UTF-8?Q?Fran=C3=A7oise?= <francoise@example.fr>,
             carol@example.com
            Bcc: undisclosed-recipients:;
            Subject: =?UTF-8?Q?Caf=C3=A9?= =?UTF-8?Q?_cr=C3=A8me?= and
             more =?ISO-8859-1?Q?=E0_la?= carte
            Date: Thu, 5 Mar 2026 10:00:00 +0100 (CET)
            Message-ID: <many-1@example.com>
            In-Reply-To: <parent@example.org> (the parent)
            MIME-Version: 1.0

            Body.
            """;
    /** No Sender, Reply-To, Cc, Bcc, In-Reply-To; an empty Cc field; a name from a comment; raw UTF-8. */
    private static final String FEW = """
            From: alice@example.org (Alice Liddell)
            To: Иван <ivan@example.ru>
            Cc:
            Subject: Привет
            Date: 4 Mar 26 09:00 GMT

            Body.
            """;

    private final SearchEvaluator evaluator = new SearchEvaluator(ZoneOffset.UTC, Clock.systemUTC());

    private static TestSubject subject(String message) {
        byte[] octets = message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        return TestSubject.of(1, 1, octets, Instant.parse("2026-03-05T00:00:00Z"), Set.of(Flag.SEEN), Set.of(), 1,
                false);
    }

    /** The evaluator's answer, which must not open the file. */
    private boolean byEnvelope(String message, SearchKey key) throws IOException {
        TestSubject s = subject(message);
        boolean hit = evaluator.matches(key, s, 1, 1);
        assertEquals(0, s.opens, key + " opened the file");
        assertEquals(1, s.structures);
        return hit;
    }

    /** The answer from the file's header fields, as the evaluator gave it before the envelope was used. */
    private static boolean byFile(String message, String field, String value) throws IOException {
        try (MessageText text = new MessageText(subject(message), List.of())) {
            for (MessageText.Header h : text.headers()) {
                if (h.name().equalsIgnoreCase(field) && new StreamMatcher(value).feed(h.value())) {
                    return true;
                }
            }
            return false;
        }
    }

    private void same(String message, String field, String value, boolean expected) throws IOException {
        SearchKey key = new SearchKey.Header(field, value);
        assertEquals(expected, byFile(message, field, value), "file: " + field + " " + value);
        assertEquals(expected, byEnvelope(message, key), "envelope: " + field + " " + value);
    }

    @Test
    void unstructuredFieldsAreTheTextTheFileHas() throws IOException {
        for (String m : List.of(MANY, FEW)) {
            try (MessageText text = new MessageText(subject(m), List.of())) {
                var envelope = subject(m).structure().envelope();
                for (MessageText.Header h : text.headers()) {
                    EnvelopeFields.Field f = EnvelopeFields.of(h.name());
                    if (f == EnvelopeFields.Field.SUBJECT || f == EnvelopeFields.Field.DATE
                            || f == EnvelopeFields.Field.MESSAGE_ID || f == EnvelopeFields.Field.IN_REPLY_TO) {
                        assertEquals(h.value(), EnvelopeFields.text(envelope, f), h.name());
                    }
                }
            }
        }
    }

    @Test
    void subjectDecodedAndUnfolded() throws IOException {
        same(MANY, "SUBJECT", "café crème and more à la carte", true);
        same(MANY, "Subject", "CAFÉ", true);
        same(MANY, "subject", "=?UTF-8?Q?", false);
        same(MANY, "SUBJECT", "", true);
        same(FEW, "SUBJECT", "привет", true);
    }

    @Test
    void fromWithSeveralAddressesAndEncodedNames() throws IOException {
        same(MANY, "FROM", "doe, john", true);
        same(MANY, "FROM", "john@example.com", true);
        same(MANY, "FROM", "jörg müller", true);
        same(MANY, "FROM", "Jörg Müller <joerg@example.de>", true);
        same(MANY, "FROM", "joerg@EXAMPLE.DE", true);
        same(MANY, "FROM", "john@example.com>, jörg", true); // across two addresses, as in the raw field
        same(MANY, "FROM", "SsO2cmc", false);
        same(FEW, "FROM", "alice liddell", true);
        same(FEW, "FROM", "alice@example.org", true);
    }

    @Test
    void toCcBccWithGroupsAndFoldedLists() throws IOException {
        same(MANY, "TO", "friends:", true);
        same(MANY, "TO", "andré", true);
        same(MANY, "TO", "André <andre@example.fr>;", true);
        same(MANY, "TO", "boss@", true);
        same(MANY, "CC", "françoise", true);
        same(MANY, "CC", "carol@example.com", true);
        same(MANY, "BCC", "undisclosed-recipients:;", true);
        same(FEW, "TO", "иван <ivan@", true);
        same(FEW, "BCC", "x", false);
        same(FEW, "TO", "", true);
    }

    @Test
    void otherEnvelopeFields() throws IOException {
        same(MANY, "Sender", "иван", true);
        same(MANY, "SENDER", "ivan@example.ru", true);
        same(MANY, "reply-to", "list@lists", true);
        same(MANY, "Message-ID", "<many-1@example.com>", true);
        same(MANY, "In-Reply-To", "(the parent)", true);
        same(MANY, "date", "+0100 (cet)", true);
        // absent: Sender and Reply-To are no copies of From here, whatever the envelope defaults to
        same(FEW, "Sender", "alice", false);
        same(FEW, "Reply-To", "alice", false);
        same(FEW, "In-Reply-To", "", false);
        same(FEW, "Message-ID", "", false);
    }

    @Test
    void sentDatesFromTheEnvelope() throws IOException {
        assertTrue(byEnvelope(MANY, new SearchKey.Date(SearchKey.DateOp.ON, LocalDate.of(2026, 3, 5), true)));
        assertTrue(byEnvelope(FEW, new SearchKey.Date(SearchKey.DateOp.BEFORE, LocalDate.of(2026, 3, 5), true)));
        assertFalse(byEnvelope(FEW, new SearchKey.Date(SearchKey.DateOp.SINCE, LocalDate.of(2026, 3, 5), true)));
    }

    @Test
    void anEmptyStringOnAnAddressFieldWithoutAddressesAsksTheFile() throws IOException {
        TestSubject few = subject(FEW);
        assertTrue(evaluator.matches(new SearchKey.Header("CC", ""), few, 1, 1), "Cc: is present, if empty");
        assertEquals(1, few.opens);
        TestSubject none = subject(FEW);
        assertFalse(evaluator.matches(new SearchKey.Header("BCC", ""), none, 1, 1));
        assertEquals(1, none.opens);
        TestSubject noReplyTo = subject(FEW);
        assertFalse(evaluator.matches(new SearchKey.Header("Reply-To", ""), noReplyTo, 1, 1), "From is no Reply-To");
        assertEquals(1, noReplyTo.opens);
        TestSubject many = subject(MANY);
        assertTrue(evaluator.matches(new SearchKey.Header("CC", ""), many, 1, 1));
        assertEquals(0, many.opens, "it has addresses, so it is present");
    }

    @Test
    void aHeaderLongerThanTheEnvelopeKeepsIsReadFromTheFile() throws IOException {
        StringBuilder to = new StringBuilder("To: first@example.org");
        for (int i = 0; i < 2000; i++) {
            to.append(",\n user").append(i).append("@example.org");
        }
        String message = "From: a@example.org\n" + to + "\nSubject: long list\n\nBody.\n";
        assertTrue(message.length() > 32 * 1024);
        TestSubject s = subject(message);
        assertTrue(evaluator.matches(new SearchKey.Header("TO", "user1999@example.org"), s, 1, 1));
        assertEquals(1, s.opens, "the envelope has it cut at 32 KiB");
        TestSubject t = subject(message);
        assertTrue(evaluator.matches(new SearchKey.Header("SUBJECT", "long list"), t, 1, 1));
        assertEquals(1, t.opens);
    }

    /** The differences docs/imap.md lists: the written-back address form, and first fields only. */
    @Test
    void documentedDifferences() throws IOException {
        // a name taken from a comment is written as a display name
        assertTrue(byFile(FEW, "FROM", "org (alice"));
        assertFalse(byEnvelope(FEW, new SearchKey.Header("FROM", "org (alice")));
        assertTrue(byEnvelope(FEW, new SearchKey.Header("FROM", "Alice Liddell <alice@example.org>")));
        // quotes a name does not need are dropped; needed ones stay
        String quoted = "From: \"Alice Liddell\" <alice@example.org>\nTo: \"Doe, J.\" <j@example.org>\n\nx\n";
        assertTrue(byFile(quoted, "FROM", "\"alice"));
        assertFalse(byEnvelope(quoted, new SearchKey.Header("FROM", "\"alice")));
        assertTrue(byEnvelope(quoted, new SearchKey.Header("TO", "\"doe, j.\" <j@")));
        // a field twice (RFC 5322 3.6 allows one): the first, as ENVELOPE shows it
        String twice = "Subject: first\nSubject: second\n\nx\n";
        assertTrue(byFile(twice, "SUBJECT", "second"));
        assertFalse(byEnvelope(twice, new SearchKey.Header("SUBJECT", "second")));
        assertTrue(byEnvelope(twice, new SearchKey.Header("SUBJECT", "first")));
    }
}
