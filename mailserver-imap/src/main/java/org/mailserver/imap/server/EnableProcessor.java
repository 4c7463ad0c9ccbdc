package org.mailserver.imap.server;

import java.util.Locale;
import java.util.Set;
import org.mailserver.imap.grammar.ImapCommand;

/**
 * ENABLE (RFC 5161): turns on the extensions that change what the server sends. Unknown names are
 * ignored, as the RFC asks; the ENABLED response lists only what this command turned on.
 */
final class EnableProcessor implements Processor<ImapCommand.Enable> {
    /** Extensions that can be enabled here. */
    static final Set<String> SUPPORTED = Set.of("CONDSTORE", "QRESYNC", "IMAP4REV2");

    @Override
    public void process(ImapSession s, ImapCommand.Enable command) {
        StringBuilder enabled = new StringBuilder("ENABLED");
        for (String name : command.capabilities()) {
            String upper = name.toUpperCase(Locale.ROOT);
            if (SUPPORTED.contains(upper) && !s.enabled(upper)) {
                s.enable(upper);
                enabled.append(' ').append(upper);
                if (upper.equals("QRESYNC") && !s.enabled("CONDSTORE")) {
                    s.enable("CONDSTORE"); // RFC 7162 3.2.3: QRESYNC implies CONDSTORE
                    enabled.append(" CONDSTORE");
                }
            }
        }
        s.untagged(enabled.toString());
        s.complete(command, "ENABLE completed");
    }
}
