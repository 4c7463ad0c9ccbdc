package org.mailserver.smtp.server;

import java.util.concurrent.RejectedExecutionException;
import org.mailserver.core.directory.DirectoryUnavailableException;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.MailPath;
import org.mailserver.smtp.grammar.Reply;

/** The replies the engine sends in more than one place. */
final class Replies {
    static final Reply OK = Reply.of(250, EnhancedStatus.OK, "Ok");
    static final Reply SENDER_OK = Reply.of(250, EnhancedStatus.SENDER_OK, "Ok");
    static final Reply START_DATA = Reply.of(354, null, "End data with <CR><LF>.<CR><LF>");
    static final Reply BYE = Reply.of(221, EnhancedStatus.CLOSING, "Bye");
    static final Reply LINE_TOO_LONG = Reply.of(500, EnhancedStatus.SYNTAX, "Line too long");
    static final Reply BAD_SEQUENCE_MAIL = Reply.of(503, EnhancedStatus.INVALID_COMMAND, "Bad sequence of commands: need MAIL first");
    static final Reply NESTED_MAIL = Reply.of(503, EnhancedStatus.INVALID_COMMAND, "Bad sequence of commands: nested MAIL");
    static final Reply TOO_MANY_RECIPIENTS = Reply.of(452, EnhancedStatus.TOO_MANY_RECIPIENTS, "Too many recipients");
    static final Reply PARAMETER_NOT_IMPLEMENTED = Reply.of(555, EnhancedStatus.BAD_PARAMETER, "Parameter not recognized or not implemented");
    static final Reply MESSAGE_TOO_BIG = Reply.of(552, EnhancedStatus.MESSAGE_TOO_BIG, "Message size exceeds fixed limit");
    static final Reply BARE_LINE_END = Reply.of(550, new EnhancedStatus(5, 6, 0),
            "Message refused: bare CR or LF in data (RFC 5321 2.3.8)");
    static final Reply LOCAL_ERROR = Reply.of(451, EnhancedStatus.SYSTEM_TEMP, "Local error in processing, try again later");
    /** RFC 3463 4.3.1 "mail system full": the disk of the spool, the mailstore or the queue (ENOSPC, EDQUOT). */
    static final Reply SYSTEM_FULL = Reply.of(452, EnhancedStatus.SYSTEM_FULL, "Insufficient system storage, try again later");
    static final Reply DIRECTORY_DOWN = Reply.of(451, EnhancedStatus.DIRECTORY_TEMP, "Directory temporarily unavailable, try again later");
    static final Reply VRFY = Reply.of(252, new EnhancedStatus(2, 5, 0), "Cannot VRFY user, but will accept message and attempt delivery");
    static final Reply HELP = Reply.of(214, EnhancedStatus.OK, "See RFC 5321 (SMTP) and RFC 2033 (LMTP)");

    private Replies() {
    }

    static Reply overQuota(MailPath to, boolean permanent) {
        return permanent
                ? Reply.of(552, EnhancedStatus.MAILBOX_FULL, to + ": Mailbox full")
                : Reply.of(452, EnhancedStatus.MAILBOX_FULL_TEMP, to + ": Mailbox full, try again later");
    }

    /** Off-loop work failed: an outage or a full pool is always temporary (never 5xx). */
    static Reply forFailure(Throwable e) {
        if (e instanceof DirectoryUnavailableException || e instanceof RejectedExecutionException) {
            return DIRECTORY_DOWN;
        }
        return LOCAL_ERROR;
    }
}
