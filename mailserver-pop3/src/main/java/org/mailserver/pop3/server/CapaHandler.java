package org.mailserver.pop3.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mailserver.core.auth.SaslExchange;
import org.mailserver.pop3.grammar.Pop3Command;
import org.mailserver.pop3.grammar.Pop3Reply;

/**
 * CAPA (RFC 2449 5). What is offered before login is offered after it too (RFC 2449 5: capabilities
 * of the AUTHORIZATION state are announced in both states); STLS only while not under TLS (RFC 2595 4).
 */
final class CapaHandler implements CommandHandler<Pop3Command.Capa> {

    @Override
    public Set<Pop3State> states() {
        return Set.of(Pop3State.AUTHORIZATION, Pop3State.TRANSACTION);
    }

    @Override
    public void handle(Pop3Session s, Pop3Command.Capa command) {
        s.reply(Pop3Reply.ok("capability list follows", capabilities(s)));
    }

    static List<String> capabilities(Pop3Session s) {
        List<String> caps = new ArrayList<>(List.of("TOP", "UIDL"));
        if (s.loginAllowed()) { // RFC 2595 4: no USER (nor SASL) where logins would be refused
            caps.addAll(List.of("USER", "SASL " + String.join(" ", SaslExchange.MECHANISMS)));
        }
        caps.addAll(List.of("RESP-CODES", "PIPELINING", "AUTH-RESP-CODE"));
        if (StlsHandler.available(s)) {
            caps.add("STLS");
        }
        caps.add("IMPLEMENTATION mailserver");
        return caps;
    }
}
