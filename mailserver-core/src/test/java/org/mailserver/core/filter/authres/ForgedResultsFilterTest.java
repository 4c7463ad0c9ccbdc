package org.mailserver.core.filter.authres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailserver.core.config.Settings;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.filter.EditedMessage;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.HeaderEdit;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.net.Cidr;
import org.mailserver.core.testing.TestMessageSource;

/** Policy auth_results (RFC 8601 5): forged fields with our authserv-id are removed, or the message refused. */
class ForgedResultsFilterTest {
    private static final String ID = "mx.receiver.test";
    private final ForgedResultsFilter filter = new ForgedResultsFilter(
            new ForgedResultsConfig(ID, List.of(Cidr.parse("10.0.0.0/8"))));

    private static FilterContext from(String ip, String user, MessageSource message) throws Exception {
        return new FilterContext(InetAddress.getByName(ip), "h.example.net", user, "alice@example.com", null,
                List.of(), message, "Q1");
    }

    /** The message as it would be stored: the filter's edits applied by the delivery's editor. */
    private String delivered(String message) throws Exception {
        MessageSource source = TestMessageSource.of(message);
        FilterVerdict v = filter.check(Stage.DATA, from("192.0.2.7", null, source));
        List<HeaderEdit> edits = v instanceof FilterVerdict.AddHeaders h ? h.edits() : List.of();
        try (InputStream in = EditedMessage.of(source, edits).open()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void fieldsClaimingOurIdAreRemovedOthersKept() throws Exception {
        // a forger's "our checks passed", in any case, folded, with a comment before the id
        String message = """
                Authentication-Results: mx.receiver.test; spf=pass smtp.mailfrom=ceo@example.com
                Authentication-Results: other.example.net; dkim=pass header.d=example.com
                Authentication-Results: (forged) MX.Receiver.TEST;
                  dkim=pass header.d=example.com
                Authentication-Results: mx.receiver.test.evil.example; spf=pass
                Subject: trust me

                Authentication-Results: mx.receiver.test; spf=pass (in the body: not a field)
                """;
        // the two forged fields are gone, every other byte is as received
        assertEquals("""
                Authentication-Results: other.example.net; dkim=pass header.d=example.com
                Authentication-Results: mx.receiver.test.evil.example; spf=pass
                Subject: trust me

                Authentication-Results: mx.receiver.test; spf=pass (in the body: not a field)
                """.replace("\n", "\r\n"), delivered(message));
    }

    @Test
    void authenticatedAndTrustedClientsAreLeftAlone() throws Exception {
        MessageSource m = TestMessageSource.of("Authentication-Results: mx.receiver.test; spf=pass\r\n\r\nbody\r\n");
        assertInstanceOf(FilterVerdict.AddHeaders.class, filter.check(Stage.DATA, from("192.0.2.7", null, m)));
        assertEquals(FilterVerdict.CONTINUE, filter.check(Stage.DATA, from("192.0.2.7", "alice", m)));
        assertEquals(FilterVerdict.CONTINUE, filter.check(Stage.DATA, from("10.1.2.3", null, m)));
        assertEquals(FilterVerdict.CONTINUE, filter.check(Stage.DATA,
                from("192.0.2.7", null, TestMessageSource.of("Subject: nothing forged\r\n\r\nbody\r\n"))));
    }

    @Test
    void aForgedFieldTooLongToRemoveRefusesTheMessage() throws Exception {
        // padded past what the editor holds with folded comment lines: kept, it would pass the forgery on
        String padding = "\r\n (" + "x".repeat(70) + ")";
        String longForged = "Authentication-Results: mx.receiver.test; spf=pass" + padding.repeat(1000);
        FilterVerdict v = filter.check(Stage.DATA, from("192.0.2.7", null,
                TestMessageSource.of(longForged + "\r\nSubject: x\r\n\r\nbody\r\n")));
        FilterVerdict.Reject r = assertInstanceOf(FilterVerdict.Reject.class, v);
        assertEquals(550, r.refusal().code());
        assertTrue(r.refusal().text().contains("policy auth_results"), r.refusal().text());
        // as long, with another host's id: nothing to remove, nothing refused
        assertEquals(FilterVerdict.CONTINUE, filter.check(Stage.DATA, from("192.0.2.7", null, TestMessageSource.of(
                longForged.replace(ID, "other.example.net") + "\r\nSubject: x\r\n\r\nbody\r\n"))));
    }

    @Test
    void aHeaderThatCannotBeReadToItsEndRefusesTheMessage() throws Exception {
        // a field over the parser's limit first would hide the forged one after it
        String huge = "X-Filler: " + "y".repeat(ForgedResults.PARSE_LIMIT + 10);
        FilterVerdict v = filter.check(Stage.DATA, from("192.0.2.7", null, TestMessageSource.of(
                huge + "\r\nAuthentication-Results: mx.receiver.test; spf=pass\r\n\r\nbody\r\n")));
        assertInstanceOf(FilterVerdict.Reject.class, v);
    }

    @Test
    void everyFieldTheFilterAsksToRemoveIsRemovedAtTheEditorsLimit() throws Exception {
        // the longest field the filter will name, and one octet more, around HeaderEdit.FIELD_LIMIT
        String head = "Authentication-Results: mx.receiver.test; spf=pass (";
        for (int extra = -4; extra <= 4; extra++) {
            int length = HeaderEdit.FIELD_LIMIT - 2 + extra; // the field without its CRLF
            String field = head + "z".repeat(length - head.length() - 1) + ")";
            String message = field + "\r\nSubject: s\r\n\r\nbody\r\n";
            FilterVerdict v = filter.check(Stage.DATA, from("192.0.2.7", null, TestMessageSource.of(message)));
            if (v instanceof FilterVerdict.AddHeaders) {
                assertEquals("Subject: s\r\n\r\nbody\r\n", delivered(message), "length " + length);
            } else {
                assertInstanceOf(FilterVerdict.Reject.class, v, "length " + length);
                assertTrue(length > HeaderEdit.FIELD_LIMIT - 2, "refused although removable: " + length);
            }
        }
    }

    @Test
    void theAuthservIdIsReadPastCommentsAndQuotes() {
        assertEquals("mx.example.org", ForgedResults.authservId(" mx.example.org; spf=pass"));
        assertEquals("mx.example.org", ForgedResults.authservId(" (a (nested) comment \\) ) mx.example.org 1; none"));
        assertEquals("mx.example.org", ForgedResults.authservId("\r\n mx.example.org;\r\n spf=pass"));
        assertEquals("mx \"q\"", ForgedResults.authservId(" \"mx \\\"q\\\"\"; none"));
        assertEquals("mx.example.org", ForgedResults.authservId("mx.example.org(c);none"));
        assertEquals(null, ForgedResults.authservId("  (only a comment)"));
        assertEquals(null, ForgedResults.authservId(" \"unterminated"));
    }

    @Test
    void theIdIsServerHostnameAndTrustedNetworksAreRead() throws Exception {
        ForgedResultsConfig c = ForgedResultsConfig.from(new Settings(Map.of("server.hostname", "mx.example.org",
                "smtp.trusted_networks", "192.168.0.0/16")));
        assertEquals("mx.example.org", c.authservId());
        assertTrue(c.trusted(InetAddress.getByName("192.168.7.7")));
        assertFalse(c.trusted(InetAddress.getByName("192.0.2.7")));
    }
}
