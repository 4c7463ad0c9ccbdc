package org.mailserver.imap.server;

import org.mailserver.imap.grammar.FetchAttribute;
import org.mailserver.imap.grammar.ImapStrings;

/** How a FETCH response names a body section (RFC 3501 7.4.2 {@code msg-att-static}). */
final class SectionNames {
    private SectionNames() {
    }

    /** {@code BODY[1.HEADER.FIELDS (SUBJECT)]<0>}, or {@code RFC822} and friends under their own name. */
    static String of(FetchAttribute.BodySection section) {
        if (section.legacyName() != null) {
            return section.legacyName();
        }
        StringBuilder out = new StringBuilder("BODY[");
        for (int i = 0; i < section.part().size(); i++) {
            if (i > 0) {
                out.append('.');
            }
            out.append(section.part().get(i));
        }
        String kind = switch (section.kind()) {
            case WHOLE -> "";
            case HEADER -> "HEADER";
            case HEADER_FIELDS -> "HEADER.FIELDS";
            case HEADER_FIELDS_NOT -> "HEADER.FIELDS.NOT";
            case TEXT -> "TEXT";
            case MIME -> "MIME";
        };
        if (!kind.isEmpty()) {
            out.append(section.part().isEmpty() ? "" : ".").append(kind);
        }
        if (!section.fields().isEmpty()) {
            out.append(" (");
            for (int i = 0; i < section.fields().size(); i++) {
                out.append(i > 0 ? " " : "").append(ImapStrings.astring(section.fields().get(i)));
            }
            out.append(')');
        }
        out.append(']');
        if (section.partialStart() >= 0) {
            out.append('<').append(section.partialStart()).append('>');
        }
        return out.toString();
    }
}
