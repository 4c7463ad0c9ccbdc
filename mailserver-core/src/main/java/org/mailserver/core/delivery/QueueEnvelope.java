package org.mailserver.core.delivery;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The envelope of a queued message, with the DSN parameters of RFC 3461 kept for the bounce.
 *
 * @param queueId the id the message got when it was received (logged on every line about it)
 * @param sender the envelope sender; empty for the null sender {@code <>}
 * @param recipients one entry per recipient
 * @param envid {@code ENVID=} of MAIL, decoded from xtext, if given
 * @param ret {@code RET=} of MAIL: whether a bounce carries the full message or headers only
 * @param smtputf8 the message was received with {@code SMTPUTF8} (RFC 6531)
 * @param eightBit the message is 8-bit ({@code BODY=8BITMIME} or 8-bit content seen)
 */
public record QueueEnvelope(String queueId, String sender, List<Recipient> recipients, Optional<String> envid,
                            Ret ret, boolean smtputf8, boolean eightBit) {

    public QueueEnvelope {
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a queued message needs at least one recipient");
        }
    }

    /** {@code RET=} (RFC 3461 4.3); {@link #UNSPECIFIED} means the queue decides (headers for large messages). */
    public enum Ret { UNSPECIFIED, FULL, HDRS }

    /** {@code NOTIFY=} values (RFC 3461 4.1); an empty set means the default (FAILURE). */
    public enum Notify { NEVER, SUCCESS, FAILURE, DELAY }

    /**
     * One recipient.
     *
     * @param address the address to deliver to ({@code user@domain})
     * @param local true when it is one of our users and goes into a Maildir (a retried local copy)
     * @param notifyOn {@code NOTIFY=}, empty for the default
     * @param orcpt {@code ORCPT=} as given ({@code rfc822;addr}), if any
     */
    public record Recipient(String address, boolean local, Set<Notify> notifyOn, Optional<String> orcpt) {
        public Recipient {
            notifyOn = Set.copyOf(notifyOn);
        }
    }
}
