package org.mailserver.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailserver.core.config.ConfigException;
import org.mailserver.core.config.ConfigFile;
import org.mailserver.core.config.LaterKeys;
import org.mailserver.core.config.ServerConfig;
import org.mailserver.core.config.Settings;
import org.mailserver.core.directory.DirectoryConfig;

/**
 * Everything read from {@code mailserver.conf} and {@code --set}, validated in one pass: either every
 * record is good or a {@link ConfigException} lists every problem.
 *
 * @param server process-wide settings and listeners
 * @param directory the LDAP directory settings
 * @param notYetUsed keys that are set but belong to features still to come
 */
record Configuration(ServerConfig server, DirectoryConfig directory, List<String> notYetUsed) {

    static Configuration load(Path configDir, List<String> overrides) throws ConfigException {
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        ConfigFile.read(configDir.resolve("mailserver.conf"), values, problems);
        for (String o : overrides) {
            ConfigFile.override(o, values, problems);
        }
        Settings s = new Settings(values);
        ServerConfig server = ServerConfig.from(s);
        DirectoryConfig directory = DirectorySettings.from(s);
        List<String> later = LaterKeys.check(s);
        problems.addAll(s.problems());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Configuration(server, directory, later);
    }
}
