package org.mailserver.core.filter.clamd;

/** What clamd said about a stream. */
public sealed interface ClamdReply {

    /** {@code stream: OK}. */
    record Clean() implements ClamdReply {
    }

    /** {@code stream: <signature> FOUND}. */
    record Found(String signature) implements ClamdReply {
    }

    /** {@code ... ERROR} (e.g. {@code INSTREAM size limit exceeded. ERROR}) or a reply we do not understand. */
    record Error(String message) implements ClamdReply {
    }
}
