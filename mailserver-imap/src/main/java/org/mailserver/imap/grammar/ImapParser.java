package org.mailserver.imap.grammar;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mailserver.core.delivery.MessageSource;

/**
 * Parses one framed command (its {@link Segment}s) into an {@link ImapCommand}, following the formal
 * syntax of RFC 3501 9 and of the extensions named at each command. Pure; thread-safe.
 *
 * <p>Command names and keywords are case-insensitive; arguments are strict (one space between them,
 * nothing after the last). Mailbox names and other strings are returned as sent, decoded as UTF-8;
 * the APPEND message is the decoder's {@link Segment.Message}, or an in-memory literal wrapped as a
 * {@link MessageSource}. The parser never discards a message: whoever holds the frame does.
 *
 * <p>Failures: every input either parses or throws {@link ImapSyntaxException}, answered {@code BAD}
 * (RFC 3501 7.1.3), with the tag once it could be read and a message naming what is wrong.
 */
public final class ImapParser {

    private ImapParser() {
    }

    public static ImapCommand parse(List<Segment> segments) throws ImapSyntaxException {
        ImapReader r = new ImapReader(segments);
        String tag = r.readTag();
        r.sp("command name");
        String name = r.atom("command name").toUpperCase(Locale.ROOT);
        ImapCommand command;
        if (name.equals("UID")) {
            // RFC 3501 6.4.8, RFC 4315 2.1 (UID EXPUNGE), RFC 6851 (UID MOVE)
            r.sp("command after UID");
            String sub = r.atom("command after UID").toUpperCase(Locale.ROOT);
            command = selected(r, tag, sub, true);
            if (command == null) {
                throw r.error("unknown command UID " + sub);
            }
        } else {
            command = any(r, tag, name);
            if (command == null) {
                command = selected(r, tag, name, false);
            }
            if (command == null) {
                throw r.error("unknown command " + name);
            }
        }
        r.expectEnd();
        return command;
    }

    /** Commands outside the selected state (RFC 3501 6.1 to 6.3, and extensions); null for others. */
    private static ImapCommand any(ImapReader r, String tag, String name) throws ImapSyntaxException {
        switch (name) {
            case "CAPABILITY":
                return new ImapCommand.Capability(tag);
            case "NOOP":
                return new ImapCommand.Noop(tag);
            case "LOGOUT":
                return new ImapCommand.Logout(tag);
            case "STARTTLS":
                return new ImapCommand.StartTls(tag);
            case "NAMESPACE": // RFC 2342
                return new ImapCommand.Namespace(tag);
            case "IDLE": // RFC 2177
                return new ImapCommand.Idle(tag);
            case "ID":
                return id(r, tag);
            case "ENABLE":
                return enable(r, tag);
            case "AUTHENTICATE":
                return authenticate(r, tag);
            case "LOGIN":
                r.sp("user name");
                String user = r.astring("user name");
                r.sp("password");
                return new ImapCommand.Login(tag, user, r.astring("password"));
            case "SELECT":
            case "EXAMINE":
                return MailboxParser.select(r, tag, name.equals("EXAMINE"));
            case "CREATE":
                return MailboxParser.create(r, tag);
            case "DELETE":
                return new ImapCommand.Delete(tag, mailbox(r));
            case "RENAME":
                String from = mailbox(r);
                return new ImapCommand.Rename(tag, from, mailbox(r, "new mailbox name"));
            case "SUBSCRIBE":
                return new ImapCommand.Subscribe(tag, mailbox(r));
            case "UNSUBSCRIBE":
                return new ImapCommand.Unsubscribe(tag, mailbox(r));
            case "LIST":
                return MailboxParser.list(r, tag);
            case "LSUB":
                String reference = mailbox(r, "reference name");
                r.sp("mailbox pattern");
                return new ImapCommand.Lsub(tag, reference, r.listMailbox("mailbox pattern"));
            case "STATUS":
                return MailboxParser.status(r, tag);
            case "APPEND":
                return append(r, tag);
            case "GETQUOTA": // RFC 9208 4.2
                r.sp("quota root");
                return new ImapCommand.GetQuota(tag, r.astring("quota root"));
            case "GETQUOTAROOT": // RFC 9208 4.3
                return new ImapCommand.GetQuotaRoot(tag, mailbox(r));
            case "SETQUOTA": // RFC 9208 4.4: refused anyway, so the resource list is not looked at
                r.sp("quota root");
                String root = r.astring("quota root");
                r.skipRest();
                return new ImapCommand.SetQuota(tag, root);
            case "COMPRESS": // RFC 4978 3
                r.sp("compression mechanism");
                return new ImapCommand.Compress(tag, r.atom("compression mechanism").toUpperCase(Locale.ROOT));
            default:
                return null;
        }
    }

