package org.mailserver.core.filter;

import java.util.List;

/** What a filter decides about one step. */
public sealed interface FilterVerdict {
    FilterVerdict CONTINUE = new Continue();

    /** No opinion; the next filter decides. */
    record Continue() implements FilterVerdict {
    }

    /** Accept this step now, skipping the remaining filters of the stage (a whitelist). */
    record Accept(String policy, String rule) implements FilterVerdict {
    }

    /** Refuse with 5xx. */
    record Reject(Refusal refusal) implements FilterVerdict {
        public Reject {
            if (!refusal.permanent()) {
                throw new IllegalArgumentException("a rejection needs a 5xx refusal");
            }
        }
    }

    /** Refuse for now with 4xx (greylisting, a scanner outage). */
    record Defer(Refusal refusal) implements FilterVerdict {
        public Defer {
            if (refusal.permanent()) {
                throw new IllegalArgumentException("a deferral needs a 4xx refusal");
            }
        }
    }

    /**
     * Accept the message with 250 and deliver it nowhere (header_checks DISCARD): no copy, no bounce.
     * DATA stage only; it ends the stage like a refusal, and is logged and counted as a discard.
     *
     * @param text the map's optional text for the log, else null
     */
    record Discard(String policy, String rule, String text) implements FilterVerdict {
    }

    /**
     * Continue, adding these header lines (without CRLF) below the trace headers and making these
     * changes to the message's own header fields ({@link HeaderEdit}), at delivery. DATA stage only.
     */
    record AddHeaders(List<String> lines, List<HeaderEdit> edits) implements FilterVerdict {
        public AddHeaders {
            lines = List.copyOf(lines);
            edits = List.copyOf(edits);
            for (String l : lines) {
                if (l.indexOf('\r') >= 0 || l.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("a header line must not contain CR or LF: " + l);
                }
            }
        }

        /** Lines to add, no edits. */
        public AddHeaders(List<String> lines) {
            this(lines, List.of());
        }

        /** Edits only. */
        public static AddHeaders edits(List<HeaderEdit> edits) {
            return new AddHeaders(List.of(), edits);
        }
    }
}
