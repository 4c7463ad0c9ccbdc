package org.mailserver.imap.grammar;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mailserver.core.delivery.MessageSource;

/**
 * The IMAP commands this server understands, as parsed by {@link ImapParser} (RFC 3501 6 and the
 * extensions listed with each record). Mailbox names are as the client sent them (modified UTF-7,
 * RFC 3501 5.1.3), {@code INBOX} in any case included; their meaning is the session's business.
 * The {@code UID} prefix sets {@code uid} on the commands that take it (RFC 3501 6.4.8).
 */
public sealed interface ImapCommand {

    /** The command's tag. */
    String tag();

    /** The command name as the client should see it in responses ({@code UID FETCH}, {@code LOGIN}). */
    default String name() {
        return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }

    // --- any state (RFC 3501 6.1) ---

    record Capability(String tag) implements ImapCommand {
    }

    record Noop(String tag) implements ImapCommand {
    }

    record Logout(String tag) implements ImapCommand {
    }

    /** RFC 2971: {@code ID NIL} or {@code ID ("name" "value" ...)}; null when NIL. */
    record Id(String tag, Map<String, String> parameters) implements ImapCommand {
    }

    /** RFC 5161. */
    record Enable(String tag, List<String> capabilities) implements ImapCommand {
        public Enable {
            capabilities = List.copyOf(capabilities);
        }
    }

    // --- not authenticated (RFC 3501 6.2) ---

    record StartTls(String tag) implements ImapCommand {
        @Override
        public String name() {
            return "STARTTLS";
        }
    }

    /** RFC 3501 6.2.2 with RFC 4959 SASL-IR: the initial response as sent (base64 or "="), or null. */
    record Authenticate(String tag, String mechanism, String initialResponse) implements ImapCommand {
        @Override
        public String toString() {
            return "Authenticate[" + tag + " " + mechanism + (initialResponse == null ? "]" : " ***]");
        }
    }

    record Login(String tag, String user, String password) implements ImapCommand {
        @Override
        public String toString() {
            return "Login[" + tag + " " + user + " ***]";
        }
    }

    // --- authenticated (RFC 3501 6.3) ---

    /**
     * SELECT and EXAMINE, with RFC 7162's {@code (CONDSTORE)} and {@code (QRESYNC (...))} parameters.
     *
     * @param readOnly EXAMINE
     * @param qresync null unless the QRESYNC parameter was given
     */
    record Select(String tag, String mailbox, boolean readOnly, boolean condstore, Qresync qresync)
            implements ImapCommand {
        @Override
        public String name() {
            return readOnly ? "EXAMINE" : "SELECT";
        }
    }

    /**
     * RFC 7162 3.2.5.
     *
     * @param knownUids the client's known UIDs, or null
     * @param knownSequences and knownSequenceUids: the optional sequence match data, or null
     */
    record Qresync(long uidValidity, long modSeq, SequenceSet knownUids, SequenceSet knownSequences,
                   SequenceSet knownSequenceUids) {
    }

    /** RFC 3501 6.3.3, with RFC 6154 5.3's {@code (USE (\Sent ...))}: the special-use flags asked for. */
    record Create(String tag, String mailbox, List<String> specialUse) implements ImapCommand {
        public Create {
            specialUse = List.copyOf(specialUse);
        }
    }

    record Delete(String tag, String mailbox) implements ImapCommand {
    }

    record Rename(String tag, String from, String to) implements ImapCommand {
    }

    record Subscribe(String tag, String mailbox) implements ImapCommand {
    }

    record Unsubscribe(String tag, String mailbox) implements ImapCommand {
    }

    /**
     * LIST (RFC 3501 6.3.8) with LIST-EXTENDED (RFC 5258): selection options, several patterns, and
     * return options, including RFC 5819 STATUS and RFC 6154 SPECIAL-USE.
     *
     * @param selection upper-case selection options ({@code SUBSCRIBED}, {@code REMOTE},
     *     {@code RECURSIVEMATCH}, {@code SPECIAL-USE}); empty for a basic LIST
     * @param returnOptions upper-case return options ({@code SUBSCRIBED}, {@code CHILDREN},
     *     {@code SPECIAL-USE}); empty when none
     * @param status the items of {@code RETURN (STATUS (...))}, empty when not asked
     */
    record ListMailboxes(String tag, String reference, List<String> patterns, Set<String> selection,
                         Set<String> returnOptions, List<StatusItem> status) implements ImapCommand {
        public ListMailboxes {
            patterns = List.copyOf(patterns);
            selection = Set.copyOf(selection);
            returnOptions = Set.copyOf(returnOptions);
            status = List.copyOf(status);
        }

        @Override
        public String name() {
            return "LIST";
        }
    }

