package org.mailserver.daemon;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mailserver.core.config.ConfigException;
import org.mailserver.core.directory.DirectoryConfig;

/**
 * {@code mailserver user add|passwd|disable|enable|list ...}: the operator's user management, on the
 * embedded directory's LDIF file ({@code directory.ldif}) or, when {@code directory.url} is set, on
 * the external LDAP server (bound as {@code directory.bind.dn}). Passwords are stored as
 * {@code {SSHA}}; they are read from stdin, or asked twice when stdin is a terminal. Exit status: 0
 * done, 1 refused or failed (nothing changed), 2 usage or configuration error.
 */
final class UserCommand {
    static final String USAGE = String.join("\n",
            "usage: mailserver user add UID ADDRESS [--password-stdin]",
            "       mailserver user passwd UID          (the password from stdin, or asked on a terminal)",
            "       mailserver user disable UID | enable UID",
            "       mailserver user list",
            "       each with [--config DIR] [--set key=value]...");
    /** Words after {@code user}, by subcommand. */
    private static final Map<String, Integer> WORDS = Map.of("add", 3, "passwd", 2, "disable", 2, "enable", 2,
            "list", 1);

    private UserCommand() {
    }

    /** Runs the command; returns the exit status. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        List<String> words = new ArrayList<>();
        List<String> options = new ArrayList<>();
        boolean passwordStdin = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config", "--set" -> {
                    options.add(args[i]);
                    if (i + 1 < args.length) {
                        options.add(args[++i]);
                    }
                }
                case "--password-stdin" -> passwordStdin = true;
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> words.add(args[i]);
            }
        }
        if (words.isEmpty() || !WORDS.containsKey(words.get(0)) || WORDS.get(words.get(0)) != words.size()) {
            err.println(USAGE);
            return 2;
        }
        Configuration config;
        try {
            CommandLine cl = CommandLine.parse(options.toArray(String[]::new));
            config = Configuration.load(cl.configDir(), cl.overrides());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (ConfigException e) {
            err.println("mailserver: the configuration has " + e.problems().size() + " problem(s):");
            e.problems().forEach(p -> err.println("  " + p));
            return 2;
        }
        String command = words.get(0);
        char[] password = null;
        try {
            if (command.equals("add") || command.equals("passwd")) {
                // Before the directory is opened: the LDIF stays unlocked while someone types.
                password = password(passwordStdin, command.equals("passwd"), in);
            }
            try (UserEntries entries = open(config.directory())) {
                UserAdmin admin = new UserAdmin(entries, config.directory());
                if (command.equals("list")) {
                    list(admin.list(), out);
                    return 0;
                }
                String login = words.get(1);
                String done = switch (command) {
                    case "add" -> add(admin, login, words.get(2), SshaPassword.hash(password), config, err);
                    case "passwd" -> "password of " + admin.setPassword(login, SshaPassword.hash(password))
                            + " changed";
                    case "disable" -> admin.setStatus(login, "disabled")
                            + " disabled: no logins, mail to it refused (550 5.2.1)";
                    default -> admin.setStatus(login, "active") + " enabled (accountStatus: active)";
                };
                entries.commit();
                out.println("user: " + done);
                out.println("user: " + entries.afterChange());
                return 0;
            }
        } catch (UserAdmin.Refused | IOException e) {
            err.println("user: " + e.getMessage());
            return 1;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static UserEntries open(DirectoryConfig directory) throws IOException {
        return directory.isEmbedded() ? LdifEntries.open(directory.ldif().orElseThrow(), directory.base())
                : LdapEntries.connect(directory);
    }

    private static String add(UserAdmin admin, String uid, String mail, String hash, Configuration config,
                              PrintStream err) throws IOException, UserAdmin.Refused {
        UserAdmin.Account added = admin.add(uid, mail, hash);
        String domain = added.mail().substring(added.mail().lastIndexOf('@') + 1);
        if (!config.server().domains().contains(domain)) {
            err.println("user: warning: " + domain + " is not in domains (" + String.join(", ",
                    config.server().domains()) + "): mail to " + added.mail() + " is not accepted until it is");
        }
        if (!admin.findsByLogin(uid, added.dn())) {
            err.println("user: warning: directory.filter.login does not find " + added.dn() + " by '" + uid
                    + "': that login will not work");
        }
        return "added " + added.dn() + " <" + added.mail() + ">";
    }

    private static void list(List<UserAdmin.Account> accounts, PrintStream out) {
        int uidWidth = 3;
        int mailWidth = 7;
        for (UserAdmin.Account a : accounts) {
            uidWidth = Math.max(uidWidth, String.valueOf(a.uid()).length());
            mailWidth = Math.max(mailWidth, String.valueOf(a.mail()).length());
        }
        String format = "%-" + uidWidth + "s  %-" + mailWidth + "s  %-8s  %s%n";
        out.printf(format, "UID", "ADDRESS", "STATUS", "OTHER ADDRESSES");
        for (UserAdmin.Account a : accounts) {
            out.printf(format, a.uid(), a.mail(), a.status(), String.join(", ", a.alternates()));
        }
    }

    /** Asked twice on a terminal (unless {@code fromStdin}), else the first line of stdin. */
    private static char[] password(boolean fromStdin, boolean stdinWithoutFlag, InputStream in)
            throws IOException, UserAdmin.Refused {
        Console console = System.console();
        if (!fromStdin && console != null) {
            char[] first = console.readPassword("New password: ");
            char[] second = console.readPassword("Again: ");
            try {
                if (first == null || second == null || first.length == 0) {
                    throw new UserAdmin.Refused("no password given");
                }
                if (!Arrays.equals(first, second)) {
                    throw new UserAdmin.Refused("the two passwords differ");
                }
                return first.clone();
            } finally {
                Arrays.fill(first == null ? new char[0] : first, '\0');
                Arrays.fill(second == null ? new char[0] : second, '\0');
            }
        }
        if (!fromStdin && !stdinWithoutFlag) {
            throw new UserAdmin.Refused("no terminal to ask for the password: give it on stdin with --password-stdin");
        }
        char[] password = firstLine(in);
        if (password.length == 0) {
            throw new UserAdmin.Refused("no password on stdin (one line is read)");
        }
        return password;
    }

    /** The first line of {@code in} without its line end, as UTF-8, never held in a {@code String}. */
    private static char[] firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 0, length));
            char[] password = new char[chars.remaining()];
            chars.get(password);
            Arrays.fill(chars.array(), '\0');
            return password;
        } catch (CharacterCodingException e) {
            throw new IOException("the password on stdin is not UTF-8", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
