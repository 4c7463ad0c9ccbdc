package org.mailserver.pop3.server;

import java.util.Set;
import org.mailserver.pop3.grammar.Pop3Command;

/**
 * Carries out one POP3 command.
 *
 * <p>Called on the event loop, only in one of {@link #states()} and only when no other command is
 * in progress. The handler must end the command exactly once, through {@link Pop3Session#reply},
 * {@link Pop3Session#finish} or {@link Pop3Session#replyAndClose}, at once or later from a
 * {@link Pop3Session#runBlocking} callback. It must not block.
 */
interface CommandHandler<C extends Pop3Command> {

    /** The states the command is valid in (RFC 1939). */
    Set<Pop3State> states();

    void handle(Pop3Session session, C command);
}
