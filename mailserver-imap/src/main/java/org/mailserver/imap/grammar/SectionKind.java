package org.mailserver.imap.grammar;

/** What part of a body part a {@code BODY[...]} section names (RFC 3501 6.4.5). */
public enum SectionKind {
    /** {@code BODY[]} or {@code BODY[1.2]}: the whole message, or a part's body. */
    WHOLE,
    /** {@code HEADER}: the header, with its ending empty line. */
    HEADER,
    /** {@code HEADER.FIELDS (...)}. */
    HEADER_FIELDS,
    /** {@code HEADER.FIELDS.NOT (...)}. */
    HEADER_FIELDS_NOT,
    /** {@code TEXT}: the body after the header. */
    TEXT,
    /** {@code 1.MIME}: a part's MIME header. */
    MIME
}
