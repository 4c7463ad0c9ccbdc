package org.mailserver.daemon;

import java.util.Map;
import org.mailserver.core.config.Settings;
import org.mailserver.core.directory.AttributeNames;
import org.mailserver.core.directory.DirectoryConfig;

/** Maps the {@code directory.*} keys onto {@link DirectoryConfig}, reporting problems by key. */
final class DirectorySettings {
    /** DirectoryConfig's field names, as its validation messages start, and the keys they come from. */
    private static final Map<String, String> FIELD_TO_KEY = Map.ofEntries(
            Map.entry("ldif", "directory.ldif"), Map.entry("urls", "directory.url"),
            Map.entry("startTls", "directory.starttls"), Map.entry("bindDn", "directory.bind.dn"),
            Map.entry("bindPassword", "directory.bind.password"), Map.entry("base", "directory.base"),
            Map.entry("poolSize", "directory.pool.size"), Map.entry("userFilter", "directory.filter.user"),
            Map.entry("loginFilter", "directory.filter.login"), Map.entry("directory", "directory.url"),
            Map.entry("connectTimeout", "directory.timeout"), Map.entry("responseTimeout", "directory.timeout"),
            Map.entry("cacheTtl", "directory.cache.ttl"), Map.entry("negativeCacheTtl", "directory.cache.negative_ttl"),
            Map.entry("authCacheTtl", "directory.cache.auth_ttl"), Map.entry("cacheSize", "directory.cache.size"),
            Map.entry("trustFile", "directory.tls.trust"));

    private DirectorySettings() {
    }

    static DirectoryConfig from(Settings s) {
        AttributeNames attrs;
        try {
            attrs = new AttributeNames(s.string("directory.attr.uid"), s.string("directory.attr.mail"),
                    s.string("directory.attr.alternate"), s.string("directory.attr.status"),
                    s.string("directory.attr.host"), s.string("directory.attr.quota_size"),
                    s.string("directory.attr.quota_count"), s.string("directory.attr.forward"),
                    s.string("directory.attr.delivery_mode"), s.string("directory.attr.reply_text"));
        } catch (IllegalArgumentException e) {
            s.problems().add("directory.attr.*: " + e.getMessage());
            attrs = AttributeNames.QMAIL;
        }
        DirectoryConfig.Builder b = DirectoryConfig.builder()
                .urls(s.list("directory.url"))
                .startTls(s.bool("directory.starttls"))
                .bindDn(s.string("directory.bind.dn"))
                .bindPassword(s.string("directory.bind.password"))
                .base(s.string("directory.base"))
                .poolSize(s.integer("directory.pool.size", 1, 1000))
                .connectTimeout(s.duration("directory.timeout"))
                .responseTimeout(s.duration("directory.timeout"))
                .userFilter(s.string("directory.filter.user"))
                .loginFilter(s.string("directory.filter.login"))
                .attributes(attrs)
                .cacheTtl(s.duration("directory.cache.ttl"))
                .negativeCacheTtl(s.duration("directory.cache.negative_ttl"))
                .authCacheTtl(s.duration("directory.cache.auth_ttl"))
                .cacheSize(s.number("directory.cache.size", 0, 100_000_000))
                .trustFile(s.readableFile("directory.tls.trust").orElse(null));
        if (s.list("directory.url").isEmpty()) {
            b.ldif(s.readableFile("directory.ldif").orElse(null));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            int colon = msg.indexOf(':');
            String key = colon > 0 ? FIELD_TO_KEY.getOrDefault(msg.substring(0, colon), "directory") : "directory";
            s.problems().add(key + ": " + (colon > 0 ? msg.substring(colon + 1).strip() : msg));
            return null;
        }
    }
}
