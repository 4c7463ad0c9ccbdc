package org.mailserver.imap.search;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * RFC 2047 encoded words in a header value, decoded the one way SEARCH does it, whether the value
 * comes from the message file ({@link MessageText}) or from the envelope ({@link EnvelopeFields}),
 * so that both give the same text.
 */
final class EncodedWords {

    private EncodedWords() {
    }

    /**
     * The value with its encoded words decoded anywhere, display names and quoted strings too (as
     * mailers write them), white space between two encoded words dropped (RFC 2047 6.2); a value
     * Mime4j cannot decode stays as it is.
     */
    static String decode(String value) {
        if (value == null || !value.contains("=?")) {
            return value;
        }
        try {
            return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
