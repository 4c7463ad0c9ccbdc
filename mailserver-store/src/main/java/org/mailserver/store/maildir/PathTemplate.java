package org.mailserver.store.maildir;

import java.nio.file.Path;
import java.util.Locale;
import org.mailserver.core.directory.User;

/**
 * {@code mailstore.path}: an absolute path with {@code %d} (domain of the primary address, lower
 * case), {@code %n} (its local part, lower case), {@code %u} (the uid) and {@code %%}. A value that
 * could leave the place meant for it is refused: empty, '/', a leading '.', "..", control characters.
 */
final class PathTemplate {

    private final String template;
    private final Path fixedPrefix;

    PathTemplate(String template) {
        if (template == null || !template.startsWith("/")) {
            throw new IllegalArgumentException("mailstore path must be absolute: " + template);
        }
        int percent = template.indexOf('%');
        if (percent < 0) {
            throw new IllegalArgumentException("mailstore path needs %d, %n or %u, else all users share one Maildir: " + template);
        }
        String fixed = template.substring(0, template.lastIndexOf('/', percent) + 1);
        this.template = template;
        this.fixedPrefix = Path.of(fixed).normalize();
        expand("example.test", "x", "x"); // checks the escapes once
    }

    /** The user's Maildir root. */
    Path expand(User user) {
        return expand(user.domain().toLowerCase(Locale.ROOT), user.localPart().toLowerCase(Locale.ROOT), user.uid());
    }

    Path expand(String domain, String localPart, String uid) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (++i == template.length()) {
                throw new IllegalArgumentException("mailstore path ends with '%': " + template);
            }
            switch (template.charAt(i)) {
                case 'd' -> out.append(checked("domain", domain));
                case 'n' -> out.append(checked("local part", localPart));
                case 'u' -> out.append(checked("uid", uid));
                case '%' -> out.append('%');
                default -> throw new IllegalArgumentException("unknown escape %" + template.charAt(i) + " in " + template);
            }
        }
        Path path = Path.of(out.toString()).normalize();
        if (!path.startsWith(fixedPrefix) || path.equals(fixedPrefix)) {
            throw new IllegalArgumentException("mail path outside " + fixedPrefix + ": " + path);
        }
        return path;
    }

    private static String checked(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("empty " + what + " in mail path");
        }
        if (value.startsWith(".") || value.contains("..") || value.indexOf('/') >= 0 || value.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("unsafe " + what + " in mail path: " + FolderNames.printable(value));
        }
        for (char c : value.toCharArray()) {
            if (c < ' ' || c == 127) {
                throw new IllegalArgumentException("control character in " + what + ": " + FolderNames.printable(value));
            }
        }
        return value;
    }
}
