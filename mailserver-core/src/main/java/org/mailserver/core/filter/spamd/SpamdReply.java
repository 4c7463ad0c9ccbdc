package org.mailserver.core.filter.spamd;

import java.util.List;

/**
 * What spamd said about a message.
 *
 * @param spam spamd's own verdict (by its own threshold; the filter uses ours instead)
 * @param score the message's score
 * @param threshold spamd's own required score
 * @param symbols the names of the rules that hit (SYMBOLS only; empty for CHECK)
 */
public record SpamdReply(boolean spam, double score, double threshold, List<String> symbols) {
    public SpamdReply {
        symbols = List.copyOf(symbols);
    }
}
