package org.mailserver.core.filter.maps;

/**
 * A map line that matched an input.
 *
 * @param action the action, with {@code $1}-style substitutions done
 * @param where {@code file:line} of the map line
 * @param line the map line as written (for the log)
 */
public record MapMatch(MapAction action, String where, String line) {
}
