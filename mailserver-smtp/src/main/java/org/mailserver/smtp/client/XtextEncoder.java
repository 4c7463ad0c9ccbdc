package org.mailserver.smtp.client;

import java.nio.charset.StandardCharsets;

/** Encodes ENVID and ORCPT values as xtext (RFC 3461 4): {@code +XX} for '+', '=' and anything not printable ASCII. */
final class XtextEncoder {
    private XtextEncoder() {
    }

    static String encode(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 33 && c <= 126 && c != '+' && c != '=') {
                b.append((char) c);
            } else {
                b.append('+').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }
}
