package org.mailserver.imap.search;

import java.io.IOException;
import java.io.InputStream;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.mime.MessageStructure;

/**
 * One message of the selected mailbox as SEARCH sees it. The session supplies one per message;
 * {@link SearchEvaluator} asks for what the key needs and no more: {@link #info()} and the other
 * cheap values for flag, number and date keys, {@link #structure()} for header keys the envelope
 * covers, and {@link #open()} only for keys that need the file (other header fields, BODY, TEXT),
 * at most once per message, closing the stream when the message is decided.
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
     * The message's parsed structure and envelope, from the store's cache or index when it has
     * them (it parses the message otherwise, once). Called on the blocking executor; may throw
     * {@link java.nio.file.NoSuchFileException} if the message was expunged meanwhile.
     */
    MessageStructure structure() throws IOException;

    /**
     * The message as served (CRLF line ends). Called on the blocking executor; may throw
     * {@link java.nio.file.NoSuchFileException} if the message was expunged meanwhile.
     */
    InputStream open() throws IOException;
}
