package org.mailserver.pop3.grammar;

/** Extended response codes (RFC 2449 8, RFC 3206), sent in brackets after {@code -ERR}. */
public enum ResponseCode {
    /** RFC 2449 8.1.1: the maildrop is locked by another session. */
    IN_USE("IN-USE"),
    /** RFC 2449 8.1.2: logged in too recently. */
    LOGIN_DELAY("LOGIN-DELAY"),
    /** RFC 3206 4: a temporary system problem; try again later. */
    SYS_TEMP("SYS/TEMP"),
    /** RFC 3206 4: a permanent system problem. */
    SYS_PERM("SYS/PERM"),
    /** RFC 3206 5: the credentials were refused (wrong, or the account may not log in). */
    AUTH("AUTH");

    private final String text;

    ResponseCode(String text) {
        this.text = text;
    }

    /** The code as written between the brackets. */
    public String text() {
        return text;
    }
}
