package org.mailserver.smtp.server;

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
}
