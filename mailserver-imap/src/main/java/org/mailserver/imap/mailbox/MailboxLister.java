package org.mailserver.imap.mailbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.mailserver.imap.grammar.ImapCommand;

/**
 * The answer to LIST (RFC 3501 6.3.8, LIST-EXTENDED RFC 5258, SPECIAL-USE RFC 6154) and LSUB
 * (RFC 3501 6.3.9), as a pure function of the store's folder names, the subscriptions and the
 * command. The session runs it on the blocking executor after reading both from the store, writes
 * {@link Entry#format()} of each entry, and for {@code RETURN (STATUS ...)} a STATUS response after
 * each entry whose {@link Entry#wantsStatus()} is true (RFC 5819).
 *
 * <p>What is listed, in hierarchy order (INBOX first, parents before their children):
 * <ul>
 *   <li>Mailboxes that match a pattern and the selection options: existing ones for no selection
 *       option, subscribed ones (existing or not, {@code \NonExistent} if not) for SUBSCRIBED,
 *       existing special-use ones for SPECIAL-USE, and both for both (RFC 5258 3).</li>
 *   <li>A hierarchy level that is no folder but has folders below it that the pattern does not
 *       reach ({@code Foo} for {@code %} when only {@code Foo/Bar} exists), as {@code \Noselect}
 *       (RFC 3501 6.3.8) or, in the extended syntax, {@code \NonExistent} (RFC 5258 3); a level
 *       whose folders the pattern lists itself ({@code *}) is not (RFC 5258 5, example 9).</li>
 *   <li>With RECURSIVEMATCH (which needs SUBSCRIBED): a matching name with a descendant that
 *       satisfies the selection but does not match the pattern, with
 *       {@code ("CHILDINFO" ("SUBSCRIBED"))}, whether or not it satisfies the selection itself
 *       (RFC 5258 3.5).</li>
 * </ul>
 * Attributes: {@code \HasChildren} or {@code \HasNoChildren} always (RFC 3348, children being
 * existing folders); {@code \Subscribed} for selection or RETURN SUBSCRIBED; the special-use
 * attribute of an existing special-use folder always, as RFC 6154 2 allows. REMOTE selects nothing
 * more (there are no remote mailboxes). Folders whose store names have no IMAP name
 * ({@link MailboxNames#toImap}) are left out. Immutable inputs, no state; thread-safe.
 */
public final class MailboxLister {

    public static final String NOSELECT = "\\Noselect";
    public static final String NONEXISTENT = "\\NonExistent";
    public static final String SUBSCRIBED = "\\Subscribed";
    public static final String HAS_CHILDREN = "\\HasChildren";
    public static final String HAS_NO_CHILDREN = "\\HasNoChildren";

    private static final Set<String> SELECTION_OPTIONS = Set.of("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE");
    private static final Set<String> RETURN_OPTIONS = Set.of("SUBSCRIBED", "CHILDREN", "SPECIAL-USE", "STATUS");

    private MailboxLister() {
    }

    /**
     * One LIST or LSUB response.
     *
     * @param command {@code LIST} or {@code LSUB}
     * @param name the IMAP name (modified UTF-7), {@code ""} for the root of {@code LIST "" ""}
     * @param attributes the name attributes, in the order to send
     * @param childInfo whether to send {@code ("CHILDINFO" ("SUBSCRIBED"))} (RFC 5258 3.5)
     * @param selected whether the mailbox satisfies the selection options itself (it may be
     *     listed only for its children, with RECURSIVEMATCH)
     */
    public record Entry(String command, String name, List<String> attributes, boolean childInfo, boolean selected) {
        public Entry {
            attributes = List.copyOf(attributes);
        }

        /** Whether the name is a folder that can be selected. */
        public boolean selectable() {
            return !attributes.contains(NOSELECT) && !attributes.contains(NONEXISTENT);
        }

        /** Whether {@code RETURN (STATUS ...)} applies: selected and selectable (RFC 5819 2). */
        public boolean wantsStatus() {
            return selected && selectable();
        }

