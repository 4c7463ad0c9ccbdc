package org.mailserver.imap.grammar;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The mailbox commands with options: SELECT/EXAMINE (RFC 7162 CONDSTORE and QRESYNC), CREATE (RFC 6154
 * USE), LIST (RFC 5258 LIST-EXTENDED, RFC 5819 STATUS, RFC 6154 SPECIAL-USE) and STATUS. Pure;
 * thread-safe.
 */
final class MailboxParser {
    private static final Set<String> SELECTION = Set.of("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE");
    private static final Set<String> RETURNS = Set.of("SUBSCRIBED", "CHILDREN", "SPECIAL-USE");

    private MailboxParser() {
    }

    /**
     * {@code SELECT mailbox [SP "(" select-param *(SP select-param) ")"]} with {@code CONDSTORE} and
     * {@code QRESYNC SP "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")"}
     * (RFC 7162 3.1.8 and 3.2.5).
     */
    static ImapCommand.Select select(ImapReader r, String tag, boolean readOnly) throws ImapSyntaxException {
        String mailbox = ImapParser.mailbox(r);
        boolean condstore = false;
        ImapCommand.Qresync qresync = null;
        if (r.take(' ')) {
            r.expect('(', "SELECT parameters");
            do {
                String param = r.keyword();
                if (param.equals("CONDSTORE")) {
                    condstore = true;
                } else if (param.equals("QRESYNC")) {
                    qresync = qresync(r);
                } else {
                    throw param.isEmpty() ? r.missing("SELECT parameter") : r.error("unknown SELECT parameter " + param);
                }
            } while (r.take(' '));
            r.expect(')', "closing parenthesis of the SELECT parameters");
        }
        return new ImapCommand.Select(tag, mailbox, readOnly, condstore, qresync);
    }

    private static ImapCommand.Qresync qresync(ImapReader r) throws ImapSyntaxException {
        r.sp("QRESYNC parameters");
        r.expect('(', "QRESYNC parameters");
        long uidValidity = r.nzNumber("UIDVALIDITY");
        r.sp("mod-sequence");
        long modSeq = r.digits("mod-sequence", Long.MAX_VALUE);
        if (modSeq == 0) {
            throw r.error("mod-sequence must not be 0");
        }
        SequenceSet knownUids = null;
        SequenceSet knownSequences = null;
        SequenceSet knownSequenceUids = null;
        if (r.take(' ')) {
            if (r.peek() != '(') {
                knownUids = ValueParser.sequenceSet(r, "known UIDs");
            }
            if (knownUids == null || r.take(' ')) {
                r.expect('(', "sequence match data");
                knownSequences = ValueParser.sequenceSet(r, "known sequence set");
                r.sp("known UID set");
                knownSequenceUids = ValueParser.sequenceSet(r, "known UID set");
                r.expect(')', "closing parenthesis of the sequence match data");
            }
        }
        r.expect(')', "closing parenthesis of the QRESYNC parameters");
        return new ImapCommand.Qresync(uidValidity, modSeq, knownUids, knownSequences, knownSequenceUids);
    }

    /** {@code CREATE mailbox [SP "(" "USE" SP "(" [use-attr *(SP use-attr)] ")" ")"]} (RFC 6154 5.3). */
    static ImapCommand.Create create(ImapReader r, String tag) throws ImapSyntaxException {
        String mailbox = ImapParser.mailbox(r);
        List<String> use = new ArrayList<>();
        if (r.take(' ')) {
            r.expect('(', "CREATE parameters");
            do {
                String param = r.keyword();
                if (!param.equals("USE")) {
                    throw param.isEmpty() ? r.missing("CREATE parameter") : r.error("unknown CREATE parameter " + param);
                }
                r.sp("special-use list");
                use.addAll(ValueParser.flagList(r));
            } while (r.take(' '));
            r.expect(')', "closing parenthesis of the CREATE parameters");
        }
        for (String attribute : use) {
            if (!attribute.startsWith("\\")) {
                throw r.error("special-use attribute " + attribute + " must start with \\");
            }
        }
        return new ImapCommand.Create(tag, mailbox, use);
    }

