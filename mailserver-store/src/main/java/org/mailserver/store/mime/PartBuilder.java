package org.mailserver.store.mime;

import java.util.ArrayList;
import java.util.List;

/** The mutable fields of a {@link MimePart} while the parser reads it. */
final class PartBuilder {
    long headerStart;
    long bodyStart;
    long end;
    long lines;
    String type;
    String subtype;
    List<MimeParameter> parameters = List.of();
    /** The multipart boundary as written (octets), or null. */
    byte[] boundary;
    String id;
    String description;
    String encoding;
    String md5;
    ContentDisposition disposition;
    List<String> languages = List.of();
    String location;
    List<MimePart> children;
    MimePart message;
    Envelope envelope;

    void addChild(MimePart child) {
        if (children == null) {
            children = new ArrayList<>();
        }
        children.add(child);
    }

    /** Too deep to parse further: the part becomes opaque text/plain (RFC 2045's default). */
    void makeOpaque() {
        type = "text";
        subtype = "plain";
        parameters = List.of();
        boundary = null;
    }

    MimePart build() {
        return new MimePart(this);
    }
}
