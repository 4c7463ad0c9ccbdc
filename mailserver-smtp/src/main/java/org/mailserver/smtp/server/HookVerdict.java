package org.mailserver.smtp.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.filter.EditedMessage;
import org.mailserver.core.filter.HeaderEdit;
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
     * Answer 250 and deliver the message nowhere: no copy, no queue entry, no bounce (header_checks
     * DISCARD). End of data only; elsewhere the same as {@link Continue}.
     *
     * @param reason for the mail log, e.g. {@code policy header_checks}
     */
    record Discard(String reason) implements HookVerdict {
    }

    /**
     * Go on, adding these header lines (without CRLF) to every copy, below the trace headers, and
     * making these changes to the message's own header fields (end of data only; elsewhere the same
     * as {@link Continue}).
     */
    record AddHeaders(List<String> lines, List<HeaderEdit> edits) implements HookVerdict {
        public AddHeaders(List<String> lines) {
            this(lines, List.of());
        }

        public AddHeaders {
            lines = List.copyOf(lines);
            edits = List.copyOf(edits);
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

        /**
         * The message to deliver: {@code message} with the verdict's edits applied as it is read
         * ({@link EditedMessage}, streaming), or {@code message} itself. Reads the header once: blocking.
         */
        static MessageSource edited(MessageSource message, HookVerdict verdict) throws IOException {
            return verdict instanceof AddHeaders a ? EditedMessage.of(message, a.edits) : message;
        }
    }
}
