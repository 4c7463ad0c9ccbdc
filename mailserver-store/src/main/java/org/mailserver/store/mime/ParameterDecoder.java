package org.mailserver.store.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.james.mime4j.stream.NameValuePair;

/**
 * RFC 2231 parameter value continuations and charset/language information, applied to the
 * parameters Mime4j's {@code RawFieldParser} returns (it unquotes values but knows nothing of
 * RFC 2231). Mime4j-core's own {@code MimeParameterMapping} does RFC 2231 too, but into an
 * unordered map with lower-cased names; IMAP wants header order.
 *
 * <p>Parameters keep the order of their first appearance. A name given twice keeps its first value;
 * an RFC 2231 form ({@code name*}, {@code name*0}) wins over a plain one of the same name. Sections
 * are joined in numeric order. An unknown charset is read as UTF-8 when valid, else ISO-8859-1.
 */
final class ParameterDecoder {

    private ParameterDecoder() {
    }

    private static final class Group {
        final String name;
        String plain;
        final TreeMap<Integer, NameValuePair> sections = new TreeMap<>();
        final TreeMap<Integer, Boolean> encoded = new TreeMap<>();

        Group(String name) {
            this.name = name;
        }
    }

    /** The parameters of a parsed field, values in ISO-8859-1 (one char per octet) as Mime4j returns them. */
    static List<MimeParameter> decode(List<NameValuePair> raw) {
        if (raw.isEmpty()) {
            return List.of();
        }
        Map<String, Group> groups = new LinkedHashMap<>();
        for (NameValuePair pair : raw) {
            String name = HeaderText.trim(pair.getName());
            String value = pair.getValue();
            if (name == null || name.isEmpty() || value == null) {
                continue;
            }
            int star = name.indexOf('*');
            int section = -1;
            boolean isEncoded = false;
            String base = name;
            if (star > 0) {
                String rest = name.substring(star + 1);
                if (rest.isEmpty()) { // RFC 2231 4: name*=charset'lang'value
                    section = 0;
                    isEncoded = true;
                    base = name.substring(0, star);
                } else {
                    boolean trailingStar = rest.endsWith("*");
                    String digits = trailingStar ? rest.substring(0, rest.length() - 1) : rest;
                    if (!digits.isEmpty() && digits.length() <= 4 && digits.chars().allMatch(Character::isDigit)) {
                        section = Integer.parseInt(digits); // RFC 2231 3: name*0, name*1*, ...
                        isEncoded = trailingStar;
                        base = name.substring(0, star);
                    }
                }
            }
            String written = base;
            Group group = groups.computeIfAbsent(base.toLowerCase(Locale.ROOT), k -> new Group(HeaderText.token(written)));
            if (section < 0) {
                if (group.plain == null) {
                    group.plain = value;
                }
            } else if (!group.sections.containsKey(section)) {
                group.sections.put(section, pair);
                group.encoded.put(section, isEncoded);
            }
        }
        List<MimeParameter> out = new ArrayList<>(groups.size());
        for (Group group : groups.values()) {
            out.add(group.sections.isEmpty()
                    ? new MimeParameter(group.name, HeaderText.utf8IfValid(group.plain))
                    : joined(group));
        }
        return List.copyOf(out);
    }

    private static MimeParameter joined(Group group) {
        ByteArrayOutputStream octets = new ByteArrayOutputStream();
        String charset = null;
        String language = null;
        boolean first = true;
        for (Map.Entry<Integer, NameValuePair> e : group.sections.entrySet()) {
            String v = e.getValue().getValue();
            if (group.encoded.get(e.getKey())) {
                if (first) { // RFC 2231 4: only the first section carries charset'language'
                    int q1 = v.indexOf('\'');
                    int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
                    if (q2 >= 0) {
                        charset = v.substring(0, q1).trim();
                        language = v.substring(q1 + 1, q2).trim();
                        v = v.substring(q2 + 1);
                    }
                }
                percentDecode(v, octets);
            } else {
                octets.writeBytes(v.getBytes(StandardCharsets.ISO_8859_1));
            }
            first = false;
        }
        byte[] bytes = octets.toByteArray();
        Charset cs = lookup(charset);
        String value = cs != null ? new String(bytes, cs) : HeaderText.utf8IfValid(bytes);
        if (charset != null && charset.isEmpty()) {
            charset = value.chars().allMatch(c -> c < 0x80) ? "us-ascii" : "utf-8";
        }
        return new MimeParameter(group.name, value, HeaderText.token(charset),
                language == null || language.isEmpty() ? null : HeaderText.token(language));
    }

    private static void percentDecode(String v, ByteArrayOutputStream out) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '%' && i + 2 < v.length()
                    && Character.digit(v.charAt(i + 1), 16) >= 0 && Character.digit(v.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(v.charAt(i + 1), 16) * 16 + Character.digit(v.charAt(i + 2), 16));
                i += 2;
            } else {
                out.write(c & 0xff);
            }
        }
    }

    /** The charset of that name, or null for none or an unknown one. */
    static Charset lookup(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }
}
