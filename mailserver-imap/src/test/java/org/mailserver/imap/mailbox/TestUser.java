package org.mailserver.imap.mailbox;

import java.util.List;
import java.util.Optional;
import org.mailserver.core.directory.AccountStatus;
import org.mailserver.core.directory.User;

/** A directory user for tests against a real Maildir store. */
final class TestUser {

    private TestUser() {
    }

    static User alice() {
        return new User("uid=alice,ou=people,dc=example,dc=test", "alice", "alice@example.test", List.of(),
                AccountStatus.ACTIVE, Optional.empty(), 0, 0, List.of(), List.of(), Optional.empty());
    }
}
