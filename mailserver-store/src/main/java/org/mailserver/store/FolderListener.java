package org.mailserver.store;

/**
 * Told that a folder changed (new mail, flags, expunges) by this process or, when noticed, by another
 * program. Called on a store thread, never an event loop: hand the work to your own loop and call
 * {@link Folder#sync()} there (through the blocking executor) to see what changed.
 */
@FunctionalInterface
public interface FolderListener {
    void folderChanged(Folder folder);
}
