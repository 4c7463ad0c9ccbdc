package org.mailserver.store.maildir;

import java.nio.file.Path;
import org.mailserver.store.MailStore;
import org.mailserver.store.MailStoreContract;

/** The store contract, run against the Maildir store. */
class MaildirStoreContractTest extends MailStoreContract {

    @Override
    protected MailStore newStore(Path dataDir) {
        return new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
    }
}