    record Lsub(String tag, String reference, String pattern) implements ImapCommand {
    }

    record Namespace(String tag) implements ImapCommand {
    }

    record Status(String tag, String mailbox, List<StatusItem> items) implements ImapCommand {
        public Status {
            items = List.copyOf(items);
        }
    }

    /**
     * RFC 3501 6.3.11.
     *
     * @param flags flags as sent ({@code \Seen}, keywords)
     * @param date the date-time argument, or null
     * @param message the message literal, spooled by the decoder
     */
    record Append(String tag, String mailbox, List<String> flags, ZonedDateTime date, MessageSource message)
            implements ImapCommand {
        public Append {
            flags = List.copyOf(flags);
        }
    }

    /** RFC 2177. The client's {@code DONE} line is read by the session, not the parser. */
    record Idle(String tag) implements ImapCommand {
    }

    /** RFC 9208: GETQUOTA root. */
    record GetQuota(String tag, String root) implements ImapCommand {
    }

    /** RFC 9208: GETQUOTAROOT mailbox. */
    record GetQuotaRoot(String tag, String mailbox) implements ImapCommand {
    }

    /** RFC 9208: SETQUOTA; quotas come from the directory, so this is refused. */
    record SetQuota(String tag, String root) implements ImapCommand {
    }

    /** RFC 4978: COMPRESS DEFLATE. */
    record Compress(String tag, String mechanism) implements ImapCommand {
    }

    // --- selected (RFC 3501 6.4) ---

    record Check(String tag) implements ImapCommand {
    }

    record Close(String tag) implements ImapCommand {
    }

    /** RFC 3691. */
    record Unselect(String tag) implements ImapCommand {
    }

    /** EXPUNGE, and UID EXPUNGE (RFC 4315 2.1) with its UID set. */
    record Expunge(String tag, SequenceSet uids) implements ImapCommand {
        @Override
        public String name() {
            return uids == null ? "EXPUNGE" : "UID EXPUNGE";
        }
    }

    /**
     * SEARCH and UID SEARCH.
     *
     * @param charset the CHARSET argument, or null
     * @param returnOptions RFC 4731 ESEARCH {@code RETURN (MIN MAX ALL COUNT)}, upper-case; null when
     *     the command had no RETURN (then the answer is a plain {@code * SEARCH})
     */
    record Search(String tag, boolean uid, String charset, SearchKey key, Set<String> returnOptions)
            implements ImapCommand {
        @Override
        public String name() {
            return uid ? "UID SEARCH" : "SEARCH";
        }
    }

    /**
     * FETCH and UID FETCH (UID FETCH always returns UID, RFC 3501 6.4.8), with RFC 7162's
     * {@code (CHANGEDSINCE n [VANISHED])}.
     *
     * @param changedSince the CHANGEDSINCE value, or -1
     */
    record Fetch(String tag, boolean uid, SequenceSet set, List<FetchAttribute> items, long changedSince,
                 boolean vanished) implements ImapCommand {
        public Fetch {
            items = List.copyOf(items);
        }

        @Override
        public String name() {
            return uid ? "UID FETCH" : "FETCH";
        }
    }

    /**
     * STORE and UID STORE, with RFC 7162's {@code (UNCHANGEDSINCE n)}.
     *
     * @param flags as sent
     * @param unchangedSince the UNCHANGEDSINCE value, or -1
     */
    record Store(String tag, boolean uid, SequenceSet set, long unchangedSince, StoreMode mode, boolean silent,
                 List<String> flags) implements ImapCommand {
        public Store {
            flags = List.copyOf(flags);
        }

        @Override
        public String name() {
            return uid ? "UID STORE" : "STORE";
        }
    }

    /** COPY and UID COPY. */
    record Copy(String tag, boolean uid, SequenceSet set, String mailbox) implements ImapCommand {
        @Override
        public String name() {
            return uid ? "UID COPY" : "COPY";
        }
    }

    /** MOVE and UID MOVE (RFC 6851). */
    record Move(String tag, boolean uid, SequenceSet set, String mailbox) implements ImapCommand {
        @Override
        public String name() {
            return uid ? "UID MOVE" : "MOVE";
        }
    }
}
