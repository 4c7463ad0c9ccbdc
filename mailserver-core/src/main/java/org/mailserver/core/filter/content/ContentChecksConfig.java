package org.mailserver.core.filter.content;

import java.nio.file.Path;
import java.util.Optional;
import org.mailserver.core.config.Settings;
import org.mailserver.core.filter.maps.MapException;
import org.mailserver.core.filter.maps.RegexpMap;
import org.mailserver.core.filter.maps.RegexpMapParser;

/**
 * {@code filter.header_checks}, {@code filter.mime_header_checks}, {@code filter.body_checks}: Postfix
 * {@code regexp:} maps, read and checked once at start-up (a {@code regexp:} prefix on the path is allowed).
 */
public record ContentChecksConfig(Optional<RegexpMap> headerChecks, Optional<RegexpMap> mimeHeaderChecks,
                                  Optional<RegexpMap> bodyChecks) {

    /** Empty when no map is configured; every problem (a missing file, a map error with file:line) goes to {@code s.problems()}. */
    public static Optional<ContentChecksConfig> from(Settings s) {
        ContentChecksConfig c = new ContentChecksConfig(map(s, "filter.header_checks"),
                map(s, "filter.mime_header_checks"), map(s, "filter.body_checks"));
        if (c.headerChecks.isEmpty() && c.mimeHeaderChecks.isEmpty() && c.bodyChecks.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(c);
    }

    private static Optional<RegexpMap> map(Settings s, String key) {
        String v = s.string(key).strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.startsWith("regexp:") || v.startsWith("pcre:")) { // as written in Postfix's main.cf
            v = v.substring(v.indexOf(':') + 1);
        }
        Path p = Path.of(v).toAbsolutePath().normalize();
        try {
            return Optional.of(RegexpMapParser.parse(p));
        } catch (MapException e) {
            s.problems().add(key + ": " + e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            s.problem(key, "a readable Postfix regexp: map");
            return Optional.empty();
        }
    }
}
