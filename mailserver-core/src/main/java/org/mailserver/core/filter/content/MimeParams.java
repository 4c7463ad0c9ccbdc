package org.mailserver.core.filter.content;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * A second, decoded form of a header for matching, so that {@code filename="=?UTF-8?B?...?="}
 * (RFC 2047, which MUAs use although RFC 2047 5 forbids it in parameters) and
 * {@code filename*=UTF-8''evil%2Eexe} (RFC 2231 3-4, also split into {@code filename*0*=} sections)
 * are caught by a map written for {@code filename="evil.exe"}. Postfix matches raw lines only; the raw
 * line is always matched first.
 */
final class MimeParams {
    // RFC 2231 3: name*N*=value, name*N=value, name*=value
    private static final Pattern EXTENDED = Pattern.compile(
            ";\\s*([A-Za-z0-9!#$&+.^_`{|}~-]+)\\*(?:(\\d{1,3})(\\*)?|())\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^;\\s]*)");

    private MimeParams() {
    }

    /** The decoded form of {@code header} ({@code Name: value}), or null when it has nothing to decode. */
    static String decoded(String header) {
        boolean words = header.contains("=?");
        boolean extended = header.indexOf("*=") > 0 || header.contains("*0=") || header.contains("*1=");
        if (!words && !extended) {
            return null;
        }
        StringBuilder out = new StringBuilder(words ? DecoderUtil.decodeEncodedWords(header, DecodeMonitor.SILENT) : header);
        if (extended) {
            Map<String, TreeMap<Integer, String[]>> params = new TreeMap<>();
            Matcher m = EXTENDED.matcher(header);
            while (m.find()) {
                int section = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
                boolean encoded = m.group(2) == null || m.group(3) != null;
                String v = m.group(5);
                if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
                    v = v.substring(1, v.length() - 1).replaceAll("\\\\(.)", "$1");
                }
                params.computeIfAbsent(m.group(1).toLowerCase(java.util.Locale.ROOT), k -> new TreeMap<>())
                        .put(section, new String[] {v, encoded ? "*" : ""});
            }
            params.forEach((name, sections) -> out.append("; ").append(name).append("=\"").append(join(sections)).append('"'));
        }
        return out.toString();
    }

    /** RFC 2231 4: the first section carries {@code charset'language'}, encoded sections are %-escaped. */
    private static String join(TreeMap<Integer, String[]> sections) {
        Charset charset = StandardCharsets.UTF_8;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean first = true;
        for (String[] s : sections.values()) {
            String v = s[0];
            boolean encoded = !s[1].isEmpty();
            if (first && encoded) {
                int q1 = v.indexOf('\'');
                int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
                if (q2 > 0) {
                    try {
                        charset = Charset.forName(v.substring(0, q1));
                    } catch (RuntimeException e) {
                        charset = StandardCharsets.UTF_8;
                    }
                    v = v.substring(q2 + 1);
                }
            }
            first = false;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (encoded && c == '%' && i + 2 < v.length()
                        && Character.digit(v.charAt(i + 1), 16) >= 0 && Character.digit(v.charAt(i + 2), 16) >= 0) {
                    bytes.write(Character.digit(v.charAt(i + 1), 16) * 16 + Character.digit(v.charAt(i + 2), 16));
                    i += 2;
                } else {
                    byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                    bytes.write(b, 0, b.length);
                }
            }
        }
        return bytes.toString(charset);
    }
}