    /** Commands of the selected state (RFC 3501 6.4); with {@code uid}, those UID may prefix. Null for others. */
    private static ImapCommand selected(ImapReader r, String tag, String name, boolean uid)
            throws ImapSyntaxException {
        switch (name) {
            case "FETCH":
                return FetchParser.fetch(r, tag, uid);
            case "STORE":
                return StoreParser.store(r, tag, uid);
            case "SEARCH":
                return SearchParser.search(r, tag, uid);
            case "COPY":
            case "MOVE":
                r.sp("sequence set");
                SequenceSet set = ValueParser.sequenceSet(r, "sequence set");
                String mailbox = mailbox(r);
                return name.equals("COPY") ? new ImapCommand.Copy(tag, uid, set, mailbox)
                        : new ImapCommand.Move(tag, uid, set, mailbox);
            case "EXPUNGE":
                if (!uid) {
                    return new ImapCommand.Expunge(tag, null);
                }
                r.sp("UID set");
                return new ImapCommand.Expunge(tag, ValueParser.sequenceSet(r, "UID set"));
            default:
                break;
        }
        if (uid) {
            return null;
        }
        switch (name) {
            case "CHECK":
                return new ImapCommand.Check(tag);
            case "CLOSE":
                return new ImapCommand.Close(tag);
            case "UNSELECT": // RFC 3691
                return new ImapCommand.Unselect(tag);
            default:
                return null;
        }
    }

    /** A space and {@code mailbox = "INBOX" / astring}, as sent. */
    static String mailbox(ImapReader r) throws ImapSyntaxException {
        return mailbox(r, "mailbox name");
    }

    static String mailbox(ImapReader r, String what) throws ImapSyntaxException {
        r.sp(what);
        return r.astring(what);
    }

    /** RFC 3501 6.3.11: {@code APPEND mailbox [SP flag-list] [SP date-time] SP literal}. */
    private static ImapCommand append(ImapReader r, String tag) throws ImapSyntaxException {
        String mailbox = mailbox(r);
        r.sp("message literal");
        List<String> flags = List.of();
        if (r.peek() == '(') {
            flags = ValueParser.flagList(r);
            r.sp("message literal");
        }
        ZonedDateTime date = null;
        if (r.peek() == '"') {
            date = ValueParser.dateTime(r, "APPEND date-time");
            r.sp("message literal");
        }
        MessageSource message = r.message("message literal");
        return new ImapCommand.Append(tag, mailbox, flags, date, message);
    }

    /** RFC 3501 6.2.2 with RFC 4959's initial response: base64, or {@code =} for an empty one. */
    private static ImapCommand authenticate(ImapReader r, String tag) throws ImapSyntaxException {
        r.sp("SASL mechanism");
        String mechanism = r.atom("SASL mechanism").toUpperCase(Locale.ROOT);
        String initial = null;
        if (r.take(' ')) {
            initial = r.atom("initial response");
            if (!initial.equals("=") && !initial.matches("[A-Za-z0-9+/]+={0,2}")) {
                throw r.error("the initial response is not base64");
            }
        }
        return new ImapCommand.Authenticate(tag, mechanism, initial);
    }

    /** RFC 5161 3.1: {@code ENABLE 1*(SP capability)}, upper-cased. */
    private static ImapCommand enable(ImapReader r, String tag) throws ImapSyntaxException {
        List<String> capabilities = new ArrayList<>();
        do {
            r.sp("capability name");
            capabilities.add(r.atom("capability name").toUpperCase(Locale.ROOT));
        } while (!r.atEnd());
        return new ImapCommand.Enable(tag, capabilities);
    }

    /** RFC 2971 4: {@code ID ("name" "value" ...)} or {@code ID NIL}; a NIL value is kept as null. */
    private static ImapCommand id(ImapReader r, String tag) throws ImapSyntaxException {
        r.sp("ID parameter list");
        if (r.takeKeyword("NIL")) {
            return new ImapCommand.Id(tag, null);
        }
        r.expect('(', "ID parameter list");
        Map<String, String> parameters = new LinkedHashMap<>();
        if (!r.take(')')) {
            do {
                String field = r.string("ID field name");
                r.sp("ID field value");
                parameters.put(field, r.nstring("ID field value"));
            } while (r.take(' '));
            r.expect(')', "closing parenthesis of the ID parameter list");
        }
        return new ImapCommand.Id(tag, Collections.unmodifiableMap(parameters));
    }
}
