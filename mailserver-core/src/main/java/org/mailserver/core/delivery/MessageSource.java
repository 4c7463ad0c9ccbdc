package org.mailserver.core.delivery;

import java.io.IOException;
import java.io.InputStream;

/**
 * A received message, already unstuffed, with CRLF line ends, held in memory when small and in a
 * spool file when not. It can be read any number of times, once per recipient.
 */
public interface MessageSource {

    /** Size in octets. */
    long size();

    /** A new stream over the whole message. The caller closes it. */
    InputStream open() throws IOException;
}
