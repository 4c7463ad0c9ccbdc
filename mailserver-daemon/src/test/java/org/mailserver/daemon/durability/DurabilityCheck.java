package org.mailserver.daemon.durability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mailserver.core.directory.AccountStatus;
import org.mailserver.core.directory.User;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.maildir.MaildirStore;

/**
 * Checks a stopped server's Maildirs and a remote peer's arrivals against the {@link Ledger}:
 * every acknowledged (message, recipient) exactly once, nothing partial, nothing unknown, every
 * {@code dovecot-uidlist} well-formed, and every Maildir readable by the store's own reader with
 * the UIDs the list had. Counts go into {@link Tally}; what is wrong goes into {@link #problems}.
 */
final class DurabilityCheck {
    private static final Pattern UIDLIST_HEADER = Pattern.compile("3 V([0-9]+) N([0-9]+)( G[0-9a-f]+)?( [A-Z][^ ]*)*");
    private static final Pattern UIDLIST_LINE = Pattern.compile("([0-9]+)( [A-Z][^ ]*)* :([^ /]+)");

    /** The numbers reported in docs/reliability.md, counted per (message, recipient). */
    static final class Tally {
        int messages;
        int pairs;
        int acknowledged;
        int foundOnce;
        int foundTwice;
        int lost;
        int partial;
        int unknown;
        int unacknowledgedPresent;
        int remoteDuplicates;
        /** When the first copies of remote duplicates arrived, relative to their kill (negative: before). */
        long earliestMillis;
        long latestMillis;
        int tmpLeftovers;
        int staleLocks;

        @Override
        public String toString() {
            return "messages sent " + messages + ", (message, recipient) pairs " + pairs + ", acknowledged "
                    + acknowledged + ", found once " + foundOnce + ", found twice or more " + foundTwice
                    + " (of them remote, first copy " + earliestMillis + ".." + latestMillis + " ms from a kill: "
                    + remoteDuplicates + "), lost "
                    + lost + ", partial " + partial
                    + ", unknown files " + unknown + ", present without 250 " + unacknowledgedPresent
                    + ", tmp/ leftovers " + tmpLeftovers + ", stale uidlist locks " + staleLocks;
        }
    }

    /** One remote arrival at the peer: whether its body was the body sent, and when ({@link System#nanoTime()}). */
    record Arrival(String marker, String recipient, boolean complete, long nanos) {
    }

    final Tally tally = new Tally();
    final List<String> problems = new ArrayList<>();
    private final Ledger ledger;
    private final Map<String, Integer> found = new HashMap<>();
    private final Map<String, List<Arrival>> remote = new HashMap<>();

