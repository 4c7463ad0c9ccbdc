package org.mailserver.core.filter.spamd;

import java.io.IOException;

/** spamd answered something other than a SPAMC/1.5 success reply. */
public final class SpamdException extends IOException {
    public SpamdException(String message) {
        super(message);
    }
}
