package org.mailserver.smtp.client;

/** How to speak to a next hop: SMTP (RFC 5321) or LMTP (RFC 2033: LHLO, one reply per recipient after DATA). */
public enum ClientDialect { SMTP, LMTP }
