package org.mailserver.imap.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.store.FlagChange;
import org.mailserver.store.FolderSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STORE and UID STORE (RFC 3501 6.4.6, 6.4.8), with CONDSTORE's UNCHANGEDSINCE (RFC 7162 3.1.3).
 *
 * <ol>
 *   <li>Resolve the set; a sequence number past the end is BAD.</li>
 *   <li>Off the loop: change each message's flags atomically in the store (read, change, rename under
 *       the folder's lock), so concurrent sessions' changes are not lost. With UNCHANGEDSINCE, a
 *       message changed after that mod-sequence is left alone and named in {@code [MODIFIED ...]}.</li>
 *   <li>Apply the store's listing to the session's view: the untagged FETCH responses for the new
 *       flags come from it, with those of other sessions' changes; {@code .SILENT} drops ours (RFC
 *       3501 6.4.6, but RFC 7162 3.1.3: not the MODSEQ of a CONDSTORE client). A message whose flags
 *       did not change is still reported unless silent, as clients expect a FETCH per message.</li>
 * </ol>
 * {@code \Recent} cannot be set or cleared by a client and is ignored; other unknown system flags are BAD.
 */
final class StoreProcessor implements Processor<ImapCommand.Store> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreProcessor.class);

    @Override
    public void process(ImapSession s, ImapCommand.Store command) {
        SelectedMailbox view = s.selected();
        int[] seqs = view.resolve(command.set(), command.uid());
        if (seqs == null) {
            s.bad(command, "invalid message sequence number");
            return;
        }
        if (view.readOnly()) {
            s.no(command, "[READ-ONLY] mailbox was opened with EXAMINE");
            return;
        }
        List<String> names = new ArrayList<>();
        for (String flag : command.flags()) {
            if (flag.equalsIgnoreCase("\\Recent")) {
                continue;
            }
            if (!Flags.storable(flag)) {
                s.bad(command, "cannot store flag " + flag);
                return;
            }
            names.add(flag);
        }
        if (command.unchangedSince() >= 0) {
            s.enableCondstore();
        }
        FlagChange change = new FlagChange(switch (command.mode()) {
            case REPLACE -> FlagChange.Mode.REPLACE;
            case ADD -> FlagChange.Mode.ADD;
            case REMOVE -> FlagChange.Mode.REMOVE;
        }, Flags.systemFlags(names), Flags.keywords(names));
        long[] uids = new long[seqs.length];
        for (int i = 0; i < seqs.length; i++) {
            uids[i] = view.uid(seqs[i]);
        }
        Reporting reporting = s.reporting();
        List<Long> modified = new ArrayList<>();
        s.runBlocking(() -> {
            FolderSnapshot current = command.unchangedSince() >= 0 ? view.folder().snapshot() : FolderSnapshot.EMPTY;
            for (int i = 0; i < seqs.length; i++) {
                if (view.expungePending(seqs[i])) {
                    continue; // expunged meanwhile: nothing to store (RFC 2180 4.2.1)
                }
                int at = current.indexOf(uids[i]);
                if (at >= 0 && current.info(at).modSeq() > command.unchangedSince()) {
                    modified.add(command.uid() ? uids[i] : seqs[i]);
                    continue;
                }
                view.folder().updateFlags(uids[i], change);
            }
            // With UIDs, so the responses can be told apart from other sessions' changes by UID
            // (an unsolicited FETCH may carry more items than asked, RFC 3501 7.4.2).
            return view.refresh(false, CommandTable.allowsExpunge(command), reporting.withUid());
        }, (lines, error) -> {
            if (error != null) {
                LOG.warn("imap STORE failed in {} of {}: {}", MailLog.clean(view.name()), s.user().uid(), error.toString());
                s.no(command, "[UNAVAILABLE] flags could not be stored, try again");
                return;
            }
            report(s, command, view, uids, lines, reporting.withUid());
            String done = command.name() + " completed";
            s.complete(command, modified.isEmpty() ? done : "[MODIFIED " + UidSets.format(modified) + "] " + done);
        });
    }

    private static void report(ImapSession s, ImapCommand.Store command, SelectedMailbox view, long[] uids,
                               List<String> lines, Reporting reporting) {
        Set<Long> stored = new HashSet<>();
        for (long uid : uids) {
            stored.add(uid);
        }
        // RFC 7162 3.1.3: with CONDSTORE even a .SILENT STORE reports the new MODSEQ.
        boolean silent = command.silent() && !reporting.modSeq();
        Set<Long> reported = new HashSet<>();
        for (String line : lines) {
            long uid = fetchUid(line);
            if (uid > 0 && stored.contains(uid)) {
                reported.add(uid);
                if (silent) {
                    continue;
                }
            }
            s.untagged(line);
        }
        if (!silent && !command.silent()) {
            for (long uid : uids) {
                int seq = view.sequenceOf(uid);
                if (!reported.contains(uid) && seq > 0 && !view.expungePending(seq)) {
                    s.untagged(view.flagsLine(seq, view.info(seq), reporting));
                }
            }
        }
    }

    /** The UID of a {@code n FETCH (UID u ...)} line, or 0 for other responses. */
    private static long fetchUid(String line) {
        int at = line.indexOf(" FETCH (UID ");
        if (at <= 0) {
            return 0;
        }
        int start = at + " FETCH (UID ".length();
        int end = line.indexOf(' ', start);
        try {
            return Long.parseLong(line.substring(start, end < 0 ? line.length() : end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