        /**
         * The response line without its final CRLF, e.g. {@code * LIST (\HasNoChildren \Sent) "/" "Sent"}.
         * The name is a quoted string, or a literal ({@code {n}} CRLF name) if it has characters a
         * quoted string cannot carry, which modified UTF-7 names never have.
         */
        public String format() {
            StringBuilder out = new StringBuilder(64).append("* ").append(command).append(" (");
            out.append(String.join(" ", attributes)).append(") \"").append(MailboxNames.DELIMITER).append("\" ");
            appendString(name, out);
            if (childInfo) {
                out.append(" (\"CHILDINFO\" (\"SUBSCRIBED\"))");
            }
            return out.toString();
        }
    }

    /**
     * The entries for a LIST command.
     *
     * @param storeFolders every folder's store name ({@link org.mailserver.store.UserMailbox#folders()})
     * @param subscriptions the subscribed store names ({@link org.mailserver.store.UserMailbox#subscriptions()})
     * @throws IllegalArgumentException for options the command may not combine or that are
     *     unknown (RECURSIVEMATCH without SUBSCRIBED, RFC 5258 3): the session answers BAD
     */
    public static List<Entry> list(Collection<String> storeFolders, Set<String> subscriptions,
                                   ImapCommand.ListMailboxes command) {
        Set<String> selection = upper(command.selection(), SELECTION_OPTIONS, "selection");
        Set<String> returns = upper(command.returnOptions(), RETURN_OPTIONS, "return");
        boolean bySubscription = selection.contains("SUBSCRIBED");
        boolean bySpecialUse = selection.contains("SPECIAL-USE");
        boolean recursive = selection.contains("RECURSIVEMATCH");
        if (recursive && !bySubscription) {
            throw new IllegalArgumentException("RECURSIVEMATCH needs the SUBSCRIBED selection option (RFC 5258 3)");
        }
        if (selection.isEmpty() && command.patterns().size() == 1 && command.patterns().get(0).isEmpty()) {
            // RFC 3501 6.3.8: the delimiter and the root name; ours has no prefix
            return List.of(new Entry("LIST", "", List.of(NOSELECT), false, false));
        }
        boolean extended = !selection.isEmpty() || !returns.isEmpty() || !command.status().isEmpty();
        boolean showSubscribed = bySubscription || returns.contains("SUBSCRIBED");
        Predicate<Node> selected = n -> (bySubscription || bySpecialUse || n.exists)
                && (!bySubscription || n.subscribed)
                && (!bySpecialUse || (n.exists && n.special != null));

        Tree tree = new Tree(storeFolders, subscriptions);
        ListMatcher matcher = ListMatcher.of(command.reference(), command.patterns());
        Map<String, Boolean> matches = new HashMap<>();
        for (Node n : tree.nodes.values()) {
            matches.put(n.name, matcher.matches(n.name));
        }
        Set<String> unreached = tree.ancestorsOf(n -> selected.test(n) && !matches.get(n.name));

        List<Entry> out = new ArrayList<>();
        for (Node n : tree.sorted()) {
            if (!matches.get(n.name)) {
                continue;
            }
            boolean isSelected = selected.test(n);
            boolean childInfo = recursive && unreached.contains(n.name);
            boolean level = !bySubscription && !bySpecialUse && !n.exists && unreached.contains(n.name);
            if (!isSelected && !childInfo && !level) {
                continue;
            }
            List<String> attributes = new ArrayList<>(4);
            if (!n.exists) {
                attributes.add(extended ? NONEXISTENT : NOSELECT);
            }
            if (showSubscribed && n.subscribed) {
                attributes.add(SUBSCRIBED);
            }
            attributes.add(n.hasChildren ? HAS_CHILDREN : HAS_NO_CHILDREN);
            if (n.exists && n.special != null) {
                attributes.add(n.special.attribute());
            }
            out.add(new Entry("LIST", n.name, attributes, childInfo, isSelected));
        }
        return out;
    }

