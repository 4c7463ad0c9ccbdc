package org.mailserver.core.config;

/**
 * One configuration key: its name, default (as written in the file) and meaning. The list of keys,
 * {@link ConfigKeys}, is the single source for validation, {@code conf/mailserver.conf} and the
 * operator's guide.
 *
 * @param name dotted name, e.g. {@code pop3.listen}
 * @param defaultValue the value used when the key is not set; empty means "off" or "none"
 * @param description what the key does, one sentence
 * @param usedFrom empty when the key takes effect now; else the feature that will use it (the key is
 *     accepted and validated now, and a warning is logged when it is set)
 */
public record ConfigKey(String name, String defaultValue, String description, String usedFrom) {

    static ConfigKey key(String name, String defaultValue, String description) {
        return new ConfigKey(name, defaultValue, description, "");
    }

    static ConfigKey later(String name, String defaultValue, String description, String usedFrom) {
        return new ConfigKey(name, defaultValue, description, usedFrom);
    }

    /** True when the server does not act on this key yet. */
    public boolean notYetUsed() {
        return !usedFrom.isEmpty();
    }
}
