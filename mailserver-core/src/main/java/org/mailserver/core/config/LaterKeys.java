package org.mailserver.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Validates the keys of features still to come (filters, metrics) so a typo is
 * reported now, and lists those that are set, so the daemon can warn that they have no effect yet.
 */
public final class LaterKeys {

    private LaterKeys() {
    }

    /** Checks the syntax of every not-yet-used key; returns the names of those that are set. */
    public static List<String> check(Settings s) {
        s.list("filter.rbl.zones");
        s.list("filter.rhsbl.zones");
        s.path("filter.header_checks");
        s.hostPort("filter.spamd");
        s.decimal("filter.spamd.tag_score");
        s.decimal("filter.spamd.reject_score");
        s.hostPort("filter.clamd");
        s.bool("filter.greylist");
        s.duration("filter.greylist.delay");
        s.hostPort("metrics.listen");
        List<String> set = new ArrayList<>();
        for (ConfigKey k : ConfigKeys.ALL) {
            if (k.notYetUsed() && s.isSet(k.name()) && !s.raw(k.name()).equals(k.defaultValue())) {
                set.add(k.name());
            }
        }
        return set;
    }
}
