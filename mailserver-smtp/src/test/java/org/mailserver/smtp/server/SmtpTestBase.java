package org.mailserver.smtp.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.directory.AccountStatus;

/** The SMTP roles on a real socket with a fake directory, store and queue: the shared set-up of the transcripts. */
abstract class SmtpTestBase {
    static final String[] EHLO_PLAIN = {"S: 250-mx.example.test", "S: 250-PIPELINING", "S: 250-SIZE 52428800",
        "S: 250-ENHANCEDSTATUSCODES", "S: 250-8BITMIME", "S: 250-SMTPUTF8", "S: 250-CHUNKING", "S: 250-BINARYMIME",
        "S: 250-DSN", "S: 250 STARTTLS"};
    static final String[] EHLO_TLS = {"S: 250-mx.example.test", "S: 250-PIPELINING", "S: 250-SIZE 52428800",
        "S: 250-ENHANCEDSTATUSCODES", "S: 250-8BITMIME", "S: 250-SMTPUTF8", "S: 250-CHUNKING", "S: 250-BINARYMIME",
        "S: 250-DSN", "S: 250 AUTH PLAIN LOGIN"};

    @TempDir
    Path spool;
    final Fakes.FakeDirectory directory = new Fakes.FakeDirectory()
            .add(Fakes.user("bob", "bob@example.test", AccountStatus.ACTIVE, 0, "robert@example.org"))
            .add(Fakes.user("erin", "erin@example.test", AccountStatus.ACTIVE, 0))
            .add(Fakes.user("carol", "carol@example.test", AccountStatus.ACTIVE, 400))
            .password("bob", "bob-pw");
    final Fakes.FakeDelivery store = new Fakes.FakeDelivery();
    final Fakes.FakeQueue queue = new Fakes.FakeQueue();
    TestServer server;

    SmtpServerConfig config() {
        return SmtpServerConfig.defaults(Dialect.ESMTP, spool.resolve("spool")).withStateDir(spool.resolve("state"));
    }

    Client connect(SmtpRole role) throws Exception {
        return connect(role, config());
    }

    Client connect(SmtpRole role, SmtpServerConfig config) throws Exception {
        server = new TestServer(directory, store, queue, config, role, Duration.ofMinutes(5), SmtpHooks.NONE);
        Client c = new Client(server.port());
        if (role == SmtpRole.SUBMISSIONS) {
            c.startTls();
        }
        c.transcript("S: 220 mx.example.test ESMTP ready");
        return c;
    }

    /** EHLO, STARTTLS, EHLO again: the client is then under TLS and greeted. */
    static void startTls(Client c) throws Exception {
        c.transcript("C: EHLO client.example");
        c.transcript(EHLO_PLAIN);
        c.transcript("C: STARTTLS", "S: 220 2.0.0 Ready to start TLS");
        c.startTls();
        c.transcript("C: EHLO client.example");
        c.transcript(EHLO_TLS);
    }

    /** PLAIN's initial response for {@code user} / {@code password}. */
    static String plain(String user, String password) {
        return b64("\0" + user + "\0" + password);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    List<Fakes.FakeQueue.Entry> queued() {
        return queue.entries;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }
}
