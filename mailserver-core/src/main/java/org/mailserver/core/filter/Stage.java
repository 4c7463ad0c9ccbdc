package org.mailserver.core.filter;

/** Where in an SMTP session a filter runs. */
public enum Stage {
    CONNECT, HELO, MAIL, RCPT, DATA
}
