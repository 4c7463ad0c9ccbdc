package org.mailserver.imap.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.grammar.SearchKey;
import org.mailserver.imap.grammar.SequenceSet;
import org.mailserver.imap.search.SearchCharsets;
import org.mailserver.imap.search.SearchEvaluator;
import org.mailserver.imap.search.SearchSubject;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.mime.MessageStructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SEARCH and UID SEARCH (RFC 3501 6.4.4) with ESEARCH's RETURN options (RFC 4731). The evaluation
 * runs off the loop, one message after another (nothing of a message is kept once it is decided);
 * header keys the envelope covers use the store's cached structures, and only keys that need it
 * open the message files ({@link SearchEvaluator}). A message that vanished during the search does
 * not match.
 */
final class SearchProcessor implements Processor<ImapCommand.Search> {
    private static final Logger LOG = LoggerFactory.getLogger(SearchProcessor.class);

    @Override
    public void process(ImapSession s, ImapCommand.Search command) {
        if (command.charset() != null && !SearchCharsets.isSupported(command.charset())) {
            s.no(command, "[" + SearchCharsets.BADCHARSET + "] charset not supported");
            return;
        }
        SelectedMailbox view = s.selected();
        boolean modSeq = mentionsModSeq(command.key());
        if (modSeq) {
            s.enableCondstore(); // RFC 7162 3.1
        }
        boolean save = command.returnOptions() != null && command.returnOptions().contains("SAVE");
        s.runBlocking(() -> search(view, command), (hits, error) -> {
            if (save) {
                view.saveResult(error != null ? new long[0] : saved(view, command, hits)); // RFC 5182 2.1
            }
            if (error != null) {
                LOG.warn("imap SEARCH failed in {} of {}: {}", MailLog.clean(view.name()), s.user().uid(), error.toString());
                s.no(command, "[UNAVAILABLE] search failed, try again");
                return;
            }
            if (save && command.returnOptions().size() == 1) {
                s.complete(command, command.name() + " completed, result saved"); // RFC 5182 2.1: no ESEARCH
                return;
            }
            // RFC 9051 6.4.4: an IMAP4rev2 client always gets ESEARCH, RETURN () meaning ALL
            String line = command.returnOptions() == null && !s.enabled("IMAP4REV2") ? plain(hits)
                    : extended(command, hits);
            if (modSeq && !hits.isEmpty()) {
                // RFC 7162 3.1.5: the highest mod-sequence of the messages found
                long highest = 0;
                for (long n : hits) {
                    int seq = command.uid() ? view.sequenceOf(n) : (int) n;
                    highest = Math.max(highest, seq > 0 ? view.info(seq).modSeq() : 0);
                }
                line += command.returnOptions() == null ? " (MODSEQ " + highest + ")" : " MODSEQ " + highest;
            }
            s.untagged(line);
            s.complete(command, command.name() + " completed");
        });
    }

    /** Whether the criteria use MODSEQ anywhere. */
    static boolean mentionsModSeq(SearchKey key) {
        if (key instanceof SearchKey.ModSeq) {
            return true;
        }
        if (key instanceof SearchKey.Not not) {
            return mentionsModSeq(not.key());
        }
        if (key instanceof SearchKey.Or or) {
            return mentionsModSeq(or.left()) || mentionsModSeq(or.right());
        }
        return key instanceof SearchKey.And and && and.keys().stream().anyMatch(SearchProcessor::mentionsModSeq);
    }

    /**
     * What SAVE keeps, as UIDs: with MIN or MAX only those messages (RFC 5182 2.4), else all hits.
     */
    private static long[] saved(SelectedMailbox view, ImapCommand.Search command, List<Long> hits) {
        List<Long> keep = hits;
        var options = command.returnOptions() == null ? java.util.Set.of("ALL") : command.returnOptions();
        if (!hits.isEmpty() && (options.contains("MIN") || options.contains("MAX")) && !options.contains("ALL")
                && !options.contains("COUNT")) {
            keep = new ArrayList<>();
            if (options.contains("MIN")) {
                keep.add(hits.get(0));
            }
            if (options.contains("MAX") && hits.size() > 1) {
                keep.add(hits.get(hits.size() - 1));
            }
        }
        return keep.stream().mapToLong(n -> command.uid() ? n : view.uid((int) (long) n)).sorted().toArray();
    }

