package org.mailserver.daemon;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.ldif.LDIFWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An LDIF file (RFC 2849) edited as text, so that everything not changed stays byte for byte: other
 * entries, comments, line folding, blank lines, the line ends. A record is a run of non-blank lines;
 * a logical line is a physical line and the continuation lines (starting with one space) after it.
 * Not thread-safe; one instance per edit.
 */
final class LdifText {
    private final List<String> lines;
    private final String newline;

    private LdifText(List<String> lines, String newline) {
        this.lines = lines;
        this.newline = newline;
    }

    static LdifText parse(String text) {
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the text's final line end
        }
        return new LdifText(lines, newline);
    }

    /** The text, every line ended with the original's line end. */
    String text() {
        StringBuilder out = new StringBuilder();
        lines.forEach(l -> out.append(l).append(newline));
        return out.toString();
    }

    /** The entries in file order; records without a {@code dn:} ({@code version: 1}, comments) are skipped. */
    List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (int[] r : records()) {
            Entry e = entry(r);
            if (e != null) {
                entries.add(e);
            }
        }
        return entries;
    }

    /**
     * Replaces every value of {@code attribute} (options such as {@code ;binary} included) in the
     * entry {@code dn} with {@code value}: at the place of the first old value, or after the entry's
     * last line when it had none.
     *
     * @throws IOException if no entry has that DN
     */
    void replace(DN dn, String attribute, String value) throws IOException {
        int[] r = record(dn);
        int insertAt = -1;
        int end = r[1];
        int i = r[0];
        while (i < end) {
            int next = i + 1;
            while (next < end && lines.get(next).startsWith(" ")) {
                next++; // continuation lines belong to the line they continue
            }
            if (isAttribute(lines.get(i), attribute)) {
                lines.subList(i, next).clear();
                end -= next - i;
                insertAt = insertAt < 0 ? i : insertAt;
            } else {
                i = next;
            }
        }
        StringBuilder line = new StringBuilder();
        LDIFWriter.encodeNameAndValue(attribute, new ASN1OctetString(value), line, 0); // 0: one line, not folded
        lines.add(insertAt < 0 ? end : insertAt, line.toString());
    }

    /** Appends {@code entry} as a new record at the end, after a blank line. */
    void append(Entry entry) {
        if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
            lines.add("");
        }
        lines.addAll(Arrays.asList(entry.toLDIF(0)));
    }

    /** The line range of the record holding {@code dn}. */
    private int[] record(DN dn) throws IOException {
        for (int[] r : records()) {
            Entry e = entry(r);
            if (e != null && dn.equals(parsedDn(e))) {
                return r;
            }
        }
        throw new IOException("no entry " + dn);
    }

    /** {@code [first, end)} line ranges of the records: runs of non-blank lines. */
    private List<int[]> records() {
        List<int[]> records = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= lines.size(); i++) {
            boolean blank = i == lines.size() || lines.get(i).isBlank();
            if (blank && start >= 0) {
                records.add(new int[] {start, i});
                start = -1;
            } else if (!blank && start < 0) {
                start = i;
            }
        }
        return records;
    }

    /** The record's entry, or null for a record without {@code dn:}. */
    private Entry entry(int[] record) throws IOException {
        List<String> content = new ArrayList<>();
        boolean inComment = false;
        for (String line : lines.subList(record[0], record[1])) {
            if (line.startsWith(" ")) {
                if (!inComment) {
                    content.add(line);
                }
                continue;
            }
            inComment = line.startsWith("#");
            if (!inComment) {
                content.add(line);
            }
        }
        if (content.isEmpty() || !content.get(0).regionMatches(true, 0, "dn:", 0, 3)) {
            return null;
        }
        try {
            return LDIFReader.decodeEntry(content.toArray(String[]::new));
        } catch (LDIFException e) {
            throw new IOException("line " + (record[0] + 1) + ": " + e.getExceptionMessage(), e);
        }
    }

    /** Whether the logical line starting with {@code line} holds a value of {@code attribute}. */
    private static boolean isAttribute(String line, String attribute) {
        if (line.startsWith("#")) {
            return false;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String description = line.substring(0, colon);
        int semicolon = description.indexOf(';');
        String name = semicolon < 0 ? description : description.substring(0, semicolon);
        return name.equalsIgnoreCase(attribute);
    }

    static DN parsedDn(Entry e) throws IOException {
        try {
            return e.getParsedDN();
        } catch (LDAPException ex) {
            throw new IOException("'" + e.getDN() + "' is not a DN: " + ex.getMessage(), ex);
        }
    }
}
