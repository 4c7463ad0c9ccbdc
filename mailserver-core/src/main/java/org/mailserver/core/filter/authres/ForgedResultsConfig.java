package org.mailserver.core.filter.authres;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.mailserver.core.config.ServerConfig;
import org.mailserver.core.config.Settings;
import org.mailserver.core.net.Cidr;

/**
 * The settings of policy {@code auth_results}, which are other concerns' keys: the authserv-id is
 * {@code server.hostname} (this machine's name when empty, as in greetings), and mail from
 * {@code smtp.trusted_networks} comes from inside and is left alone. Always on.
 */
public record ForgedResultsConfig(String authservId, List<Cidr> trustedNetworks) {
    public ForgedResultsConfig {
        trustedNetworks = List.copyOf(trustedNetworks);
    }

    /** Never adds a problem: both keys are validated where they belong. */
    public static ForgedResultsConfig from(Settings s) {
        String id = s.string("server.hostname").strip();
        if (id.isEmpty()) {
            id = ServerConfig.localHostName();
        }
        List<Cidr> trusted = new ArrayList<>();
        for (String n : s.list("smtp.trusted_networks")) {
            try {
                trusted.add(Cidr.parse(n));
            } catch (IllegalArgumentException e) {
                // reported with smtp.trusted_networks
            }
        }
        return new ForgedResultsConfig(id, trusted);
    }

    /** Whether {@code client} is in a trusted network. */
    public boolean trusted(InetAddress client) {
        return Cidr.anyContains(trustedNetworks, client);
    }
}
