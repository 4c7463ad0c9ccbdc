package org.mailserver.core.filter.maps;

/** A map that cannot be used; the message starts with {@code file:line:}. */
public final class MapException extends Exception {
    public MapException(String message) {
        super(message);
    }
}
