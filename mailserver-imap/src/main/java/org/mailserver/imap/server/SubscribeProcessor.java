package org.mailserver.imap.server;

import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SUBSCRIBE and UNSUBSCRIBE (RFC 3501 6.3.6, 6.3.7), kept in the Maildir's {@code subscriptions}
 * file. A name need not exist to be subscribed (RFC 3501 6.3.6 lets a server allow it).
 */
final class SubscribeProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(SubscribeProcessor.class);

    private SubscribeProcessor() {
    }

    static final class Subscribe implements Processor<ImapCommand.Subscribe> {
        @Override
        public void process(ImapSession s, ImapCommand.Subscribe command) {
            change(s, command, command.mailbox(), true);
        }
    }

    static final class Unsubscribe implements Processor<ImapCommand.Unsubscribe> {
        @Override
        public void process(ImapSession s, ImapCommand.Unsubscribe command) {
            change(s, command, command.mailbox(), false);
        }
    }

    private static void change(ImapSession s, ImapCommand command, String mailbox, boolean subscribed) {
        String storeName;
        try {
            storeName = Names.toStore(mailbox);
        } catch (IllegalArgumentException e) {
            s.no(command, "[CANNOT] " + e.getMessage());
            return;
        }
        s.runBlocking(() -> {
            s.mailbox().subscribe(storeName, subscribed);
            return storeName;
        }, (done, error) -> {
            if (error != null) {
                LOG.warn("imap {} {} failed for {}: {}", command.name(), MailLog.clean(mailbox), s.user().uid(), error.toString());
                s.no(command, "[UNAVAILABLE] cannot change subscriptions now, try again");
            } else {
                s.complete(command, command.name() + " completed");
            }
        });
    }
}
