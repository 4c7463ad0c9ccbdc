package org.mailserver.imap.server;

import io.netty.buffer.ByteBuf;
import org.mailserver.imap.fetch.SectionContent;

/** A piece of FETCH output: octets ready to write, or a large section to stream from its file. */
sealed interface FetchPiece {

    /** Ready octets (response text and small literals); released if never written. */
    record Ready(ByteBuf data) implements FetchPiece {
    }

    /**
     * A literal's content too large to read at once, copied from the message file in chunks.
     *
     * @param length the octets the source gives, which the literal announced
     * @param source opens exactly {@code length} octets (a range of the file, or a decoded part)
     */
    record Stream(long length, SectionContent.MessageOpener source) implements FetchPiece {
    }
}
