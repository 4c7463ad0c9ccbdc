package org.mailserver.core.filter.clamd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClamdReplyParserTest {

    @Test
    void cleanStream() {
        assertEquals(new ClamdReply.Clean(), ClamdReplyParser.parse("stream: OK\0"));
        assertEquals(new ClamdReply.Clean(), ClamdReplyParser.parse("stream: OK\n")); // n-command form
    }

    @Test
    void foundNamesTheSignature() {
        // as clamd 1.4 answers with a private .hdb database
        assertEquals(new ClamdReply.Found("Eicar-Test-Signature.UNOFFICIAL"),
                ClamdReplyParser.parse("stream: Eicar-Test-Signature.UNOFFICIAL FOUND\0"));
        assertEquals(new ClamdReply.Found("Win.Test.EICAR_HDB-1"), ClamdReplyParser.parse("stream: Win.Test.EICAR_HDB-1 FOUND"));
    }

    @Test
    void errorsAndNonsenseAreErrors() {
        assertEquals(new ClamdReply.Error("INSTREAM size limit exceeded."),
                ClamdReplyParser.parse("INSTREAM size limit exceeded. ERROR\0"));
        assertEquals(new ClamdReply.Error("stream: Can't allocate memory"),
                ClamdReplyParser.parse("stream: Can't allocate memory ERROR\0"));
        assertEquals(new ClamdReply.Error("unexpected reply (none)"), ClamdReplyParser.parse(""));
        assertEquals(new ClamdReply.Error("unexpected reply 'UNKNOWN COMMAND'"), ClamdReplyParser.parse("UNKNOWN COMMAND\0"));
        assertEquals(new ClamdReply.Error("unexpected reply 'stream:  FOUND'"), ClamdReplyParser.parse("stream:  FOUND\0"));
        assertEquals(new ClamdReply.Error("unexpected reply 'stream: OK?'"), ClamdReplyParser.parse("stream: OK\r"
                .replace("\r", "\u0007")));
    }

    @Test
    void onlyTheFirstNulTerminatedReplyCounts() {
        assertEquals(new ClamdReply.Clean(), ClamdReplyParser.parse("stream: OK\0stream: X FOUND\0"));
    }
}
