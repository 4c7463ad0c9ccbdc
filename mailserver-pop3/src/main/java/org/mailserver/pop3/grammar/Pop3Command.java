package org.mailserver.pop3.grammar;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The POP3 commands this server understands, as parsed by {@link Pop3Parser}. Message numbers are
 * as the client sent them (1-based); whether they exist is the session's business.
 */
public sealed interface Pop3Command {

    /** RFC 1939 7: {@code USER name}. */
    record User(String name) implements Pop3Command {
    }

    /** RFC 1939 7: {@code PASS string}; the password may contain spaces. Never logged. */
    record Pass(String password) implements Pop3Command {
        @Override
        public String toString() {
            return "Pass[***]";
        }
    }

    /** RFC 5034 4: {@code AUTH mechanism [initial-response]}; no mechanism lists the supported ones. */
    record Auth(Optional<String> mechanism, Optional<String> initialResponse) implements Pop3Command {
        @Override
        public String toString() {
            return "Auth[" + mechanism.orElse("") + (initialResponse.isPresent() ? " ***]" : "]");
        }
    }

    /** RFC 2449 5. */
    record Capa() implements Pop3Command {
    }

    /** RFC 2595 4. */
    record Stls() implements Pop3Command {
    }

    /** RFC 1939 5. */
    record Stat() implements Pop3Command {
    }

    /** RFC 1939 5: {@code LIST [msg]}. */
    record List(OptionalInt message) implements Pop3Command {
    }

    /** RFC 1939 7: {@code UIDL [msg]}. */
    record Uidl(OptionalInt message) implements Pop3Command {
    }

    /** RFC 1939 5: {@code RETR msg}. */
    record Retr(int message) implements Pop3Command {
    }

    /** RFC 1939 7: {@code TOP msg n}, n body lines after the header. */
    record Top(int message, long lines) implements Pop3Command {
    }

    /** RFC 1939 5: {@code DELE msg}. */
    record Dele(int message) implements Pop3Command {
    }

    /** RFC 1939 5. */
    record Rset() implements Pop3Command {
    }

    /** RFC 1939 5. */
    record Noop() implements Pop3Command {
    }

    /** RFC 1939 4 and 6. */
    record Quit() implements Pop3Command {
    }
}
