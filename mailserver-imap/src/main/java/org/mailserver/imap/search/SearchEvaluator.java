package org.mailserver.imap.search;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.mailserver.imap.grammar.SearchKey;
import org.mailserver.store.Flag;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.mime.Envelope;
import org.mailserver.store.mime.MessageStructure;

/**
 * Evaluates a SEARCH key against one message (RFC 3501 6.4.4, RFC 5032 OLDER/YOUNGER, RFC 7162
 * MODSEQ). The session calls {@link #matches} for each message of the selected mailbox on the
 * blocking executor; one evaluator may serve any number of searches and threads.
 *
 * <p>Lazy, cheapest first. Flag, size, date, sequence and UID keys use {@link SearchSubject#info()}
 * only. Header keys on a field the envelope holds (SUBJECT, FROM, TO, CC, BCC, SENT*, and HEADER
 * Subject, From, To, Cc, Bcc, Date, Message-ID, In-Reply-To, Sender, Reply-To) are answered from
 * {@link SearchSubject#structure()}, which the store keeps cached and on disk, so the file is not
 * opened ({@link EnvelopeFields} says what text they match). Other HEADER fields read the file's
 * header; BODY and TEXT its body, all their strings at once. Within AND and OR the cheaper keys are
 * evaluated first, so {@code UNSEEN SUBJECT x} touches no structure of a seen message and
 * {@code SUBJECT x BODY y} opens only messages whose subject matches. A message's file is opened at
 * most once per evaluation, however many keys need it ({@link MessageText}).
 *
 * <p>The file is read instead of the envelope when the envelope cannot give the same answer: a
 * header longer than the 32 KiB the envelope keeps of a value
 * ({@link org.mailserver.store.mime.MessageStructure#envelopeIsWhole()}), and HEADER with an empty
 * string on an address field that holds no address (present and empty, or absent: only the file
 * tells). See {@link MessageText} for what the header and body text are (decoded words, decoded
 * text parts, attachments skipped) and for the memory bound.
 *
 * <p>Semantics: strings match as case-insensitive substrings ({@link CaseFold}), an empty string
 * matching everything; HEADER with an empty string matches a message that has the field. BEFORE,
 * ON and SINCE compare the internal date's calendar date in {@code zone} (the server's time zone by
 * default; UTC in tests), SENT* the calendar date written in the {@code Date:} field; a message
 * without a readable {@code Date:} matches no SENT* key. LARGER and SMALLER are strict. NEW is
 * RECENT and UNSEEN, OLD is NOT RECENT. OLDER n: the internal date is at least n seconds ago;
 * YOUNGER n: less than n seconds ago. MODSEQ n: a mod-sequence of n or more. {@code *} in a
 * sequence set stands for {@code maxSequence}, in a UID set for {@code maxUid}.
 *
 * <p>Failures: an {@link IOException} from {@link SearchSubject#open()} or
 * {@link SearchSubject#structure()} (the message was expunged, say) propagates, the file closed;
 * content Mime4j cannot parse is searched as far as it was read.
 */
public final class SearchEvaluator {

    private static final int FLAGS_ONLY = 0;
    private static final int ENVELOPE = 1;
    private static final int HEADER = 2;
    private static final int BODY = 3;

    private final ZoneId zone;
    private final Clock clock;
    /** The plan of the last key, reused while a search runs over the mailbox. */
    private volatile Plan last;

    /** Internal dates in the server's time zone, the system clock for OLDER and YOUNGER. */
    public SearchEvaluator() {
        this(ZoneId.systemDefault(), Clock.systemUTC());
    }

    /**
     * @param zone the time zone of internal dates for BEFORE, ON and SINCE
     * @param clock now, for OLDER and YOUNGER
     */
    public SearchEvaluator(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
    }

    /** Whether evaluating the key may need more than flags and numbers: the structure or the file. */
    public static boolean needsContent(SearchKey key) {
        return cost(key, null) > FLAGS_ONLY;
    }

    /** Whether evaluating the key may read the body (BODY, TEXT). */
    public static boolean needsBody(SearchKey key) {
        return cost(key, null) == BODY;
    }

