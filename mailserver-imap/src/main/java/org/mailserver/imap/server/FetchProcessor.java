package org.mailserver.imap.server;

import java.util.ArrayList;
import java.util.List;
import org.mailserver.imap.grammar.FetchAttribute;
import org.mailserver.imap.grammar.ImapCommand;

/**
 * FETCH and UID FETCH (RFC 3501 6.4.5, 6.4.8): checks the command, then {@link FetchRun} produces the
 * responses in batches off the event loop and streams large sections.
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
        if (command.changedSince() >= 0 || command.vanished()) {
            s.bad(command, "CHANGEDSINCE needs CONDSTORE, which this server does not offer yet");
            return;
        }
        List<FetchAttribute> items = new ArrayList<>();
        if (command.uid() && !command.items().contains(FetchAttribute.Simple.UID)) {
            items.add(FetchAttribute.Simple.UID); // RFC 3501 6.4.8: UID FETCH always returns the UID
        }
        for (FetchAttribute item : command.items()) {
            if (item == FetchAttribute.Simple.MODSEQ) {
                s.bad(command, "MODSEQ needs CONDSTORE, which this server does not offer yet");
                return;
            }
            if (item instanceof FetchAttribute.Binary) {
                s.bad(command, "BINARY is not offered by this server yet");
                return;
            }
            items.add(item);
        }
        boolean markSeen = !view.readOnly() && items.stream().anyMatch(FetchFormatter::setsSeen);
        new FetchRun(s, command, view, seqs, items, markSeen).start();
    }
}
