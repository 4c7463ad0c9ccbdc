package org.mailserver.imap.server;

import java.nio.file.NoSuchFileException;
import java.time.Instant;
import org.mailserver.core.delivery.DiskFull;
import org.mailserver.core.delivery.SpooledMessage;
import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.store.Folder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * APPEND (RFC 3501 6.3.11) with APPENDUID (RFC 4315). The message was spooled by the decoder; it is
 * written into the folder durably before the OK and its spool discarded in every case.
 */
final class AppendProcessor implements Processor<ImapCommand.Append> {
    private static final Logger LOG = LoggerFactory.getLogger(AppendProcessor.class);
    /** The answer when the server's disk is full (ENOSPC): nothing was stored, and a later retry may work. */
    static final String DISK_FULL = "[UNAVAILABLE] the server has no disk space left, nothing was stored; try again later";

    @Override
    public void process(ImapSession s, ImapCommand.Append command) {
        for (String flag : command.flags()) {
            if (!Flags.storable(flag) && !flag.equalsIgnoreCase("\\Recent")) {
                discard(command);
                s.bad(command, "cannot store flag " + flag);
                return;
            }
        }
        if (command.message().size() == 0) {
            discard(command);
            s.no(command, "an empty message cannot be appended"); // RFC 3501 9: a message of 0 octets is not a message
            return;
        }
        String target;
        try {
            target = Names.toStore(command.mailbox());
        } catch (IllegalArgumentException e) {
            // Not TRYCREATE: that tells the client CREATE would help (RFC 3501 6.3.11), and it cannot.
            discard(command);
            s.no(command, "[CANNOT] " + e.getMessage());
            return;
        }
        Instant date = command.date() == null ? null : command.date().toInstant();
        s.runBlocking(() -> {
            try {
                Folder folder = s.mailbox().folder(target);
                if (Quota.exceeded(s.user(), s.mailbox(), command.message().size(), 1)) {
                    throw new CopyMessages.OverQuota();
                }
                long uid = folder.append(command.message(), Flags.systemFlags(command.flags()),
                        Flags.keywords(command.flags()), date);
                return "APPENDUID " + folder.uidValidity() + " " + uid;
            } finally {
                discard(command);
            }
        }, (code, error) -> {
            discard(command); // also when the task never ran (a full executor); discarding twice is harmless
            if (error instanceof NoSuchFileException) {
                s.no(command, "[TRYCREATE] no such mailbox");
            } else if (error instanceof CopyMessages.OverQuota) {
                s.no(command, "[OVERQUOTA] the message would exceed your quota");
            } else if (error != null) {
                LOG.warn("imap APPEND to {} failed for {}: {}", MailLog.clean(command.mailbox()), s.user().uid(), error.toString());
                // RFC 5530: OVERQUOTA is the user's quota; a full disk is the server's, temporary: UNAVAILABLE
                s.no(command, DiskFull.is(error) ? DISK_FULL : "[UNAVAILABLE] the message could not be stored, try again");
            } else {
                ImapMetrics.of(s.context().metrics()).protocol().messageReceived();
                s.complete(command, "[" + code + "] APPEND completed");
            }
        });
    }

    private static void discard(ImapCommand.Append command) {
        if (command.message() instanceof SpooledMessage spooled) {
            spooled.discard();
        }
    }
}