    /**
     * Whether the message matches the key.
     *
     * @param maxSequence the number of messages in the session's view, for {@code *} in sequence sets
     * @param maxUid the highest UID in the mailbox, for {@code *} in UID sets
     * @throws IOException if the message must be read and cannot be
     */
    public boolean matches(SearchKey key, SearchSubject subject, long maxSequence, long maxUid) throws IOException {
        Plan plan = last;
        if (plan == null || plan.key != key) {
            plan = new Plan(key);
            last = plan;
        }
        try (Evaluation evaluation = new Evaluation(plan, subject, maxSequence, maxUid)) {
            return evaluation.eval(key);
        }
    }

    /** What the key needs, worked out once per key: the cost of each node and the body strings. */
    private static final class Plan {
        final SearchKey key;
        final Map<SearchKey, Integer> costs = new IdentityHashMap<>();
        final List<String> bodyStrings = new ArrayList<>();

        Plan(SearchKey key) {
            this.key = key;
            cost(key, this);
        }
    }

    /**
     * 0: flags and numbers only; 1: the envelope; 2: the file's header; 3: its body. Records the
     * body strings in the plan.
     */
    private static int cost(SearchKey key, Plan plan) {
        int c;
        if (key instanceof SearchKey.Header h) {
            c = EnvelopeFields.of(h.field()) != null ? ENVELOPE : HEADER;
        } else if (key instanceof SearchKey.Date d) {
            c = d.sent() ? ENVELOPE : FLAGS_ONLY;
        } else if (key instanceof SearchKey.Body b) {
            c = BODY;
            addString(plan, b.value());
        } else if (key instanceof SearchKey.Text t) {
            c = BODY;
            addString(plan, t.value());
        } else if (key instanceof SearchKey.Not n) {
            c = cost(n.key(), plan);
        } else if (key instanceof SearchKey.Or o) {
            c = Math.max(cost(o.left(), plan), cost(o.right(), plan));
        } else if (key instanceof SearchKey.And a) {
            c = FLAGS_ONLY;
            for (SearchKey k : a.keys()) {
                c = Math.max(c, cost(k, plan));
            }
        } else {
            c = FLAGS_ONLY;
        }
        if (plan != null) {
            plan.costs.put(key, c);
        }
        return c;
    }

    private static void addString(Plan plan, String value) {
        if (plan != null && !plan.bodyStrings.contains(value)) {
            plan.bodyStrings.add(value);
        }
    }

    /** One message against one key; closing it closes the file if it was opened. */
    private final class Evaluation implements AutoCloseable {
        private final Plan plan;
        private final SearchSubject subject;
        private final MessageInfo info;
        private final long maxSequence;
        private final long maxUid;
        private MessageText text;
        private MessageStructure structure;

        Evaluation(Plan plan, SearchSubject subject, long maxSequence, long maxUid) {
            this.plan = plan;
            this.subject = subject;
            this.info = subject.info();
            this.maxSequence = maxSequence;
            this.maxUid = maxUid;
        }

        boolean eval(SearchKey key) throws IOException {
            if (key instanceof SearchKey.All) {
                return true;
            } else if (key instanceof SearchKey.Flag f) {
                return hasFlag(f.flag()) == f.set();
            } else if (key instanceof SearchKey.Recent r) {
                return subject.recent() == r.recent();
            } else if (key instanceof SearchKey.Size s) {
                return s.larger() ? info.size() > s.octets() : info.size() < s.octets();
            } else if (key instanceof SearchKey.Date d) {
                return date(d);
            } else if (key instanceof SearchKey.Age a) {
                // RFC 5032: the two are complements, whole seconds
                Instant limit = clock.instant().minusSeconds(a.seconds());
                return a.older() ? !info.internalDate().isAfter(limit) : info.internalDate().isAfter(limit);
            } else if (key instanceof SearchKey.Header h) {
                return header(h);
            } else if (key instanceof SearchKey.Body b) {
                return text().bodyContains(b.value());
            } else if (key instanceof SearchKey.Text t) {
                return headerText(t.value()) || text().bodyContains(t.value());
            } else if (key instanceof SearchKey.Uid u) {
                return u.uids().contains(info.uid(), maxUid);
            } else if (key instanceof SearchKey.Sequence s) {
                return s.numbers().contains(subject.sequence(), maxSequence);
            } else if (key instanceof SearchKey.ModSeq m) {
                return subject.modSeq() >= m.modSeq();
            } else if (key instanceof SearchKey.Not n) {
                return !eval(n.key());
            } else if (key instanceof SearchKey.Or o) {
                boolean leftFirst = cost(o.left()) <= cost(o.right());
                SearchKey first = leftFirst ? o.left() : o.right();
                SearchKey second = leftFirst ? o.right() : o.left();
                return eval(first) || eval(second);
            } else if (key instanceof SearchKey.And a) {
                for (int c = FLAGS_ONLY; c <= BODY; c++) { // cheapest first: the content may never be read
                    for (SearchKey k : a.keys()) {
                        if (cost(k) == c && !eval(k)) {
                            return false;
                        }
                    }
                }
                return true;
            }
            throw new IllegalArgumentException("unknown search key " + key);
        }

