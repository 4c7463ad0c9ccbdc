package org.mailserver.imap.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailserver.imap.grammar.SearchKey;
import org.mailserver.imap.grammar.SearchKey.DateOp;
import org.mailserver.imap.grammar.SequenceSet;
import org.mailserver.store.Flag;

/**
 * Every SEARCH key of RFC 3501 6.4.4 (and RFC 5032, RFC 7162) against a corpus of messages in
 * {@code src/test/resources/search}: quoted-printable and base64 bodies in UTF-8 and ISO-8859-1,
 * encoded words in subjects and display names, raw UTF-8 headers, a multipart with attachments that
 * body searches must not find, and an attached message.
 */
class SearchEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-02-06T00:00:00Z");

    private final List<TestSubject> mailbox = new ArrayList<>();
    private SearchEvaluator evaluator;

    @BeforeEach
    void corpus() {
        add("plain.eml", 10, "2026-02-02T23:59:59Z", Set.of(Flag.SEEN, Flag.FLAGGED), Set.of("$Important"), 5, false);
        add("qp-utf8.eml", 11, "2026-02-03T00:00:00Z", Set.of(Flag.ANSWERED), Set.of(), 7, true);
        add("base64-latin1.eml", 12, "2026-01-31T10:00:00Z", Set.of(Flag.DELETED, Flag.DRAFT), Set.of(), 9, true);
        add("multipart-attachment.eml", 20, "2026-02-01T00:00:00Z", Set.of(Flag.SEEN), Set.of(), 3, false);
        add("nested.eml", 21, "2026-02-05T12:00:00Z", Set.of(), Set.of(), 12, false);
        add("raw-utf8.eml", 30, "2026-02-04T10:00:00Z", Set.of(Flag.SEEN), Set.of("Work"), 1, false);
        add("bad-date.eml", 31, "2026-02-06T00:00:00Z", Set.of(), Set.of(), 2, false);
        evaluator = new SearchEvaluator(ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void add(String file, long uid, String internalDate, Set<Flag> flags, Set<String> keywords, long modSeq,
                     boolean recent) {
        mailbox.add(TestSubject.of(mailbox.size() + 1, uid, TestSubject.resource(file), Instant.parse(internalDate),
                flags, keywords, modSeq, recent));
    }

    private List<Long> search(SearchKey key) throws Exception {
        return search(evaluator, key);
    }

    private List<Long> search(SearchEvaluator e, SearchKey key) throws Exception {
        List<Long> out = new ArrayList<>();
        for (TestSubject m : mailbox) {
            if (e.matches(key, m, mailbox.size(), 31)) {
                out.add(m.sequence());
            }
        }
        return out;
    }

    private static List<Long> seq(long... n) {
        List<Long> out = new ArrayList<>();
        for (long x : n) {
            out.add(x);
        }
        return out;
    }

    // --- keys ---

    static SearchKey header(String field, String value) {
        return new SearchKey.Header(field, value);
    }

    static SearchKey body(String value) {
        return new SearchKey.Body(value);
    }

    static SearchKey text(String value) {
        return new SearchKey.Text(value);
    }

    static SearchKey flag(String flag, boolean set) {
        return new SearchKey.Flag(flag, set);
    }

    static SearchKey not(SearchKey key) {
        return new SearchKey.Not(key);
    }

    static SearchKey or(SearchKey a, SearchKey b) {
        return new SearchKey.Or(a, b);
    }

    static SearchKey and(SearchKey... keys) {
        return new SearchKey.And(List.of(keys));
    }

    static SequenceSet set(long low, long high) {
        return new SequenceSet(List.of(new SequenceSet.Range(low, high)));
    }

    static SearchKey date(DateOp op, String date, boolean sent) {
        return new SearchKey.Date(op, LocalDate.parse(date), sent);
    }

    // --- flags, numbers, dates: never open the message ---

    @Test
    void allAndFlags() throws Exception {
        assertEquals(seq(1, 2, 3, 4, 5, 6, 7), search(new SearchKey.All()));
        assertEquals(seq(1, 4, 6), search(flag("\\Seen", true)));
        assertEquals(seq(2, 3, 5, 7), search(flag("\\seen", false)));
        assertEquals(seq(1), search(flag("\\Flagged", true)));
        assertEquals(seq(2), search(flag("\\Answered", true)));
        assertEquals(seq(3), search(flag("\\Deleted", true)));
        assertEquals(seq(1, 2, 4, 5, 6, 7), search(flag("\\Deleted", false)));
        assertEquals(seq(3), search(flag("\\Draft", true)));
        assertEquals(seq(1), search(flag("$important", true)));
        assertEquals(seq(1, 2, 3, 4, 5, 7), search(flag("Work", false)));
        assertEquals(seq(), search(flag("$Unknown", true)));
        assertEquals(seq(2, 3), search(flag("\\Recent", true)));
        assertNoneOpened();
    }

    @Test
    void recentNewOld() throws Exception {
        assertEquals(seq(2, 3), search(new SearchKey.Recent(true)));
        assertEquals(seq(1, 4, 5, 6, 7), search(new SearchKey.Recent(false))); // OLD
        assertEquals(seq(2, 3), search(and(new SearchKey.Recent(true), flag("\\Seen", false)))); // NEW
        assertNoneOpened();
    }

    @Test
    void sizes() throws Exception {
        long size = mailbox.get(0).info().size();
        List<Long> larger = new ArrayList<>();
        List<Long> smaller = new ArrayList<>();
        for (TestSubject m : mailbox) {
            if (m.info().size() > size) {
                larger.add(m.sequence());
            }
            if (m.info().size() < size) {
                smaller.add(m.sequence());
            }
        }
        assertFalse(larger.contains(1L));
        assertEquals(larger, search(new SearchKey.Size(size, true)));
        assertEquals(smaller, search(new SearchKey.Size(size, false)));
        assertEquals(seq(), search(and(new SearchKey.Size(size - 1, true), new SearchKey.Size(size + 1, false),
                not(new SearchKey.Sequence(set(1, 1))))), "only message 1 has exactly that size");
        assertNoneOpened();
    }

    @Test
    void sequenceAndUidSetsWithStar() throws Exception {
        assertEquals(seq(2, 3, 4), search(new SearchKey.Sequence(set(2, 4))));
        assertEquals(seq(2, 3, 4), search(new SearchKey.Sequence(set(4, 2))));
        assertEquals(seq(7), search(new SearchKey.Sequence(set(SequenceSet.STAR, SequenceSet.STAR))));
        assertEquals(seq(5, 6, 7), search(new SearchKey.Sequence(set(5, SequenceSet.STAR))));
        assertEquals(seq(1, 2, 3), search(new SearchKey.Uid(set(10, 12))));
        assertEquals(seq(6, 7), search(new SearchKey.Uid(set(30, SequenceSet.STAR))));
        assertEquals(seq(7), search(new SearchKey.Uid(set(SequenceSet.STAR, SequenceSet.STAR))));
        assertEquals(seq(1, 4), search(new SearchKey.Uid(new SequenceSet(List.of(
                new SequenceSet.Range(10, 10), new SequenceSet.Range(13, 20))))));
        assertNoneOpened();
    }

    @Test
    void modSeq() throws Exception {
        assertEquals(seq(2, 3, 5), search(new SearchKey.ModSeq(7)));
        assertEquals(seq(1, 2, 3, 4, 5, 6, 7), search(new SearchKey.ModSeq(1)));
        assertNoneOpened();
    }

    @Test
    void internalDatesCompareByDateInTheServersZone() throws Exception {
        assertEquals(seq(1), search(date(DateOp.ON, "2026-02-02", false)));
        assertEquals(seq(2), search(date(DateOp.ON, "2026-02-03", false)));
        assertEquals(seq(3, 4), search(date(DateOp.BEFORE, "2026-02-02", false)));
        assertEquals(seq(1, 2, 5, 6, 7), search(date(DateOp.SINCE, "2026-02-02", false)));
        assertEquals(seq(5, 6, 7), search(date(DateOp.SINCE, "2026-02-04", false)));
        // 23:59:59 UTC is already the next day in Berlin
        SearchEvaluator berlin = new SearchEvaluator(ZoneId.of("Europe/Berlin"), Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals(seq(1, 2), search(berlin, date(DateOp.ON, "2026-02-03", false)));
        assertEquals(seq(3, 4), search(berlin, date(DateOp.BEFORE, "2026-02-03", false)));
        assertNoneOpened();
    }

    @Test
    void olderAndYoungerAreComplements() throws Exception {
        assertEquals(seq(5, 7), search(new SearchKey.Age(86400, false))); // YOUNGER one day
        assertEquals(seq(1, 2, 3, 4, 6), search(new SearchKey.Age(86400, true))); // OLDER one day
        assertEquals(seq(1, 2, 3, 4, 5, 6, 7), search(new SearchKey.Age(0, true)));
        assertEquals(seq(), search(new SearchKey.Age(0, false)));
        assertEquals(seq(7), search(new SearchKey.Age(1, false)), "delivered this second");
        assertEquals(seq(1, 2, 3, 4, 5, 6), search(new SearchKey.Age(1, true)));
        assertNoneOpened();
    }

    // --- header keys ---

    @Test
    void sentDatesUseTheDateFieldAsWritten() throws Exception {
        // -0800: already February 3 in UTC, but the date written is February 2
        assertEquals(seq(1), search(date(DateOp.ON, "2026-02-02", true)));
        // +0100: still February 2 in UTC
        assertEquals(seq(2), search(date(DateOp.ON, "2026-02-03", true)));
        assertEquals(seq(4, 5), search(date(DateOp.BEFORE, "2026-02-02", true)), "outer Date only, not the attached one");
        assertEquals(seq(2, 6), search(date(DateOp.SINCE, "2026-02-03", true)), "two-digit year 26 is 2026");
        // no Date (3) or an unreadable one (7): no SENT* key matches, NOT of one does
        assertEquals(seq(2, 3, 4, 5, 6, 7), search(not(date(DateOp.ON, "2026-02-02", true))));
        assertEquals(seq(), search(and(new SearchKey.Sequence(set(3, 3)), or(date(DateOp.BEFORE, "2100-01-01", true),
                date(DateOp.SINCE, "1900-01-01", true)))));
    }

    @Test
    void fromMatchesNameAndAddressDecoded() throws Exception {
        assertEquals(seq(1), search(header("FROM", "alice")));
        assertEquals(seq(1), search(header("From", "ALICE@EXAMPLE.ORG")));
        assertEquals(seq(1), search(header("from", "Alice Example")));
        assertEquals(seq(2), search(header("FROM", "jörg müller")), "B-encoded display name");
        assertEquals(seq(2), search(header("FROM", "JÖRG")));
        assertEquals(seq(2), search(header("FROM", "joerg@example.de")));
        assertEquals(seq(6), search(header("FROM", "иван")), "raw UTF-8 (RFC 6532)");
        assertEquals(seq(), search(header("FROM", "SsO2cmc")), "not the encoded form");
    }

    @Test
    void toCcBccAndSubject() throws Exception {
        assertEquals(seq(2), search(header("TO", "françoise")), "encoded word in a quoted display name");
        assertEquals(seq(1), search(header("CC", "carol@")));
        assertEquals(seq(4), search(header("BCC", "audit")));
        assertEquals(seq(1), search(header("SUBJECT", "report for the board")), "unfolded");
        assertEquals(seq(2), search(header("SUBJECT", "grüße aus köln")), "two encoded words, folded");
        assertEquals(seq(3), search(header("SUBJECT", "MENÜ du")), "ISO-8859-1 Q encoding");
        assertEquals(seq(6), search(header("SUBJECT", "ПРИВЕТ")));
        assertEquals(seq(), search(header("SUBJECT", "Inner subject")), "the attached message's header is body");
        assertEquals(seq(1, 2, 3, 4, 5, 6, 7), search(header("SUBJECT", "")));
    }

    @Test
    void headerFieldPresenceAndValue() throws Exception {
        assertEquals(seq(1), search(header("X-Priority", "")));
        assertEquals(seq(1), search(header("x-empty", "")), "present though empty");
        assertEquals(seq(), search(header("X-Missing", "")));
        assertEquals(seq(1), search(header("Message-ID", "<plain-1@")));
        assertEquals(seq(2, 3, 4, 5, 6), search(header("MIME-Version", "1.0")));
    }

    // --- body and text ---

    @Test
    void bodyDecodesTransferEncodingsAndCharsets() throws Exception {
        assertEquals(seq(1), search(body("numbers are in")));
        assertEquals(seq(2), search(body("hauptstraße")));
        assertEquals(seq(2), search(body("fußball")), "quoted-printable soft line break");
        assertEquals(seq(2), search(body("ΟΔΥΣΣΕΎΣ")), "final sigma; a UTF-8 sequence split by a soft break");
        assertEquals(seq(3), search(body("crème brûlée")), "base64, ISO-8859-1");
        assertEquals(seq(3), search(body("zürich straße")));
        assertEquals(seq(6), search(body("ελληνικά")), "8bit UTF-8");
        assertEquals(seq(6), search(body("οδυσσεα")));
        assertEquals(seq(6), search(body("5 k")), "Kelvin sign folds to k");
        assertEquals(seq(), search(body("Alice")), "header text is not body");
    }

    @Test
    void bodySkipsAttachmentsAndMimeStructure() throws Exception {
        assertEquals(seq(4), search(body("document enclosed")));
        assertEquals(seq(4), search(body("<b>document</b>")), "HTML is searched as written");
        assertEquals(seq(), search(body("SECRETPDFWORD")), "application/pdf attachment");
        assertEquals(seq(), search(body("IMAGEWORD")), "image part");
        assertEquals(seq(), search(body("JVBERi0")), "nor its base64");
        assertEquals(seq(), search(body("statement-file")), "nor part headers");
        assertEquals(seq(), search(or(body("preamble-word"), body("epilogue-word"))));
        assertEquals(seq(4), search(body("notes-in-attachment")), "a text/* attachment is text");
        assertEquals(seq(), search(text("SECRETPDFWORD")));
    }

    @Test
    void attachedMessagesAreSearchedWithTheirHeaders() throws Exception {
        assertEquals(seq(5), search(body("Forwarding this")));
        assertEquals(seq(5), search(body("inner subject ✓")));
        assertEquals(seq(5), search(body("inner body text")));
        assertEquals(seq(5), search(body("From: Inner Sender")));
        assertEquals(seq(5), search(text("inner@example.org")));
    }

    @Test
    void textIsHeaderOrBody() throws Exception {
        assertEquals(seq(1), search(text("alice example")));
        assertEquals(seq(1), search(text("numbers")));
        assertEquals(seq(1), search(text("subject: quarterly")));
        assertEquals(seq(1, 2, 3, 4, 5, 6, 7), search(text("")));
        assertEquals(seq(1, 2, 3, 4, 5, 6, 7), search(body("")));
    }

    // --- NOT, OR, nesting ---

    @Test
    void combinations() throws Exception {
        assertEquals(seq(1, 2), search(or(header("FROM", "alice"), body("fußball"))));
        assertEquals(seq(2, 5, 7), search(not(or(flag("\\Seen", true), flag("\\Deleted", true)))));
        assertEquals(seq(4, 6), search(and(flag("\\Seen", true), not(header("FROM", "alice")))));
        assertEquals(seq(1, 3, 5), search(or(and(flag("\\Seen", true), header("SUBJECT", "report")),
                and(flag("\\Seen", false), or(body("crème"), text("inner@"))))));
        assertEquals(seq(1, 2, 3, 4, 5, 6, 7), search(or(text("nothing-like-this"), not(body("nothing-like-this")))));
        assertEquals(seq(), search(and(body("numbers"), body("fußball"))));
        assertEquals(seq(2), search(and(body("hauptstraße"), body("fußball"), header("FROM", "jörg"))));
    }

    // --- laziness ---

    @Test
    void cheapKeysGoFirstSoMessagesAreOpenedOnlyWhenNeeded() throws Exception {
        assertEquals(seq(2, 3, 5, 7), search(and(body(""), flag("\\Seen", false))));
        for (TestSubject m : mailbox) {
            assertEquals(m.info().flags().contains(Flag.SEEN) ? 0 : 1, m.opens, "message " + m.sequence());
        }
        reset();
        assertEquals(seq(1, 4, 6), search(or(body("nothing-like-this"), flag("\\Seen", true))));
        for (TestSubject m : mailbox) {
            assertEquals(m.info().flags().contains(Flag.SEEN) ? 0 : 1, m.opens, "message " + m.sequence());
        }
    }

    @Test
    void envelopeKeysNeverOpenTheFile() throws Exception {
        assertEquals(seq(4), search(header("SUBJECT", "invoice")));
        assertEquals(seq(2), search(header("FROM", "jörg")));
        assertEquals(seq(1), search(header("Message-ID", "<plain-1@")));
        assertEquals(seq(1), search(date(DateOp.ON, "2026-02-02", true)));
        assertEquals(seq(4), search(or(header("BCC", "audit"), header("Reply-To", "nobody"))));
        assertNoneOpened();
        for (TestSubject m : mailbox) {
            assertTrue(m.structures > 0, "message " + m.sequence());
        }
    }

    @Test
    void otherHeaderFieldsReadOnlyTheHeader() throws Exception {
        assertEquals(seq(1), search(header("X-Priority", "1")));
        TestSubject multipart = mailbox.get(3);
        assertEquals(1, multipart.opens);
        assertEquals(1, multipart.closes); // how little is read of a large message: LargeMessageSearchTest
        reset();
        // the header decides: the body is never read
        assertEquals(seq(), search(and(header("X-Priority", "7"), body("document"))));
        for (TestSubject m : mailbox) {
            assertEquals(1, m.opens);
            assertEquals(1, m.closes);
        }
    }

    @Test
    void cheapKeysGoBeforeTheStructure() throws Exception {
        assertEquals(seq(2), search(and(header("SUBJECT", "grüße"), flag("\\Seen", false))));
        for (TestSubject m : mailbox) {
            assertEquals(m.info().flags().contains(Flag.SEEN) ? 0 : 1, m.structures, "message " + m.sequence());
        }
        assertNoneOpened();
        reset();
        // the envelope before the file: only the message whose subject matches is opened
        assertEquals(seq(2), search(and(body("fußball"), header("SUBJECT", "grüße"))));
        for (TestSubject m : mailbox) {
            assertEquals(m.sequence() == 2 ? 1 : 0, m.opens, "message " + m.sequence());
        }
    }

    @Test
    void severalBodyStringsAreSearchedInOnePass() throws Exception {
        assertEquals(seq(2), search(and(body("hauptstraße"), body("fußball"), text("ΟΔΥΣΣΕΎΣ"))));
        TestSubject qp = mailbox.get(1);
        assertEquals(1, qp.opens, "one pass: the header (kept for TEXT) and the body");
        assertEquals(1, qp.closes);
        reset();
        // the header first, then the body: still one pass, paused after the header
        assertEquals(seq(2), search(and(header("Content-Transfer-Encoding", "quoted"), body("fußball"),
                text("ΟΔΥΣΣΕΎΣ"))));
        assertEquals(1, qp.opens);
        assertEquals(1, qp.closes);
        for (TestSubject m : mailbox) {
            assertEquals(1, m.opens, "message " + m.sequence());
            assertEquals(1, m.closes, "message " + m.sequence());
        }
    }

    @Test
    void whatNeedsContent() {
        assertFalse(SearchEvaluator.needsContent(and(flag("\\Seen", true), new SearchKey.Size(10, true),
                date(DateOp.ON, "2026-01-01", false), new SearchKey.Uid(set(1, 2)))));
        assertTrue(SearchEvaluator.needsContent(or(flag("\\Seen", true), date(DateOp.ON, "2026-01-01", true))));
        assertFalse(SearchEvaluator.needsBody(not(header("SUBJECT", "x"))));
        assertTrue(SearchEvaluator.needsBody(and(flag("\\Seen", true), not(text("x")))));
        assertTrue(SearchEvaluator.needsBody(or(flag("\\Seen", true), body("x"))));
    }

    private void assertNoneOpened() {
        for (TestSubject m : mailbox) {
            assertEquals(0, m.opens, "message " + m.sequence() + " was opened");
        }
    }

    private void reset() {
        for (TestSubject m : mailbox) {
            m.opens = 0;
            m.structures = 0;
            m.closes = 0;
            m.octetsRead = 0;
        }
    }
}
