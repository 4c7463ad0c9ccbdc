package org.mailserver.store.maildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.directory.User;
import org.mailserver.store.Folder;
import org.mailserver.store.UserMailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's Maildir tree. Holds the one {@link MaildirFolder} per folder directory of the process.
 * On first use every folder is opened, which gives the quota usage (S= of every file name, else its
 * size); from then on the folders keep it current as messages come and go.
 */
final class MaildirMailbox implements UserMailbox {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirMailbox.class);

    private final Path root;
    private final UniqueNames names;
    /** Canonical folder name to folder; changed only under {@code treeLock}. */
    private final Map<String, MaildirFolder> folders = new ConcurrentHashMap<>();
    private final Object treeLock = new Object();
    private final QuotaGuard quota = new QuotaGuard();
    private final Subscriptions subscriptions;
    private volatile boolean loaded;

    MaildirMailbox(Path root, UniqueNames names) {
        this.root = root;
        this.names = names;
        this.subscriptions = new Subscriptions(root);
    }

    /** Creates the Maildir if needed and opens every folder, once. */
    MaildirMailbox load() throws IOException {
        if (loaded) {
            return this;
        }
        synchronized (treeLock) {
            if (!loaded) {
                boolean created = DurableFiles.createDirectories(root);
                for (String subdir : new String[] {"cur", "new", "tmp"}) {
                    created |= DurableFiles.createDirectories(root.resolve(subdir));
                }
                if (created) {
                    DurableFiles.fsyncDirectory(root);
                    DurableFiles.fsyncDirectory(root.getParent());
                }
                folders.put(FolderNames.INBOX, MaildirFolder.open(FolderNames.INBOX, root, names));
                for (String name : folderNamesOnDisk()) {
                    folders.put(name, MaildirFolder.open(name, FolderNames.directory(root, name), names));
                }
                loaded = true;
            }
        }
        return this;
    }

    @Override
    public MaildirFolder inbox() {
        return folders.get(FolderNames.INBOX);
    }

    @Override
    public Folder folder(String name) throws IOException {
        String canonical = FolderNames.canonical(name);
        MaildirFolder folder = folders.get(canonical);
        if (folder != null) {
            return folder;
        }
        synchronized (treeLock) { // made by another program since we loaded
            folder = folders.get(canonical);
            if (folder == null) {
                folder = MaildirFolder.open(canonical, FolderNames.directory(root, canonical), names);
                folders.put(canonical, folder);
            }
            return folder;
        }
    }

    @Override
    public List<String> folders() throws IOException {
        List<String> out = new ArrayList<>();
        out.add(FolderNames.INBOX);
        out.addAll(folderNamesOnDisk());
        return out;
    }

    private List<String> folderNamesOnDisk() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path entry : entries) {
                String name = FolderNames.fromDirectoryName(entry.getFileName().toString());
                if (name != null) {
                    out.add(name);
                }
            }
        }
        out.sort(null);
        return out;
    }

    @Override
    public void create(String name) throws IOException {
        String canonical = FolderNames.canonical(name);
        Path dir = FolderNames.directory(root, canonical);
        synchronized (treeLock) {
            if (FolderNames.isInbox(canonical) || Files.exists(dir)) {
                throw new FileAlreadyExistsException(canonical);
            }
            // Built under a dot-dot name and renamed, so no one sees a folder without cur/new/tmp.
            Path building = root.resolve(".." + canonical + "." + names.next());
            try {
                for (String subdir : new String[] {"cur", "new", "tmp"}) {
                    DurableFiles.createDirectories(building.resolve(subdir));
                }
                Files.createFile(building.resolve("maildirfolder"), DurableFiles.fileMode()); // Maildir++ marker
                Files.move(building, dir);
            } catch (IOException | RuntimeException e) {
                DurableFiles.deleteTree(building);
                if (e instanceof java.nio.file.FileSystemException && Files.isDirectory(dir)) {
                    // Another process made it between our check and our rename ("Directory not empty").
                    throw new FileAlreadyExistsException(canonical);
                }
                throw e;
            }
            DurableFiles.fsyncDirectory(root);
            folders.put(canonical, MaildirFolder.open(canonical, dir, names));
        }
    }

    @Override
    public void delete(String name) throws IOException {
        String canonical = FolderNames.canonical(name);
        if (FolderNames.isInbox(canonical)) {
            throw new IllegalArgumentException("INBOX cannot be deleted");
        }
        Path dir = FolderNames.directory(root, canonical);
        synchronized (treeLock) {
            if (!Files.isDirectory(dir)) {
                throw new NoSuchFileException(canonical);
            }
            // Renamed away first, so a crash midway leaves no half-deleted folder in the listing.
            Path trash = root.resolve(".." + canonical + ".deleted." + names.next());
            Files.move(dir, trash);
            MaildirFolder folder = folders.remove(canonical);
            if (folder != null) {
                folder.markGone();
            }
            DurableFiles.fsyncDirectory(root);
            DurableFiles.deleteTree(trash);
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        String source = FolderNames.canonical(from);
        String target = FolderNames.canonical(to);
        if (FolderNames.isInbox(source) || FolderNames.isInbox(target)) {
            throw new IllegalArgumentException("renaming INBOX, or to INBOX, is not supported");
        }
        synchronized (treeLock) {
            if (!Files.isDirectory(FolderNames.directory(root, source))) {
                throw new NoSuchFileException(source);
            }
            List<String> moving = new ArrayList<>();
            for (String name : folderNamesOnDisk()) {
                if (name.equals(source) || name.startsWith(source + ".")) {
                    moving.add(name);
                }
            }
            for (String name : moving) {
                if (Files.exists(FolderNames.directory(root, target + name.substring(source.length())))) {
                    throw new FileAlreadyExistsException(target + name.substring(source.length()));
                }
            }
            for (String name : moving) {
                String renamed = target + name.substring(source.length());
                MaildirFolder old = folders.remove(name);
                if (old != null) {
                    old.flush();
                    old.markGone();
                }
                Files.move(FolderNames.directory(root, name), FolderNames.directory(root, renamed));
                folders.put(renamed, MaildirFolder.open(renamed, FolderNames.directory(root, renamed), names));
            }
            DurableFiles.fsyncDirectory(root);
        }
    }

    @Override
    public long usedBytes() {
        long sum = 0;
        for (MaildirFolder folder : folders.values()) {
            sum += folder.bytes();
        }
        return sum;
    }

    @Override
    public long usedCount() {
        long sum = 0;
        for (MaildirFolder folder : folders.values()) {
            sum += folder.count();
        }
        return sum;
    }

    @Override
    public Set<String> subscriptions() throws IOException {
        return subscriptions.read();
    }

    @Override
    public void subscribe(String name, boolean subscribed) throws IOException {
        subscriptions.set(name, subscribed);
    }

    DeliveryResult.OverQuota checkQuota(User user, long size) {
        return QuotaGuard.check(user, size, usedBytes(), usedCount());
    }

    /** Quota, then the durable write into INBOX's new/. Never throws. */
    DeliveryResult deliver(User user, byte[] prefix, MessageSource message) {
        long size = prefix.length + message.size();
        DeliveryResult.OverQuota over = quota.reserve(user, size, this::usedBytes, this::usedCount);
        if (over != null) {
            return over;
        }
        try {
            return new DeliveryResult.Delivered(inbox().deliver(prefix, message));
        } catch (IOException | RuntimeException e) {
            LOG.warn("delivery into {} failed: {}", root, e.toString());
            return new DeliveryResult.TemporaryFailure(DurableFiles.isDiskFull(e), e.toString());
        } finally {
            quota.release(size);
        }
    }

    /** Persists UID lists changed by deliveries and expunges since their last sync. */
    void flush() {
        for (MaildirFolder folder : folders.values()) {
            try {
                folder.flush();
            } catch (IOException e) {
                LOG.warn("could not write the UID list of {}: {}", folder.directory(), e.toString());
            }
        }
    }
}
