package org.mailserver.imap.server;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.store.Flag;
import org.mailserver.store.MessageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STORE and UID STORE (RFC 3501 6.4.6, 6.4.8).
 *
 * <ol>
 *   <li>Resolve the set; a sequence number past the end is BAD.</li>
 *   <li>Off the loop: read the current flags of each message from the store (not the session's view,
 *       which may be older), compute the new ones, write those that change (a file rename each).</li>
 *   <li>Rescan: the untagged FETCH responses for the new flags come from it, with those of other
 *       sessions' changes; {@code .SILENT} drops ours (RFC 3501 6.4.6). A message whose flags did
 *       not change is still reported unless silent, as clients expect a FETCH per message.</li>
 * </ol>
 * {@code \Recent} cannot be set or cleared by a client and is ignored; other unknown system flags are BAD.
 */
final class StoreProcessor implements Processor<ImapCommand.Store> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreProcessor.class);

    @Override
    public void process(ImapSession s, ImapCommand.Store command) {
        SelectedMailbox view = s.selected();
        int[] seqs = view.resolve(command.set(), command.uid());
        if (seqs == null) {
            s.bad(command, "invalid message sequence number");
            return;
        }
        if (view.readOnly()) {
            s.no(command, "[READ-ONLY] mailbox was opened with EXAMINE");
            return;
        }
        List<String> names = new ArrayList<>();
        for (String flag : command.flags()) {
            if (flag.equalsIgnoreCase("\\Recent")) {
                continue;
            }
            if (!Flags.storable(flag)) {
                s.bad(command, "cannot store flag " + flag);
                return;
            }
            names.add(flag);
        }
        Set<Flag> system = Flags.systemFlags(names);
        Set<String> keywords = Flags.keywords(names);
        long[] uids = new long[seqs.length];
        for (int i = 0; i < seqs.length; i++) {
            uids[i] = view.uid(seqs[i]);
        }
        s.runBlocking(() -> {
            Map<Long, MessageInfo> current = new HashMap<>();
            for (MessageInfo info : view.folder().sync()) {
                current.put(info.uid(), info);
            }
            for (int seq : seqs) {
                MessageInfo info = current.get(view.uid(seq));
                if (info == null || view.expungePending(seq)) {
                    continue; // expunged meanwhile: nothing to store (RFC 2180 4.2.1)
                }
                Set<Flag> flags = EnumSet.noneOf(Flag.class);
                flags.addAll(info.flags());
                Set<String> kw = new LinkedHashSet<>(info.keywords());
                switch (command.mode()) {
                    case REPLACE -> {
                        flags = system.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(system);
                        kw = new LinkedHashSet<>(keywords);
                    }
                    case ADD -> {
                        flags.addAll(system);
                        kw.addAll(keywords);
                    }
                    case REMOVE -> {
                        flags.removeAll(system);
                        kw.removeIf(k -> keywords.stream().anyMatch(k::equalsIgnoreCase));
                    }
                }
                if (!flags.equals(info.flags()) || !kw.equals(info.keywords())) {
                    view.folder().setFlags(info.uid(), flags, kw);
                }
            }
            // With UIDs, so the responses can be told apart from other sessions' changes by UID
            // (an unsolicited FETCH may carry more items than asked, RFC 3501 7.4.2).
            return view.refresh(CommandTable.allowsExpunge(command), true);
        }, (lines, error) -> {
            if (error != null) {
                LOG.warn("imap STORE failed in {} of {}: {}", MailLog.clean(view.name()), s.user().uid(), error.toString());
                s.no(command, "[UNAVAILABLE] flags could not be stored, try again");
                return;
            }
            report(s, command, view, uids, lines);
            s.complete(command, command.name() + " completed");
        });
    }

    private static void report(ImapSession s, ImapCommand.Store command, SelectedMailbox view, long[] uids,
                               List<String> lines) {
        Set<Long> stored = new HashSet<>();
        for (long uid : uids) {
            stored.add(uid);
        }
        Set<Long> reported = new HashSet<>();
        for (String line : lines) {
            long uid = fetchUid(line);
            if (uid > 0 && stored.contains(uid)) {
                reported.add(uid);
                if (command.silent()) {
                    continue;
                }
            }
            s.untagged(line);
        }
        if (!command.silent()) {
            for (long uid : uids) {
                int seq = view.sequenceOf(uid);
                if (!reported.contains(uid) && seq > 0 && !view.expungePending(seq)) {
                    s.untagged(seq + " FETCH (UID " + uid + " FLAGS " + Flags.format(view.info(seq), view.recent(seq)) + ")");
                }
            }
        }
    }

    /** The UID of a {@code n FETCH (UID u ...)} line, or 0 for other responses. */
    private static long fetchUid(String line) {
        int at = line.indexOf(" FETCH (UID ");
        if (at <= 0) {
            return 0;
        }
        int start = at + " FETCH (UID ".length();
        int end = line.indexOf(' ', start);
        try {
            return Long.parseLong(line.substring(start, end < 0 ? line.length() : end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
