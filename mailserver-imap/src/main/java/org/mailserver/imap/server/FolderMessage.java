package org.mailserver.imap.server;

import java.io.IOException;
import java.io.InputStream;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;

/** A stored message as the source of a copy (COPY, MOVE): read again from its folder each time. */
record FolderMessage(Folder folder, MessageInfo info) implements MessageSource {
    @Override
    public long size() {
        return info.size();
    }

    @Override
    public InputStream open() throws IOException {
        return folder.open(info.uid());
    }
}
