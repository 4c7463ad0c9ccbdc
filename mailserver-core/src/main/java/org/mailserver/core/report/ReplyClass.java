package org.mailserver.core.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A policy name for a refusal that no filter logged, made from its reply ({@code 550 5.1.1 <x>: ...
 * User unknown}), and whether it was permanent. The texts are those of the SMTP module's
 * RecipientCheck and Replies; an unknown text is named by its code and enhanced status.
 */
record ReplyClass(String policy, boolean permanent) {
    private static final Pattern REPLY = Pattern.compile("^\\(?(\\d)(\\d\\d)(?: (\\d\\.\\d{1,3}\\.\\d{1,3}))?(.*)$");

    static ReplyClass of(String reply) {
        Matcher m = REPLY.matcher(reply.strip());
        if (!m.matches()) {
            return new ReplyClass("other", true);
        }
        boolean permanent = m.group(1).equals("5");
        String text = m.group(4);
        String policy;
        if (text.contains("User unknown")) {
            policy = "unknown_user";
        } else if (text.contains("Relay access denied")) {
            policy = "relay_denied";
        } else if (text.contains("Mailbox disabled")) {
            policy = "mailbox_disabled";
        } else if (text.contains("Mailbox full")) {
            policy = "mailbox_full";
        } else if (text.contains("Message size exceeds")) {
            policy = "message_size";
        } else if (text.contains("bare CR or LF")) {
            policy = "bare_line_end";
        } else {
            policy = "reply " + m.group(1) + m.group(2) + (m.group(3) == null ? "" : " " + m.group(3));
        }
        return new ReplyClass(policy, permanent);
    }
}
