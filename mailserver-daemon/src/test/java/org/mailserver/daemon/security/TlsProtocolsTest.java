package org.mailserver.daemon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS versions and cipher suites as {@code openssl s_client} sees them, on the implicit-TLS ports
 * (submissions, imaps, pop3s) and after STARTTLS/STLS (MX, submission, LMTP, IMAP, POP3): TLS 1.2
 * and 1.3 are accepted, TLS 1.0 and 1.1 refused, and no weak suite (RC4, 3DES, DES, NULL, EXPORT,
 * anonymous, MD5) is ever negotiated. The client side is opened up with {@code @SECLEVEL=0} so that
 * it does offer the old versions and suites: a refusal is the server's.
 */
class TlsProtocolsTest {
    @TempDir
    static Path dir;
    static SecurityServer server;
    /** Suite names (OpenSSL's) that must never be negotiated. */
    static final Pattern WEAK = Pattern.compile("RC4|3DES|DES-CBC|(^|-)DES(-|$)|NULL|EXP|ADH|AECDH|anon|MD5|PSK|SRP|IDEA|SEED");
    static final String WEAK_SET = "RC4:3DES:DES:NULL:eNULL:aNULL:EXPORT:LOW:MD5:IDEA:SEED:@SECLEVEL=0";

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(run(List.of("openssl", "version")).exit == 0,
                "openssl is not installed (scripts/install-test-deps installs it)");
        server = SecurityServer.start(dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** listener[:starttls protocol] */
    @ParameterizedTest
    @ValueSource(strings = {"submissions", "imaps", "pop3s", "smtp:smtp", "submission:smtp", "lmtp:lmtp", "imap:imap",
            "pop3:pop3"})
    void onlyTls12AndUpWithoutWeakSuites(String target) throws Exception {
        Result v13 = sClient(target, "-tls1_3");
        assertTrue(v13.ok() && v13.out.contains("Protocol version: TLSv1.3"), target + " TLS 1.3: " + v13);
        Result v12 = sClient(target, "-tls1_2");
        assertTrue(v12.ok() && v12.out.contains("Protocol version: TLSv1.2"), target + " TLS 1.2: " + v12);
        assertFalse(WEAK.matcher(v12.cipher()).find(), v12.cipher());
        Result v11 = sClient(target, "-tls1_1", "-cipher", "ALL:@SECLEVEL=0");
        assertFalse(v11.ok(), target + " TLS 1.1 accepted: " + v11);
        // the client did offer it: a refusal by OpenSSL itself would say "no protocols available"
        assertFalse(v11.out.contains("no protocols available") || v11.out.contains("no ciphers available"), v11.out);
        Result v10 = sClient(target, "-tls1", "-cipher", "ALL:@SECLEVEL=0");
        assertFalse(v10.ok(), target + " TLS 1.0 accepted: " + v10);
        assertFalse(v10.out.contains("no protocols available") || v10.out.contains("no ciphers available"), v10.out);
        Result weak = sClient(target, "-tls1_2", "-cipher", WEAK_SET);
        assertFalse(weak.ok(), target + " weak suite accepted: " + weak);
        assertFalse(weak.out.contains("no ciphers available"), weak.out);
    }

    /**
     * Every TLS 1.2 suite this OpenSSL knows, one at a time, on an implicit-TLS port and after
     * STARTTLS: those the server accepts are all strong. The accepted list is printed for
     * docs/reliability.md.
     */
    @ParameterizedTest
    @ValueSource(strings = {"submissions", "smtp:smtp"})
    void everyAcceptedTls12SuiteIsStrong(String target) throws Exception {
        Result list = run(List.of("openssl", "ciphers", "-v", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"));
        assertEquals(0, list.exit, list.out);
        List<String> accepted = new ArrayList<>();
        int tried = 0;
        for (String line : list.out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || f[1].equals("TLSv1.3")) {
                continue;
            }
            tried++;
            Result r = sClient(target, "-tls1_2", "-cipher", f[0] + ":@SECLEVEL=0");
            if (r.ok()) {
                accepted.add(f[0]);
            }
        }
        System.out.println("TLS 1.2 suites accepted on " + target + " (" + accepted.size() + " of " + tried + "): "
                + String.join(" ", accepted));
        assertFalse(accepted.isEmpty());
        for (String suite : accepted) {
            assertFalse(WEAK.matcher(suite).find(), target + " accepts " + suite);
            // Mozilla's intermediate set: forward secrecy (ECDHE, DHE) and an AEAD cipher only
            assertTrue(suite.matches("(ECDHE|DHE)-(RSA|ECDSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)"),
                    target + " accepts " + suite + " (no forward secrecy or not AEAD)");
        }
    }

    @Test
    void theHarnessSeesARefusal() throws Exception {
        // a client offering only NULL-SHA over TLS 1.2 is refused, and the refusal is what sClient reports
        Result r = sClient("submissions", "-tls1_2", "-cipher", "NULL-SHA:@SECLEVEL=0");
        assertFalse(r.ok(), r.toString());
        assertFalse(r.out.contains("Protocol version"), r.toString());
    }

    private static Result sClient(String target, String... options) throws Exception {
        String[] t = target.split(":");
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-brief", "-connect",
                "127.0.0.1:" + server.port(t[0])));
        if (t.length > 1) {
            cmd.addAll(List.of("-starttls", t[1]));
        }
        cmd.addAll(List.of(options));
        return run(cmd);
    }

    private static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timeout: " + cmd);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    record Result(int exit, String out) {
        boolean ok() {
            return exit == 0 && out.contains("Protocol version");
        }

        String cipher() {
            for (String l : out.split("\n")) {
                if (l.startsWith("Ciphersuite: ")) {
                    return l.substring("Ciphersuite: ".length()).trim();
                }
            }
            return "";
        }
    }
}
