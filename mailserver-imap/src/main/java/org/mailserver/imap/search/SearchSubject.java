package org.mailserver.imap.search;

import java.io.IOException;
import java.io.InputStream;
import org.mailserver.store.MessageInfo;

/**
 * One message of the selected mailbox as SEARCH sees it. The session supplies one per message;
 * {@link SearchEvaluator} calls {@link #open()} only for keys that need the content, at most twice
 * per message (once for the header, once more if the body is needed too), and closes each stream.
 */
public interface SearchSubject {

    /** The message sequence number in the session's view (RFC 3501 2.3.1.2). */
    long sequence();

    /** UID, size, internal date, flags and keywords. */
    MessageInfo info();

    /** The mod-sequence (RFC 7162), for MODSEQ; 0 if the session does not track them. */
    long modSeq();

    /** Whether the message is \Recent in this session (RFC 3501 2.3.2). */
    boolean recent();

    /**
     * The message as served (CRLF line ends). Called on the blocking executor; may throw
     * {@link java.nio.file.NoSuchFileException} if the message was expunged meanwhile.
     */
    InputStream open() throws IOException;
}
