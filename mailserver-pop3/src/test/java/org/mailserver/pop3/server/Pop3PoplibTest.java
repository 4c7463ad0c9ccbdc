package org.mailserver.pop3.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.ssl.SslContext;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.directory.Directories;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.directory.DirectoryConfig;
import org.mailserver.core.exec.BlockingExecutor;
import org.mailserver.core.testing.TestLdif;
import org.mailserver.core.tls.TlsContexts;
import org.mailserver.store.maildir.MaildirStore;

/**
 * Python's poplib (the acceptance kit's client) against the server on the real Maildir store and
 * embedded directory, plain with STLS and implicit TLS sharing one protocol instance, as the daemon
 * runs them. Skipped when there is no python3.
 */
class Pop3PoplibTest {
    @TempDir
    Path tmp;

    @Test
    void poplibSpeaksToUs() throws Exception {
        assumeTrue(python() != null, "python3 not found");
        Path ldif = tmp.resolve("users.ldif");
        TestLdif.write(ldif);
        Path script = tmp.resolve("poplib_check.py");
        try (var in = getClass().getResourceAsStream("/poplib_check.py")) {
            Files.copy(in, script);
        }
        for (String[] m : new String[][] {{"bob", "one"}, {"bob", "two"}, {"alice", "three"}}) {
            Path root = tmp.resolve("mail/example.test/" + m[0]);
            for (String d : new String[] {"tmp", "new", "cur"}) {
                Files.createDirectories(root.resolve(d));
            }
            Files.writeString(root.resolve("new/" + System.nanoTime() + ".M1P1.test"),
                    "From: x@remote.test\r\nSubject: " + m[1] + "\r\n\r\n.body\r\n", StandardCharsets.UTF_8);
        }
        SslContext tls = TlsContexts.server(Optional.empty(), Optional.empty(), tmp, "pop.example.test");
        try (Directory directory = Directories.open(DirectoryConfig.embedded(ldif));
             MaildirStore store = new MaildirStore(tmp.resolve("mail").toAbsolutePath() + "/%d/%n", "test.example");
             Pop3TestServer plain = new Pop3TestServer(directory, store, tls, false, Duration.ofMinutes(10),
                     new BlockingExecutor(4, 100));
             Pop3TestServer pop3s = plain.alsoImplicitTls()) {
            ProcessBuilder pb = new ProcessBuilder(python(), script.toString(), String.valueOf(plain.port()),
                    String.valueOf(pop3s.port())).redirectErrorStream(true);
            pb.environment().put("ALICE_PW", TestLdif.PASSWORDS.get("alice"));
            pb.environment().put("BOB_PW", TestLdif.PASSWORDS.get("bob"));
            Process p = pb.start();
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("OK", done ? out.strip() : "timeout: " + out, out);
        }
    }

    private static String python() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, "python3");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}
