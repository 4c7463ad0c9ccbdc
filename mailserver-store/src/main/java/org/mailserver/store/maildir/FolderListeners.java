package org.mailserver.store.maildir;

import java.util.concurrent.CopyOnWriteArrayList;
import org.mailserver.store.Folder;
import org.mailserver.store.FolderListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A folder's listeners. {@link #fire} is called with no lock held, on the thread that made the change. */
final class FolderListeners {

    private static final Logger LOG = LoggerFactory.getLogger(FolderListeners.class);

    private final CopyOnWriteArrayList<FolderListener> listeners = new CopyOnWriteArrayList<>();

    AutoCloseable add(FolderListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void fire(Folder folder) {
        for (FolderListener listener : listeners) {
            try {
                listener.folderChanged(folder);
            } catch (RuntimeException e) {
                LOG.warn("folder listener failed for {}", folder.name(), e);
            }
        }
    }
}