    /** {@code $} in the criteria becomes the saved UIDs (RFC 5182 2.1), so the evaluator never sees it. */
    static SearchKey withSaved(SearchKey key, long[] saved) {
        if (key instanceof SearchKey.Uid uid && uid.uids().isSaved()
                || key instanceof SearchKey.Sequence seq && seq.numbers().isSaved()) {
            if (saved.length == 0) {
                return new SearchKey.Not(new SearchKey.All());
            }
            List<SequenceSet.Range> ranges = new ArrayList<>();
            for (long u : saved) {
                ranges.add(new SequenceSet.Range(u, u));
            }
            return new SearchKey.Uid(new SequenceSet(ranges));
        }
        if (key instanceof SearchKey.Not not) {
            return new SearchKey.Not(withSaved(not.key(), saved));
        }
        if (key instanceof SearchKey.Or or) {
            return new SearchKey.Or(withSaved(or.left(), saved), withSaved(or.right(), saved));
        }
        if (key instanceof SearchKey.And and) {
            return new SearchKey.And(and.keys().stream().map(k -> withSaved(k, saved)).toList());
        }
        return key;
    }

    /** Blocking: the matching sequence numbers or UIDs, ascending. */
    private static List<Long> search(SelectedMailbox view, ImapCommand.Search command) throws IOException {
        SearchKey key = withSaved(command.key(), view.savedResult());
        SearchEvaluator evaluator = new SearchEvaluator();
        List<Long> hits = new ArrayList<>();
        long max = view.exists();
        long maxUid = view.maxUid();
        for (int seq = 1; seq <= view.exists(); seq++) {
            if (view.expungePending(seq)) {
                continue;
            }
            Subject subject = new Subject(view, seq);
            try {
                if (evaluator.matches(key, subject, max, maxUid)) {
                    hits.add(command.uid() ? view.uid(seq) : seq);
                }
            } catch (NoSuchFileException gone) {
                // expunged by someone else meanwhile: it does not match
            }
        }
        return hits;
    }

    private static String plain(List<Long> hits) {
        StringBuilder out = new StringBuilder("SEARCH");
        for (long n : hits) {
            out.append(' ').append(n);
        }
        return out.toString();
    }

    /** RFC 4731 3.1: {@code RETURN ()} means ALL; MIN, MAX and ALL are left out when nothing matched. */
    private static String extended(ImapCommand.Search command, List<Long> hits) {
        var options = command.returnOptions() == null ? java.util.Set.of("ALL") : command.returnOptions();
        StringBuilder out = new StringBuilder("ESEARCH (TAG \"").append(command.tag()).append("\")");
        if (command.uid()) {
            out.append(" UID");
        }
        if (options.contains("MIN") && !hits.isEmpty()) {
            out.append(" MIN ").append(hits.get(0));
        }
        if (options.contains("MAX") && !hits.isEmpty()) {
            out.append(" MAX ").append(hits.get(hits.size() - 1));
        }
        if (options.contains("COUNT")) {
            out.append(" COUNT ").append(hits.size());
        }
        if (options.contains("ALL") && !hits.isEmpty()) {
            out.append(" ALL ").append(UidSets.format(hits));
        }
        return out.toString();
    }

    /** One message of the view for the evaluator. */
    private record Subject(SelectedMailbox view, int seq) implements SearchSubject {
        @Override
        public long sequence() {
            return seq;
        }

        @Override
        public MessageInfo info() {
            return view.info(seq);
        }

        @Override
        public long modSeq() {
            return view.info(seq).modSeq();
        }

        @Override
        public boolean recent() {
            return view.recent(seq);
        }

        @Override
        public MessageStructure structure() throws IOException {
            return view.folder().structure(view.uid(seq));
        }

        @Override
        public InputStream open() throws IOException {
            return view.folder().open(view.uid(seq));
        }
    }
}
