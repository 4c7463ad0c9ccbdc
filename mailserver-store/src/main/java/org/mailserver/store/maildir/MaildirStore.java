package org.mailserver.store.maildir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.directory.User;
import org.mailserver.store.MailStore;
import org.mailserver.store.UserMailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Maildir mailstore: users' Maildirs at {@code pathTemplate} ({@code %d} domain, {@code %n}
 * local part, {@code %u} uid), INBOX at the root and Maildir++ folders below it, file names,
 * {@code dovecot-uidlist} and {@code dovecot-keywords} as Dovecot writes them, so Dovecot, Python's
 * {@code mailbox} module and other Maildir readers read what we write and we read theirs.
 *
 * <p>One instance per process: it keeps one mailbox object per Maildir, and one folder object per
 * folder directory, so all sessions and deliveries share their state. Thread-safe; every method
 * blocks (file I/O, fsync) and belongs on the blocking executor.
 *
 * <p>Not coordinated with other processes writing the same Maildir at the same time (a running
 * Dovecot, say): they may add and remove files, which we notice at {@code sync}, but concurrent
 * rewrites of {@code dovecot-uidlist} are only guarded by its dotlock file.
 */
public final class MaildirStore implements MailStore {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirStore.class);

    private final PathTemplate template;
    private final UniqueNames names;
    private final Map<Path, MaildirMailbox> mailboxes = new ConcurrentHashMap<>();

    /**
     * @param pathTemplate absolute path of a user's Maildir with {@code %d}, {@code %n}, {@code %u}
     * @param hostname this host's name, used in new file names
     * @throws IllegalArgumentException for a relative path, an unknown escape or an empty hostname
     */
    public MaildirStore(String pathTemplate, String hostname) {
        this.template = new PathTemplate(pathTemplate);
        this.names = new UniqueNames(hostname);
    }

    @Override
    public UserMailbox open(User user) throws IOException {
        return mailbox(user);
    }

    /** The user's Maildir root (refuses a path that would leave the template's place). */
    public Path maildirOf(User user) {
        return template.expand(user);
    }

    private MaildirMailbox mailbox(User user) throws IOException {
        Path root = template.expand(user);
        return mailboxes.computeIfAbsent(root, r -> new MaildirMailbox(r, names)).load();
    }

    @Override
    public DeliveryResult.OverQuota checkQuota(User user, long size) {
        try {
            return mailbox(user).checkQuota(user, size);
        } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
            // The delivery will fail with a temporary error and say why; RCPT is not the place.
            LOG.warn("quota check for {} failed: {}", user.uid(), e.toString());
            return null;
        }
    }

    @Override
    public DeliveryResult deliver(User user, byte[] prefix, MessageSource message) {
        MaildirMailbox mailbox;
        try {
            mailbox = mailbox(user);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot open the Maildir of {}: {}", user.uid(), e.toString());
            return new DeliveryResult.TemporaryFailure(DurableFiles.isDiskFull(e), e.toString());
        }
        return mailbox.deliver(user, prefix, message);
    }

    /** Writes pending UID lists; the store may still be used afterwards (nothing else to release). */
    @Override
    public void close() {
        mailboxes.values().forEach(MaildirMailbox::flush);
    }
}