    /**
     * The entries for an LSUB command (RFC 3501 6.3.9): subscribed names that match, those that do
     * not exist as {@code \Noselect}; and, for {@code %}, a level that is not subscribed but has
     * subscribed names below it that the pattern does not reach, as {@code \Noselect}.
     */
    public static List<Entry> lsub(Collection<String> storeFolders, Set<String> subscriptions, ImapCommand.Lsub command) {
        Tree tree = new Tree(storeFolders, subscriptions);
        ListMatcher matcher = ListMatcher.of(command.reference(), command.pattern());
        Set<String> unreached = tree.ancestorsOf(n -> n.subscribed && !matcher.matches(n.name));
        List<Entry> out = new ArrayList<>();
        for (Node n : tree.sorted()) {
            if (!matcher.matches(n.name)) {
                continue;
            }
            if (n.subscribed) {
                out.add(new Entry("LSUB", n.name, n.exists ? List.of() : List.of(NOSELECT), false, true));
            } else if (unreached.contains(n.name)) {
                out.add(new Entry("LSUB", n.name, List.of(NOSELECT), false, false));
            }
        }
        return out;
    }

    private static Set<String> upper(Set<String> options, Set<String> known, String kind) {
        Set<String> out = new HashSet<>();
        for (String option : options) {
            String o = option.toUpperCase(Locale.ROOT);
            if (!known.contains(o)) {
                throw new IllegalArgumentException("unknown LIST " + kind + " option " + MailboxNames.printable(option));
            }
            out.add(o);
        }
        return out;
    }

    static void appendString(String s, StringBuilder out) {
        boolean quotable = true;
        for (int i = 0; i < s.length() && quotable; i++) {
            char c = s.charAt(i);
            quotable = c >= 0x20 && c < 0x7f;
        }
        if (quotable) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        } else {
            out.append('{').append(s.getBytes(StandardCharsets.UTF_8).length).append("}\r\n").append(s);
        }
    }

    /** One name of the hierarchy: a folder, a subscription, or a level above one. */
    private static final class Node {
        final String name;
        boolean exists;
        boolean subscribed;
        boolean hasChildren;
        SpecialUse special;

        Node(String name) {
            this.name = name;
        }
    }

    /** Every folder, subscription and level above them, by IMAP name. */
    private static final class Tree {
        final Map<String, Node> nodes = new HashMap<>();

        Tree(Collection<String> storeFolders, Set<String> subscriptions) {
            for (String store : storeFolders) {
                String name = imapName(store);
                if (name != null) {
                    Node n = node(name);
                    n.exists = true;
                    n.special = SpecialUse.ofMailbox(name).orElse(null);
                }
            }
            for (String store : subscriptions) {
                String name = imapName(store);
                if (name != null) {
                    node(name).subscribed = true;
                }
            }
            for (Node n : new ArrayList<>(nodes.values())) {
                for (String parent : parents(n.name)) {
                    Node p = node(parent);
                    p.hasChildren |= n.exists;
                }
            }
        }

        private Node node(String name) {
            return nodes.computeIfAbsent(name, Node::new);
        }

        /** The names with at least one descendant that passes {@code test}. */
        Set<String> ancestorsOf(Predicate<Node> test) {
            Set<String> out = new HashSet<>();
            for (Node n : nodes.values()) {
                if (test.test(n)) {
                    out.addAll(parents(n.name));
                }
            }
            return out;
        }

        List<Node> sorted() {
            List<Node> out = new ArrayList<>(nodes.values());
            out.sort(Comparator.comparing(n -> n.name, MailboxLister::hierarchyOrder));
            return out;
        }

        private static String imapName(String store) {
            try {
                return MailboxNames.toImap(store);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private static List<String> parents(String name) {
            List<String> out = new ArrayList<>();
            for (int i = name.indexOf(MailboxNames.DELIMITER); i >= 0; i = name.indexOf(MailboxNames.DELIMITER, i + 1)) {
                out.add(name.substring(0, i));
            }
            return out;
        }
    }

    /** INBOX first, then level by level, so a parent comes right before its children. */
    static int hierarchyOrder(String a, String b) {
        List<String> x = MailboxNames.split(a);
        List<String> y = MailboxNames.split(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            String p = x.get(i);
            String q = y.get(i);
            if (!p.equals(q)) {
                if (i == 0 && p.equals(MailboxNames.INBOX)) {
                    return -1;
                }
                if (i == 0 && q.equals(MailboxNames.INBOX)) {
                    return 1;
                }
                return ModifiedUtf7.decode(p).compareTo(ModifiedUtf7.decode(q));
            }
        }
        return Integer.compare(x.size(), y.size());
    }
}
