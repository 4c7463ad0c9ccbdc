package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The TLS comment of the Received header: Postfix's form, and nothing but name characters in it. */
class TraceHeadersTest {

    @Test
    void tlsDetailsInPostfixForm() {
        assertEquals("TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)",
                TraceHeaders.tlsDetails("TLSv1.3", "TLS_AES_256_GCM_SHA384"));
        assertEquals("TLSv1.2 with cipher TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 (256/256 bits)",
                TraceHeaders.tlsDetails("TLSv1.2", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"));
        assertEquals("TLSv1.3 with cipher TLS_AES_128_GCM_SHA256 (128/128 bits)",
                TraceHeaders.tlsDetails("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
        assertEquals("unknown with cipher SSL_NULL_WITH_NULL_NULL", TraceHeaders.tlsDetails(null, "SSL_NULL_WITH_NULL_NULL"));
    }

    @Test
    void nothingButNameCharactersReachTheHeader() {
        assertEquals("TLSv1.3__X-Evil___x_ with cipher a_b_c", TraceHeaders.tlsDetails("TLSv1.3\r\nX-Evil: (x)", "a b)c"));
    }
}
