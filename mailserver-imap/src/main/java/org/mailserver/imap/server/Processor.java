package org.mailserver.imap.server;

import org.mailserver.imap.grammar.ImapCommand;

/**
 * Carries out one IMAP command. Called on the channel's event loop, with the session marked busy and
 * in a state the {@link CommandTable} allows for the command. The processor ends the command with
 * one of {@link ImapSession#complete}, {@link ImapSession#no}, {@link ImapSession#bad}, at once or
 * from a callback; blocking work goes through {@link ImapSession#runBlocking}.
 */
interface Processor<C extends ImapCommand> {
    void process(ImapSession session, C command);
}
