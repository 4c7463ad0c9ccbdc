package org.mailserver.store.mime;

import java.util.List;

/**
 * Rough heap size of a parsed structure, for the cache's weigher: 64-bit JVM with compressed
 * references (12-octet object headers, 4-octet references, 8-octet alignment) and compact strings.
 * Interned tokens are counted as if they were not shared, so the estimate errs on the high side.
 */
final class SizeEstimate {

    private SizeEstimate() {
    }

    static long of(MimePart part) {
        long n = align(12 + 3 * 8 + 8 + 14 * 4);
        n += string(part.type()) + string(part.subtype()) + string(part.contentId()) + string(part.description())
                + string(part.encoding()) + string(part.md5()) + string(part.location());
        n += list(part.parameters());
        for (MimeParameter p : part.parameters()) {
            n += parameter(p);
        }
        ContentDisposition d = part.disposition();
        if (d != null) {
            n += align(12 + 2 * 4) + string(d.type()) + list(d.parameters());
            for (MimeParameter p : d.parameters()) {
                n += parameter(p);
            }
        }
        n += list(part.languages());
        for (String l : part.languages()) {
            n += string(l);
        }
        n += list(part.children());
        for (MimePart child : part.children()) {
            n += of(child);
        }
        if (part.message() != null) {
            n += of(part.message());
        }
        if (part.envelope() != null) {
            n += envelope(part.envelope());
        }
        return n;
    }

    private static long envelope(Envelope e) {
        long n = align(12 + 10 * 4) + string(e.date()) + string(e.subject()) + string(e.inReplyTo())
                + string(e.messageId());
        n += addresses(e.from()) + addresses(e.to()) + addresses(e.cc()) + addresses(e.bcc());
        if (e.sender() != e.from()) {
            n += addresses(e.sender());
        }
        if (e.replyTo() != e.from()) {
            n += addresses(e.replyTo());
        }
        return n;
    }

    private static long addresses(List<EnvelopeAddress> list) {
        long n = list(list);
        for (EnvelopeAddress a : list) {
            n += align(12 + 4 * 4) + string(a.name()) + string(a.adl()) + string(a.mailbox()) + string(a.host());
        }
        return n;
    }

    private static long parameter(MimeParameter p) {
        return align(12 + 4 * 4) + string(p.name()) + string(p.value()) + string(p.charset()) + string(p.language());
    }

    private static long list(List<?> list) {
        return list.isEmpty() ? 0 : align(16) + align(16 + 4L * list.size());
    }

    private static long string(String s) {
        if (s == null) {
            return 0;
        }
        boolean latin1 = s.chars().allMatch(c -> c < 0x100);
        return align(24) + align(16 + (long) s.length() * (latin1 ? 1 : 2));
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }
}
