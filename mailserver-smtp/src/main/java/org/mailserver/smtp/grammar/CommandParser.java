package org.mailserver.smtp.grammar;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses one command line (without its CRLF) into a {@link SmtpCommand}. Pure grammar, no I/O;
 * never throws on client input: a bad line becomes {@link SmtpCommand.Invalid} with its reply.
 *
 * <p>Verbs are case-insensitive (RFC 5321 2.4). Lines with control characters are refused whole
 * (a CR or NUL inside a command is an attempt to confuse a later hop). {@code MAIL FROM: <a@b>}
 * with a space after the colon is accepted, as most servers do, though RFC 5321 has none.
 */
public final class CommandParser {

    private CommandParser() {
    }

    public static SmtpCommand parse(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isISOControl(line.charAt(i))) {
                return invalid(500, EnhancedStatus.SYNTAX, "Control characters are not allowed in commands");
            }
        }
        int sp = line.indexOf(' ');
        String verb = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
        String arg = sp < 0 ? "" : line.substring(sp + 1);
        switch (verb) {
            case "HELO":
            case "EHLO":
            case "LHLO":
                return hello(verb, arg.strip());
            case "MAIL":
                return mail(arg);
            case "RCPT":
                return rcpt(arg);
            case "DATA":
                return noArgument(arg, new SmtpCommand.Data());
            case "RSET":
                return noArgument(arg, new SmtpCommand.Rset());
            case "QUIT":
                return noArgument(arg, new SmtpCommand.Quit());
            case "STARTTLS":
                return noArgument(arg, new SmtpCommand.StartTls());
            case "NOOP":
                return new SmtpCommand.Noop();
            case "VRFY":
                return arg.isBlank() ? invalid(501, EnhancedStatus.BAD_PARAMETER, "Syntax: VRFY address")
                        : new SmtpCommand.Vrfy(arg.strip());
            case "HELP":
                return new SmtpCommand.Help(arg.strip());
            case "AUTH":
                return auth(arg);
            case "BDAT":
                return bdat(arg);
            default:
                return invalid(500, EnhancedStatus.INVALID_COMMAND, "Command unrecognized");
        }
    }

    private static SmtpCommand hello(String verb, String arg) {
        // RFC 5321 4.1.1.1: one domain or address literal. Extra words are refused so that a
        // client's junk never lands in a Received header; the header code sanitises it anyway.
        if (arg.isEmpty() || arg.indexOf(' ') >= 0) {
            return invalid(501, EnhancedStatus.BAD_PARAMETER, "Syntax: " + verb + " hostname");
        }
        switch (verb) {
            case "HELO":
                return new SmtpCommand.Helo(arg);
            case "EHLO":
                return new SmtpCommand.Ehlo(arg);
            default:
                return new SmtpCommand.Lhlo(arg);
        }
    }

    private static SmtpCommand mail(String arg) {
        int start = prefix(arg, "FROM:");
        if (start < 0) {
            return invalid(501, EnhancedStatus.BAD_PARAMETER, "Syntax: MAIL FROM:<address>");
        }
        PathParser.Result r = PathParser.parse(arg, start, true, false);
        if (r == null) {
            return invalid(501, EnhancedStatus.BAD_SENDER_SYNTAX, "Bad sender address syntax");
        }
        Map<String, String> params = parameters(arg, r.end());
        if (params == null) {
            return invalid(501, EnhancedStatus.BAD_PARAMETER, "Bad parameter syntax");
        }
        long size = -1;
        BodyType body = BodyType.SEVEN_BIT;
        boolean utf8 = false;
        Map<String, String> others = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "SIZE":
                    // RFC 1870: size-value ::= 1*20DIGIT
                    if (!v.matches("[0-9]{1,18}")) {
                        return invalid(501, EnhancedStatus.BAD_PARAMETER, "Bad SIZE value");
                    }
                    size = Long.parseLong(v);
                    break;
                case "BODY":
                    body = BodyType.parse(v);
                    if (body == null) {
                        return invalid(501, EnhancedStatus.BAD_PARAMETER, "Bad BODY value");
                    }
                    break;
                case "SMTPUTF8":
                    if (!v.isEmpty()) {
                        return invalid(501, EnhancedStatus.BAD_PARAMETER, "SMTPUTF8 takes no value");
                    }
                    utf8 = true;
                    break;
                default:
                    others.put(e.getKey(), v);
            }
        }
        return new SmtpCommand.Mail(r.path(), new MailParameters(size, body, utf8, others));
    }

    private static SmtpCommand rcpt(String arg) {
        int start = prefix(arg, "TO:");
        if (start < 0) {
            return invalid(501, EnhancedStatus.BAD_PARAMETER, "Syntax: RCPT TO:<address>");
        }
        PathParser.Result r = PathParser.parse(arg, start, false, true);
        if (r == null) {
            return invalid(501, EnhancedStatus.BAD_RECIPIENT_SYNTAX, "Bad recipient address syntax");
        }
        Map<String, String> params = parameters(arg, r.end());
        if (params == null) {
            return invalid(501, EnhancedStatus.BAD_PARAMETER, "Bad parameter syntax");
        }
        return new SmtpCommand.Rcpt(r.path(), params);
    }

    /** RFC 4954 4: {@code AUTH SP sasl-mech [SP initial-response]}; mechanism names are 1-20 chars. */
    private static SmtpCommand auth(String arg) {
        String[] words = arg.strip().split(" ", -1);
        if (arg.isBlank() || words.length > 2 || !words[0].matches("[A-Za-z0-9_-]{1,20}")
                || words.length == 2 && words[1].isEmpty()) {
            return invalid(501, EnhancedStatus.SYNTAX, "Syntax: AUTH mechanism [initial-response]");
        }
        return new SmtpCommand.Auth(words[0].toUpperCase(Locale.ROOT), words.length == 2 ? words[1] : null);
    }

    /** RFC 3030 2: {@code BDAT SP chunk-size [SP end-marker]}, chunk-size ::= 1*DIGIT, end-marker ::= "LAST". */
    private static SmtpCommand bdat(String arg) {
        String[] words = arg.strip().split(" ", -1);
        if (arg.isBlank() || words.length > 2 || !words[0].matches("[0-9]{1,18}")
                || words.length == 2 && !words[1].equalsIgnoreCase("LAST")) {
            return invalid(501, EnhancedStatus.BAD_PARAMETER, "Syntax: BDAT size [LAST]");
        }
        return new SmtpCommand.Bdat(Long.parseLong(words[0]), words.length == 2);
    }

    /** Index after {@code FROM:} / {@code TO:} (case-insensitive) and optional spaces, or -1. */
    private static int prefix(String arg, String keyword) {
        if (!arg.regionMatches(true, 0, keyword, 0, keyword.length())) {
            return -1;
        }
        int i = keyword.length();
        while (i < arg.length() && arg.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /**
     * {@code *(SP esmtp-param)} of RFC 5321 4.1.2: keyword {@code (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")},
     * value {@code 1*(%d33-60 / %d62-126)} (plus UTF-8, RFC 6531). Null when malformed or repeated.
     */
    static Map<String, String> parameters(String arg, int from) {
        Map<String, String> out = new LinkedHashMap<>();
        String rest = arg.substring(from);
        if (rest.isBlank()) {
            return out;
        }
        if (rest.charAt(0) != ' ') {
            return null;
        }
        for (String param : rest.strip().split(" +")) {
            int eq = param.indexOf('=');
            String key = (eq < 0 ? param : param.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? "" : param.substring(eq + 1);
            if (!key.matches("[A-Z0-9][A-Z0-9-]*") || eq >= 0 && value.isEmpty() || value.indexOf('=') >= 0
                    || out.put(key, value) != null) {
                return null;
            }
        }
        return out;
    }

    private static SmtpCommand noArgument(String arg, SmtpCommand command) {
        return arg.isBlank() ? command : invalid(501, EnhancedStatus.BAD_PARAMETER, "No parameters allowed");
    }

    private static SmtpCommand invalid(int code, EnhancedStatus status, String text) {
        return new SmtpCommand.Invalid(Reply.of(code, status, text));
    }
}