    /**
     * RFC 5258 6: {@code LIST [SP "(" [selection options] ")"] SP mailbox SP (list-mailbox /
     * "(" list-mailbox *(SP list-mailbox) ")") [SP "RETURN" SP "(" [return options] ")"]}.
     */
    static ImapCommand.ListMailboxes list(ImapReader r, String tag) throws ImapSyntaxException {
        r.sp("reference name");
        Set<String> selection = new LinkedHashSet<>();
        if (r.take('(')) {
            if (!r.take(')')) {
                do {
                    String option = r.keyword();
                    if (!SELECTION.contains(option)) {
                        throw option.isEmpty() ? r.missing("LIST selection option") : r.error("unknown LIST selection option " + option);
                    }
                    selection.add(option);
                } while (r.take(' '));
                r.expect(')', "closing parenthesis of the LIST selection options");
            }
            // RFC 5258 3: RECURSIVEMATCH only modifies another option; alone (or with REMOTE) it is a BAD
            if (selection.contains("RECURSIVEMATCH") && !selection.contains("SUBSCRIBED")
                    && !selection.contains("SPECIAL-USE")) {
                throw r.error("RECURSIVEMATCH needs another selection option such as SUBSCRIBED");
            }
            r.sp("reference name");
        }
        String reference = r.astring("reference name");
        r.sp("mailbox pattern");
        List<String> patterns = new ArrayList<>();
        if (r.take('(')) {
            do {
                patterns.add(r.listMailbox("mailbox pattern"));
            } while (r.take(' '));
            r.expect(')', "closing parenthesis of the mailbox patterns");
        } else {
            patterns.add(r.listMailbox("mailbox pattern"));
        }
        Set<String> returns = new LinkedHashSet<>();
        List<StatusItem> status = List.of();
        if (r.take(' ')) {
            if (!r.takeKeyword("RETURN")) {
                throw r.error("expected RETURN at " + r.near());
            }
            r.sp("LIST return options");
            r.expect('(', "LIST return options");
            if (!r.take(')')) {
                do {
                    String option = r.keyword();
                    if (option.equals("STATUS")) { // RFC 5819 2
                        r.sp("STATUS items");
                        status = statusItems(r);
                    } else if (RETURNS.contains(option)) {
                        returns.add(option);
                    } else {
                        throw option.isEmpty() ? r.missing("LIST return option") : r.error("unknown LIST return option " + option);
                    }
                } while (r.take(' '));
                r.expect(')', "closing parenthesis of the LIST return options");
            }
        }
        return new ImapCommand.ListMailboxes(tag, reference, patterns, selection, returns, status);
    }

    /** {@code STATUS mailbox SP "(" status-att *(SP status-att) ")"} (RFC 3501 6.3.10). */
    static ImapCommand.Status status(ImapReader r, String tag) throws ImapSyntaxException {
        String mailbox = ImapParser.mailbox(r);
        r.sp("STATUS items");
        return new ImapCommand.Status(tag, mailbox, statusItems(r));
    }

    private static List<StatusItem> statusItems(ImapReader r) throws ImapSyntaxException {
        r.expect('(', "STATUS items");
        List<StatusItem> items = new ArrayList<>();
        do {
            String name = r.keyword();
            StatusItem item = null;
            for (StatusItem candidate : StatusItem.values()) {
                if (candidate.imapName().equals(name)) {
                    item = candidate;
                }
            }
            if (item == null) {
                throw name.isEmpty() ? r.missing("STATUS item") : r.error("unknown STATUS item " + name);
            }
            items.add(item);
        } while (r.take(' '));
        r.expect(')', "closing parenthesis of the STATUS items");
        return items;
    }
}
