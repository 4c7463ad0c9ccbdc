package org.mailserver.pop3.grammar;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Parses one command line (without CRLF) into a {@link Pop3Command}. Pure; thread-safe.
 *
 * <p>RFC 1939 3: a case-insensitive keyword, then arguments separated by single spaces. The parser
 * is lenient about repeated spaces between arguments but not about their number or form. PASS takes
 * the rest of the line as its argument, since a password may contain spaces (RFC 1939 7).
 *
 * <p>Other lines with a control character (NUL, a bare CR, ...) are refused whole: trimming would
 * turn {@code USER bob<NUL>} into {@code bob}, and a name that differs from what was sent is how
 * NUL truncation attacks on directories begin. A password is not a name and is passed on as sent.
 */
public final class Pop3Parser {
    private static final int MAX_NUMBER_DIGITS = 9;
    private static final int MAX_LINES_DIGITS = 18;

    private Pop3Parser() {
    }

    public static Pop3Command parse(String line) throws Pop3SyntaxException {
        int space = line.indexOf(' ');
        String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : line.substring(space + 1);
        if ("PASS".equals(keyword)) {
            if (rest.isEmpty()) {
                throw new Pop3SyntaxException("PASS needs a password");
            }
            return new Pop3Command.Pass(rest);
        }
        for (int i = 0; i < line.length(); i++) {
            if (Character.isISOControl(line.charAt(i))) {
                throw new Pop3SyntaxException("control characters are not allowed in commands");
            }
        }
        String[] args = rest.isBlank() ? new String[0] : rest.strip().split(" +");
        switch (keyword) {
            case "USER":
                exactly(args, 1, "USER name");
                return new Pop3Command.User(args[0]);
            case "AUTH":
                atMost(args, 2, "AUTH mechanism [initial-response]");
                return new Pop3Command.Auth(optional(args, 0), optional(args, 1));
            case "CAPA":
                exactly(args, 0, "CAPA");
                return new Pop3Command.Capa();
            case "STLS":
                exactly(args, 0, "STLS");
                return new Pop3Command.Stls();
            case "STAT":
                exactly(args, 0, "STAT");
                return new Pop3Command.Stat();
            case "LIST":
                atMost(args, 1, "LIST [msg]");
                return new Pop3Command.List(optionalNumber(args));
            case "UIDL":
                atMost(args, 1, "UIDL [msg]");
                return new Pop3Command.Uidl(optionalNumber(args));
            case "RETR":
                exactly(args, 1, "RETR msg");
                return new Pop3Command.Retr(number(args[0]));
            case "TOP":
                exactly(args, 2, "TOP msg lines");
                return new Pop3Command.Top(number(args[0]), digits(args[1], MAX_LINES_DIGITS, "line count"));
            case "DELE":
                exactly(args, 1, "DELE msg");
                return new Pop3Command.Dele(number(args[0]));
            case "RSET":
                exactly(args, 0, "RSET");
                return new Pop3Command.Rset();
            case "NOOP":
                exactly(args, 0, "NOOP");
                return new Pop3Command.Noop();
            case "QUIT":
                exactly(args, 0, "QUIT");
                return new Pop3Command.Quit();
            default:
                throw new Pop3SyntaxException("unknown command");
        }
    }

    private static void exactly(String[] args, int n, String usage) throws Pop3SyntaxException {
        if (args.length != n) {
            throw new Pop3SyntaxException("syntax: " + usage);
        }
    }

    private static void atMost(String[] args, int n, String usage) throws Pop3SyntaxException {
        if (args.length > n) {
            throw new Pop3SyntaxException("syntax: " + usage);
        }
    }

    private static Optional<String> optional(String[] args, int i) {
        return args.length > i ? Optional.of(args[i]) : Optional.empty();
    }

    private static OptionalInt optionalNumber(String[] args) throws Pop3SyntaxException {
        return args.length == 0 ? OptionalInt.empty() : OptionalInt.of(number(args[0]));
    }

    private static int number(String s) throws Pop3SyntaxException {
        return (int) digits(s, MAX_NUMBER_DIGITS, "message number");
    }

    private static long digits(String s, int maxDigits, String what) throws Pop3SyntaxException {
        if (s.isEmpty() || s.length() > maxDigits) {
            throw new Pop3SyntaxException("invalid " + what);
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new Pop3SyntaxException("invalid " + what);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
