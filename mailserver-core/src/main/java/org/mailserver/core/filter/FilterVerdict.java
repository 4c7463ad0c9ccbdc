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

    /** Continue, adding these header lines (without CRLF) to the message at delivery. DATA stage only. */
    record AddHeaders(List<String> lines) implements FilterVerdict {
        public AddHeaders {
            lines = List.copyOf(lines);
            for (String l : lines) {
                if (l.indexOf('\r') >= 0 || l.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("a header line must not contain CR or LF: " + l);
                }
            }
        }
    }
}
