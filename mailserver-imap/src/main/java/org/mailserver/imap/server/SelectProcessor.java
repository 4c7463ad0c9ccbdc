package org.mailserver.imap.server;

import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.TreeSet;
import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.grammar.SequenceSet;
import org.mailserver.store.Flag;
import org.mailserver.store.Folder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SELECT and EXAMINE (RFC 3501 6.3.1, 6.3.2). A mailbox already selected is deselected first, even
 * when the new one cannot be opened, and without expunging (RFC 3501 6.3.1).
 */
final class SelectProcessor implements Processor<ImapCommand.Select> {
    private static final Logger LOG = LoggerFactory.getLogger(SelectProcessor.class);

    @Override
    public void process(ImapSession s, ImapCommand.Select command) {
        if (command.qresync() != null && !s.enabled("QRESYNC")) {
            s.bad(command, "the QRESYNC parameter needs ENABLE QRESYNC first (RFC 7162 3.2.5)");
            return;
        }
        if (s.selected() != null) {
            s.untagged("OK [CLOSED] previous mailbox closed"); // RFC 7162 3.2.11
        }
        s.unselect();
        if (command.condstore()) {
            s.enableCondstore(); // RFC 7162 3.1.8
        }
        String storeName;
        try {
            storeName = Names.toStore(command.mailbox());
        } catch (IllegalArgumentException e) {
            s.no(command, "[NONEXISTENT] " + e.getMessage());
            return;
        }
        s.runBlocking(() -> {
            Folder folder = s.mailbox().folder(storeName);
            return SelectedMailbox.open(folder, command.mailbox(), command.readOnly(), s.recentTracker());
        }, (view, error) -> {
            if (error instanceof NoSuchFileException) {
                s.no(command, "[NONEXISTENT] no such mailbox");
            } else if (error != null) {
                LOG.warn("imap cannot open {} of {}: {}", MailLog.clean(command.mailbox()), s.user().uid(), error.toString());
                s.no(command, "[UNAVAILABLE] cannot open the mailbox, try again later");
            } else {
                respond(s, command, view);
            }
        });
    }

    /**
     * RFC 7162 3.2.5.1: what the client missed since its mod-sequence: VANISHED (EARLIER) for the
     * known UIDs that are gone, then a FETCH with UID, FLAGS and MODSEQ for each changed message.
     */
    private static void resync(ImapSession s, SelectedMailbox view, ImapCommand.Qresync q) {
        SequenceSet known = q.knownUids() != null ? q.knownUids()
                : new SequenceSet(List.of(new SequenceSet.Range(1, SequenceSet.STAR)));
        String vanished = Vanished.earlier(view, known);
        if (vanished != null) {
            s.untagged(vanished);
        }
        Reporting full = new Reporting(true, true, true, s.reporting().recent());
        for (int seq = 1; seq <= view.exists(); seq++) {
            if (view.info(seq).modSeq() > q.modSeq()) {
                s.untagged(view.flagsLine(seq, view.info(seq), full));
            }
        }
    }

    private static void respond(ImapSession s, ImapCommand.Select command, SelectedMailbox view) {
        TreeSet<String> keywords = new TreeSet<>();
        int firstUnseen = 0;
        for (int seq = 1; seq <= view.exists(); seq++) {
            keywords.addAll(view.info(seq).keywords());
            if (firstUnseen == 0 && !view.info(seq).flags().contains(Flag.SEEN)) {
                firstUnseen = seq;
            }
        }
        String keywordList = keywords.isEmpty() ? "" : " " + String.join(" ", keywords);
        s.untagged("FLAGS (" + Flags.SYSTEM + keywordList + ")");
        s.untagged("OK [PERMANENTFLAGS (" + (view.readOnly() ? "" : Flags.SYSTEM + keywordList + " \\*")
                + ")] flags permitted");
        s.untagged(view.exists() + " EXISTS");
        boolean rev2 = s.enabled("IMAP4REV2");
        if (!rev2) { // RFC 9051 E.2: IMAP4rev2 has neither RECENT nor the UNSEEN response code
            s.untagged(view.recentCount() + " RECENT");
        } else { // RFC 9051 6.3.2: the mailbox's name as the server spells it
            s.untagged("LIST () \"/\" " + org.mailserver.imap.grammar.ImapStrings.astring(
                    Utf8Names.forClient(s, view.name())));
        }
        if (firstUnseen > 0 && !rev2) {
            s.untagged("OK [UNSEEN " + firstUnseen + "] first unseen message");
        }
        s.untagged("OK [UIDVALIDITY " + view.uidValidity() + "] UIDs valid");
        s.untagged("OK [UIDNEXT " + (view.folder().uidNext()) + "] predicted next UID");
        // RFC 7162 3.1.2.1: with every SELECT and EXAMINE, mod-sequences being persistent here
        s.untagged("OK [HIGHESTMODSEQ " + view.folder().highestModSeq() + "] highest mod-sequence");
        if (command.qresync() != null && command.qresync().uidValidity() == view.uidValidity()) {
            resync(s, view, command.qresync());
        }
        s.select(view);
        s.complete(command, (view.readOnly() ? "[READ-ONLY] " : "[READ-WRITE] ") + command.name() + " completed");
    }
}
