package org.mailserver.imap.server;

import java.util.ArrayList;
import java.util.List;
import org.mailserver.imap.grammar.FetchAttribute;
import org.mailserver.imap.grammar.ImapCommand;

/**
 * FETCH and UID FETCH (RFC 3501 6.4.5, 6.4.8) with CONDSTORE's MODSEQ item and CHANGEDSINCE modifier
 * (RFC 7162 3.1.4) and QRESYNC's VANISHED modifier (3.2.6): checks the command, then {@link FetchRun}
 * produces the responses in batches off the event loop and streams large sections.
 */
final class FetchProcessor implements Processor<ImapCommand.Fetch> {

    @Override
    public void process(ImapSession s, ImapCommand.Fetch command) {
        SelectedMailbox view = s.selected();
        int[] seqs = view.resolve(command.set(), command.uid());
        if (seqs == null) {
            s.bad(command, "invalid message sequence number");
            return;
        }
        if (command.vanished() && (!command.uid() || !s.enabled("QRESYNC") || command.changedSince() < 0)) {
            // RFC 7162 3.2.6: only in UID FETCH, with CHANGEDSINCE, after ENABLE QRESYNC
            s.bad(command, "VANISHED needs UID FETCH with CHANGEDSINCE after ENABLE QRESYNC");
            return;
        }
        List<FetchAttribute> items = new ArrayList<>();
        if (command.uid() && !command.items().contains(FetchAttribute.Simple.UID)) {
            items.add(FetchAttribute.Simple.UID); // RFC 3501 6.4.8: UID FETCH always returns the UID
        }
        for (FetchAttribute item : command.items()) {
            items.add(item);
        }
        if (command.changedSince() >= 0 || items.contains(FetchAttribute.Simple.MODSEQ)) {
            s.enableCondstore(); // RFC 7162 3.1: a CONDSTORE-enabling command
            if (!items.contains(FetchAttribute.Simple.MODSEQ)) {
                items.add(FetchAttribute.Simple.MODSEQ); // 3.1.4.1: CHANGEDSINCE implies MODSEQ
            }
        }
        if (command.changedSince() >= 0) {
            seqs = changedSince(view, seqs, command.changedSince());
        }
        if (command.vanished()) {
            String vanished = Vanished.earlier(view, command.set());
            if (vanished != null) {
                s.untagged(vanished);
            }
        }
        boolean markSeen = !view.readOnly() && items.stream().anyMatch(FetchFormatter::setsSeen);
        new FetchRun(s, command, view, seqs, items, markSeen).start();
    }

    /** The messages whose mod-sequence is above {@code modSeq}. */
    private static int[] changedSince(SelectedMailbox view, int[] seqs, long modSeq) {
        return java.util.Arrays.stream(seqs).filter(seq -> view.info(seq).modSeq() > modSeq).toArray();
    }
}
