package org.mailserver.store.mime;

/**
 * One address of an envelope as IMAP has it (RFC 3501 7.4.2): raw header text, not decoded
 * (RFC 2047 encoded words stay as they are).
 *
 * <p>Group syntax: {@code (NIL NIL "group" NIL)} starts a group named in {@code mailbox} and
 * {@code (NIL NIL NIL NIL)} ends it; see {@link #groupStart} and {@link #groupEnd}.
 *
 * @param name the display name (or the comment of {@code user@host (Name)}), unquoted; null for none
 * @param adl the source route ({@code @a,@b}), null for none
 * @param mailbox the local part, unquoted; the group's name for a group start; null for a group end
 * @param host the domain; empty when the address has none; null only for a group start or end
 */
public record EnvelopeAddress(String name, String adl, String mailbox, String host) {

    private static final EnvelopeAddress GROUP_END = new EnvelopeAddress(null, null, null, null);

    public static EnvelopeAddress groupStart(String groupName) {
        return new EnvelopeAddress(null, null, groupName, null);
    }

    public static EnvelopeAddress groupEnd() {
        return GROUP_END;
    }

    public boolean isGroupStart() {
        return host == null && mailbox != null;
    }

    public boolean isGroupEnd() {
        return host == null && mailbox == null;
    }
}
