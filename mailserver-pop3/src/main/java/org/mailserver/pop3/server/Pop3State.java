package org.mailserver.pop3.server;

/** The session states of RFC 1939 3. */
public enum Pop3State {
    /** Before a successful login: USER, PASS, AUTH, STLS, CAPA, QUIT. */
    AUTHORIZATION,
    /** Logged in, maildrop locked and listed: the message commands. */
    TRANSACTION,
    /** After QUIT in TRANSACTION: messages marked deleted are being removed. */
    UPDATE
}
