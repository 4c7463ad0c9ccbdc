package org.mailserver.smtp.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.mailserver.smtp.grammar.Reply;

/** What a hook decides about one step of a session (the filter chain's typed verdicts). */
public sealed interface HookVerdict {
    /** No opinion: the next hook, then the engine's own checks, decide. */
    HookVerdict CONTINUE = new Continue();

    record Continue() implements HookVerdict {
    }

    /** Accept this step now, skipping the remaining hooks (not the engine's own checks). */
    record Accept() implements HookVerdict {
    }

    /** Refuse with a 5xx reply. */
    record Reject(Reply reply) implements HookVerdict {
        public Reject {
            if (!reply.isPermanent()) {
                throw new IllegalArgumentException("a rejection needs a 5xx reply");
            }
        }
    }

    /** Refuse for now with a 4xx reply (greylisting, outages). */
    record Defer(Reply reply) implements HookVerdict {
        public Defer {
            if (!reply.isTransient()) {
                throw new IllegalArgumentException("a deferral needs a 4xx reply");
            }
        }
    }

    /**
     * Go on, adding these header lines (without CRLF) to every copy, below the trace headers
     * (end of data only; elsewhere the same as {@link Continue}).
     */
    record AddHeaders(List<String> lines) implements HookVerdict {
        public AddHeaders {
            lines = List.copyOf(lines);
            for (String l : lines) {
                if (l.indexOf('\r') >= 0 || l.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("a header line must not contain CR or LF: " + l);
                }
            }
        }

        /** The prefix to deliver: {@code trace} then each line CRLF-terminated. */
        static byte[] prefix(byte[] trace, HookVerdict verdict) {
            if (!(verdict instanceof AddHeaders a) || a.lines.isEmpty()) {
                return trace;
            }
            StringBuilder b = new StringBuilder();
            for (String l : a.lines) {
                b.append(l).append("\r\n");
            }
            byte[] added = b.toString().getBytes(StandardCharsets.UTF_8);
            byte[] out = java.util.Arrays.copyOf(trace, trace.length + added.length);
            System.arraycopy(added, 0, out, trace.length, added.length);
            return out;
        }
    }
}
