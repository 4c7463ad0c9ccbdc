package org.mailserver.imap.server;

import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.mailbox.ModifiedUtf7;

/**
 * Mailbox names for a session that enabled IMAP4rev2 (RFC 9051 5.1): the client sends and receives
 * them in UTF-8, while the store and the rest of the session keep the modified UTF-7 form Maildir++
 * folders are named in. Commands are rewritten on the way in, so processors see one form only;
 * responses that carry names ({@code LIST}, {@code LSUB}, {@code STATUS}) convert on the way out.
 */
final class Utf8Names {
    private Utf8Names() {
    }

    /** The command with every mailbox name (and LIST pattern) turned from UTF-8 into modified UTF-7. */
    static ImapCommand toModifiedUtf7(ImapCommand command) {
        if (command instanceof ImapCommand.Select c) {
            return new ImapCommand.Select(c.tag(), m(c.mailbox()), c.readOnly(), c.condstore(), c.qresync());
        } else if (command instanceof ImapCommand.Create c) {
            return new ImapCommand.Create(c.tag(), m(c.mailbox()), c.specialUse());
        } else if (command instanceof ImapCommand.Delete c) {
            return new ImapCommand.Delete(c.tag(), m(c.mailbox()));
        } else if (command instanceof ImapCommand.Rename c) {
            return new ImapCommand.Rename(c.tag(), m(c.from()), m(c.to()));
        } else if (command instanceof ImapCommand.Subscribe c) {
            return new ImapCommand.Subscribe(c.tag(), m(c.mailbox()));
        } else if (command instanceof ImapCommand.Unsubscribe c) {
            return new ImapCommand.Unsubscribe(c.tag(), m(c.mailbox()));
        } else if (command instanceof ImapCommand.ListMailboxes c) {
            return new ImapCommand.ListMailboxes(c.tag(), m(c.reference()),
                    c.patterns().stream().map(Utf8Names::m).toList(), c.selection(), c.returnOptions(), c.status());
        } else if (command instanceof ImapCommand.Lsub c) {
            return new ImapCommand.Lsub(c.tag(), m(c.reference()), m(c.pattern()));
        } else if (command instanceof ImapCommand.Status c) {
            return new ImapCommand.Status(c.tag(), m(c.mailbox()), c.items());
        } else if (command instanceof ImapCommand.Append c) {
            return new ImapCommand.Append(c.tag(), m(c.mailbox()), c.flags(), c.date(), c.message());
        } else if (command instanceof ImapCommand.Copy c) {
            return new ImapCommand.Copy(c.tag(), c.uid(), c.set(), m(c.mailbox()));
        } else if (command instanceof ImapCommand.Move c) {
            return new ImapCommand.Move(c.tag(), c.uid(), c.set(), m(c.mailbox()));
        } else if (command instanceof ImapCommand.GetQuotaRoot c) {
            return new ImapCommand.GetQuotaRoot(c.tag(), m(c.mailbox()));
        }
        return command;
    }

    /** A modified UTF-7 name as the client sees it: UTF-8 under IMAP4rev2, else unchanged. */
    static String forClient(ImapSession s, String modifiedUtf7) {
        if (!s.enabled("IMAP4REV2")) {
            return modifiedUtf7;
        }
        try {
            return ModifiedUtf7.decode(modifiedUtf7);
        } catch (IllegalArgumentException e) {
            return modifiedUtf7; // a folder another program named badly: shown as it is
        }
    }

    private static String m(String utf8) {
        return utf8 == null ? null : ModifiedUtf7.encode(utf8);
    }
}