    DurabilityCheck(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Scans {@code <mailRoot>/example.test/<user>} for each local user, then reads it with the store. */
    void maildirs(Path mailRoot) throws IOException {
        for (String address : LoadClient.LOCAL) {
            String local = address.substring(0, address.indexOf('@'));
            Path maildir = mailRoot.resolve("example.test").resolve(local);
            if (!Files.isDirectory(maildir)) {
                continue;
            }
            Map<String, Long> listed = uidList(maildir, local);
            Map<String, byte[]> files = new HashMap<>();
            for (String sub : List.of("new", "cur")) {
                try (Stream<Path> s = Files.list(maildir.resolve(sub))) {
                    for (Path file : (Iterable<Path>) s::iterator) {
                        byte[] bytes = Files.readAllBytes(file);
                        String name = file.getFileName().toString();
                        files.put(baseName(name), bytes);
                        file(address, sub + "/" + name, bytes);
                    }
                }
            }
            for (String base : listed.keySet()) {
                if (!files.containsKey(base)) {
                    problems.add(local + ": dovecot-uidlist names " + base + ", which is in neither new/ nor cur/");
                }
            }
            try (Stream<Path> s = Files.list(maildir.resolve("tmp"))) {
                tally.tmpLeftovers += (int) s.count();
            }
            readWithStore(mailRoot, local, address, files, listed);
        }
    }

    private void file(String address, String name, byte[] bytes) {
        String marker = Bytes.header(bytes, "X-Marker");
        Ledger.Sent sent = marker == null ? null : ledger.get(marker);
        if (sent == null) {
            tally.unknown++;
            problems.add(address + ": " + name + " is no message that was sent (" + bytes.length + " bytes)");
            return;
        }
        int prefix = bytes.length - sent.content.length;
        if (!Bytes.endsWith(bytes, sent.content) || !Bytes.onlyHeaderLines(bytes, prefix)) {
            tally.partial++;
            problems.add(address + ": " + name + " (" + marker + ") is not the complete message: " + bytes.length
                    + " bytes for " + sent.content.length + " sent");
            return;
        }
        found.merge(marker + " " + address, 1, Integer::sum);
    }

    /** Reads and strictly checks dovecot-uidlist: base name to UID. */
    private Map<String, Long> uidList(Path maildir, String user) throws IOException {
        Map<String, Long> out = new HashMap<>();
        Path list = maildir.resolve("dovecot-uidlist");
        if (Files.exists(maildir.resolve("dovecot-uidlist.lock"))) {
            tally.staleLocks++;
        }
        if (!Files.exists(list)) {
            return out;
        }
        List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        Matcher header = lines.isEmpty() ? null : UIDLIST_HEADER.matcher(lines.get(0));
        if (header == null || !header.matches()) {
            problems.add(user + ": dovecot-uidlist header is malformed: " + (lines.isEmpty() ? "(empty)" : lines.get(0)));
            return out;
        }
        long next = Long.parseLong(header.group(2));
        long last = 0;
        for (String line : lines.subList(1, lines.size())) {
            Matcher m = UIDLIST_LINE.matcher(line);
            if (!m.matches()) {
                problems.add(user + ": dovecot-uidlist line is malformed: " + line);
                continue;
            }
            long uid = Long.parseLong(m.group(1));
            if (uid <= last) {
                problems.add(user + ": dovecot-uidlist UIDs not strictly ascending at " + uid);
            }
            last = uid;
            if (out.put(m.group(3), uid) != null) {
                problems.add(user + ": dovecot-uidlist names " + m.group(3) + " twice");
            }
        }
        if (next <= last) {
            problems.add(user + ": dovecot-uidlist N" + next + " is not above its last UID " + last);
        }
        return out;
    }

    /** Opens the Maildir with the server's own store: every file gets a UID, listed ones keep theirs, all read back. */
    private void readWithStore(Path mailRoot, String local, String address, Map<String, byte[]> files,
                               Map<String, Long> listed) throws IOException {
        MaildirStore store = new MaildirStore(mailRoot.toAbsolutePath() + "/%d/%n", "verify.test");
        User user = new User("uid=" + local, local, address, List.of(), AccountStatus.ACTIVE, Optional.empty(), 0, 0,
                List.of(), List.of(), Optional.empty());
        Folder inbox = store.open(user).inbox();
        List<MessageInfo> messages = inbox.sync();
        if (messages.size() != files.size()) {
            problems.add(local + ": the store lists " + messages.size() + " messages, the Maildir has " + files.size());
        }
        Set<Long> uids = new HashSet<>();
        for (MessageInfo info : messages) {
            if (!uids.add(info.uid())) {
                problems.add(local + ": UID " + info.uid() + " given twice by the store");
            }
            Long before = listed.get(info.baseName());
            if (before != null && before != info.uid()) {
                problems.add(local + ": " + info.baseName() + " had UID " + before + ", the store now says " + info.uid());
            }
            byte[] expected = files.get(info.baseName());
            try (InputStream in = inbox.open(info.uid())) {
                if (expected == null || !Arrays.equals(in.readAllBytes(), expected)) {
                    problems.add(local + ": the store reads UID " + info.uid() + " differently from its file");
                }
            }
        }
        store.close();
    }

    /** The peer's arrivals (one per recipient copy). */
    void arrivals(List<Arrival> arrivals) {
        for (Arrival a : arrivals) {
            if (ledger.get(a.marker()) == null) {
                tally.unknown++;
                problems.add("remote: an arrival for " + a.recipient() + " with unknown marker " + a.marker());
            } else if (!a.complete()) {
                tally.partial++;
                problems.add("remote: " + a.marker() + " for " + a.recipient() + " arrived with a different body");
            } else {
                found.merge(a.marker() + " " + a.recipient(), 1, Integer::sum);
                remote.computeIfAbsent(a.marker() + " " + a.recipient(), k -> new ArrayList<>()).add(a);
            }
        }
    }

    /**
     * Compares what was found with what was acknowledged; call after {@link #maildirs} and
     * {@link #arrivals}. A second copy at the remote peer is the one duplicate SMTP allows (RFC 5321
     * 6.1, RFC 1047): the peer had the message when the daemon was killed, before the queue had
     * recorded its 250. It is counted, not a problem, if the first copy arrived within
     * {@code window} of a kill ({@code kills} in {@link System#nanoTime()}); any other second copy
     * is a problem.
     */
    void compare(List<Long> kills, java.time.Duration window) {
        for (Ledger.Sent sent : ledger.all()) {
            if (sent.dataSent) {
                tally.messages++;
            }
            for (String r : sent.recipients) {
                tally.pairs++;
                boolean acked = sent.acknowledged.contains(r);
                int count = found.getOrDefault(sent.marker + " " + r, 0);
                if (acked) {
                    tally.acknowledged++;
                }
                if (count > 1) {
                    tally.foundTwice++;
                    List<Arrival> copies = remote.get(sent.marker + " " + r);
                    // signed: negative when the first copy arrived before the kill
                    long offset = copies == null ? Long.MAX_VALUE : kills.stream().map(k -> copies.get(0).nanos() - k)
                            .min(java.util.Comparator.comparingLong(Math::abs)).orElse(Long.MAX_VALUE);
                    long distance = Math.abs(offset);
                    if (count == 2 && distance <= window.toNanos()) {
                        tally.remoteDuplicates++;
                        tally.earliestMillis = Math.min(tally.earliestMillis, offset / 1_000_000);
                        tally.latestMillis = Math.max(tally.latestMillis, offset / 1_000_000);
                    } else {
                        problems.add(sent.marker + " for " + r + " found " + count + " times (" + sent.route
                                + (acked ? ", acknowledged" : ", not acknowledged") + (copies == null ? ")"
                                : ", first copy " + distance / 1_000_000 + " ms from a kill)"));
                    }
                } else if (count == 1) {
                    if (acked) {
                        tally.foundOnce++;
                    } else {
                        tally.unacknowledgedPresent++;
                    }
                } else if (acked) {
                    tally.lost++;
                    problems.add(sent.marker + " for " + r + " acknowledged (" + sent.route + ") but not found");
                }
            }
        }
    }

    /** A Maildir file name without its {@code :2,} info. */
    private static String baseName(String fileName) {
        int colon = fileName.indexOf(':');
        return colon < 0 ? fileName : fileName.substring(0, colon);
    }
}