        private int cost(SearchKey key) {
            Integer c = plan.costs.get(key);
            return c != null ? c : SearchEvaluator.cost(key, null);
        }

        @Override
        public void close() throws IOException {
            if (text != null) {
                text.close();
            }
        }

        /** The envelope, if it holds every value whole; else null, and the file is read. */
        private Envelope envelope() throws IOException {
            if (structure == null) {
                structure = subject.structure();
            }
            return structure.envelopeIsWhole() ? structure.envelope() : null;
        }

        private MessageText text() {
            if (text == null) {
                text = new MessageText(subject, plan.bodyStrings);
            }
            return text;
        }

        private boolean hasFlag(String flag) {
            if (flag.equalsIgnoreCase("\\Recent")) {
                return subject.recent();
            }
            if (flag.startsWith("\\")) {
                for (Flag f : info.flags()) {
                    if (f.imapName().equalsIgnoreCase(flag)) {
                        return true;
                    }
                }
                return false;
            }
            for (String keyword : info.keywords()) {
                if (keyword.equalsIgnoreCase(flag)) { // RFC 9051 2.3.2: keywords are case-insensitive
                    return true;
                }
            }
            return false;
        }

        private boolean date(SearchKey.Date d) throws IOException {
            LocalDate date;
            if (d.sent()) {
                Envelope envelope = envelope();
                date = SentDate.parse(envelope != null ? EnvelopeFields.text(envelope, EnvelopeFields.Field.DATE)
                        : first("Date"));
                if (date == null) {
                    return false;
                }
            } else {
                date = info.internalDate().atZone(zone).toLocalDate();
            }
            int c = date.compareTo(d.date());
            return switch (d.op()) {
                case BEFORE -> c < 0;
                case ON -> c == 0;
                case SINCE -> c >= 0;
            };
        }

        private String first(String name) throws IOException {
            for (MessageText.Header h : text().headers()) {
                if (h.name().equalsIgnoreCase(name)) {
                    return h.value();
                }
            }
            return null;
        }

        private boolean header(SearchKey.Header key) throws IOException {
            EnvelopeFields.Field field = EnvelopeFields.of(key.field());
            Envelope envelope = field == null ? null : envelope();
            if (envelope != null) {
                String value = EnvelopeFields.text(envelope, field);
                if (value != null) {
                    return new StreamMatcher(key.value()).feed(value);
                }
                if (!key.value().isEmpty() || EnvelopeFields.absenceIsCertain(field)) {
                    return false; // no text: no string but "" can match
                }
                // "" on an address field without addresses: present or not, only the file says
            }
            StreamMatcher matcher = new StreamMatcher(key.value());
            for (MessageText.Header h : text().headers()) {
                if (h.name().equalsIgnoreCase(key.field())) {
                    matcher.reset();
                    if (matcher.feed(h.value())) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean headerText(String value) throws IOException {
            StreamMatcher matcher = new StreamMatcher(value);
            for (MessageText.Header h : text().headers()) {
                matcher.reset();
                if (matcher.feed(h.name() + ": " + h.value())) {
                    return true;
                }
            }
            return false;
        }
    }
}
