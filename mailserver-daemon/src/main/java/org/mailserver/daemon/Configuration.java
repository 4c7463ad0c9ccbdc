package org.mailserver.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailserver.core.config.ConfigException;
import org.mailserver.core.config.ConfigFile;
import org.mailserver.core.config.ConfigKey;
import org.mailserver.core.config.ConfigKeys;
import org.mailserver.core.config.RelayConfig;
import org.mailserver.core.config.ServerConfig;
import org.mailserver.core.config.Settings;
import org.mailserver.core.directory.DirectoryConfig;
import org.mailserver.smtp.queue.TransportMap;
import org.mailserver.smtp.queue.TransportMapException;
import org.mailserver.core.net.Cidr;

/**
 * Everything read from {@code mailserver.conf} and {@code --set}, validated in one pass: either every
 * record is good or a {@link ConfigException} lists every problem.
 *
 * @param server process-wide settings and listeners
 * @param directory the LDAP directory settings
 * @param relay who may relay, next hops, retries
 * @param trustedNetworks {@code smtp.trusted_networks}, parsed
 * @param transportMap {@code relay.transport_maps}, parsed (empty when not set)
 * @param filters the {@code filter.*} settings
 * @param metrics {@code metrics.listen}, if set
 * @param imap the {@code imap.*} settings
 * @param notYetUsed keys that are set but belong to features still to come
 * @param values every key as written in the file or {@code --set} (not defaults): what a reload compares
 * @param source where it was read from, to read it again on reload
 */
record Configuration(ServerConfig server, DirectoryConfig directory, RelayConfig relay, List<Cidr> trustedNetworks,
                     TransportMap transportMap, FilterSettings filters, Optional<Settings.HostPort> metrics,
                     ImapSettings imap, List<String> notYetUsed, Map<String, String> values, Source source) {

    Configuration {
        values = Map.copyOf(values);
    }

    /** The configuration directory and the {@code --set} assignments of the command line. */
    record Source(Path configDir, List<String> overrides) {
        Source {
            overrides = List.copyOf(overrides);
        }

        Configuration load() throws ConfigException {
            return Configuration.load(configDir, overrides);
        }

        /** The keys as written, problems ignored (they are {@link #load()}'s to report). */
        Map<String, String> values() {
            return values(new ArrayList<>());
        }

        private Map<String, String> values(List<String> problems) {
            Map<String, String> values = new LinkedHashMap<>();
            ConfigFile.read(configDir.resolve("mailserver.conf"), values, problems);
            for (String o : overrides) {
                ConfigFile.override(o, values, problems);
            }
            return values;
        }
    }

    static Configuration load(Path configDir, List<String> overrides) throws ConfigException {
        List<String> problems = new ArrayList<>();
        Source source = new Source(configDir, overrides);
        Map<String, String> values = source.values(problems);
        Settings s = new Settings(values);
        ServerConfig server = ServerConfig.from(s);
        DirectoryConfig directory = DirectorySettings.from(s);
        RelayConfig relay = RelayConfig.from(s);
        List<Cidr> trusted = new ArrayList<>();
        for (String network : relay.trustedNetworks()) {
            try {
                trusted.add(Cidr.parse(network));
            } catch (IllegalArgumentException e) {
                s.problem("smtp.trusted_networks", "networks in CIDR notation (" + e.getMessage() + ")");
            }
        }
        TransportMap transports = TransportMap.empty();
        if (relay.transportMaps().isPresent()) {
            try {
                transports = TransportMap.load(relay.transportMaps().get());
            } catch (TransportMapException e) {
                s.problems().add("relay.transport_maps: " + e.getMessage());
            }
        }
        FilterSettings filters = FilterSettings.from(s);
        Optional<Settings.HostPort> metrics = s.hostPort("metrics.listen");
        ImapSettings imap = ImapSettings.from(s);
        List<String> later = ConfigKeys.ALL.stream()
                .filter(k -> k.notYetUsed() && s.isSet(k.name()) && !s.raw(k.name()).equals(k.defaultValue()))
                .map(ConfigKey::name).toList();
        problems.addAll(s.problems());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Configuration(server, directory, relay, trusted, transports, filters, metrics, imap, later, values, source);
    }
}
