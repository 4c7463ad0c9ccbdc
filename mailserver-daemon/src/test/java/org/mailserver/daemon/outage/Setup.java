package org.mailserver.daemon.outage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.mailserver.core.testing.TestLdif;

/** What the outage tests share: the daemon's settings, the messages, the clients' time bound. */
final class Setup {
    /** How long a client waits for any one reply; every server timeout in these tests is well under it. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);
    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    private Setup() {
    }

    /**
     * The daemon on {@code smtp} only, the embedded directory on the test users, plus {@code more}
     * ({@code key=value}; a later key wins).
     */
    static List<String> settings(Path dir, int smtp, String... more) throws IOException {
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        List<String> s = new ArrayList<>(List.of("server.hostname=mx.example.test", "domains=example.test",
                "data.dir=" + dir.resolve("data"), "directory.ldif=" + ldif, "smtp.listen=127.0.0.1:" + smtp,
                "lmtp.listen=", "pop3.listen=", "imap.listen=", "submission.listen=", "submissions.listen=",
                "imaps.listen=", "pop3s.listen=", "limits.connections_per_address=1000"));
        s.addAll(List.of(more));
        return s;
    }

    /** A plain message (CRLF lines). */
    static String clean(int n) {
        return "From: Alice <alice@remote.test>\r\nTo: bob@example.test\r\nSubject: lunch " + n
                + "\r\nMessage-ID: <lunch." + n + "@remote.test>\r\n\r\nShall we meet for lunch on Tuesday at noon?\r\n";
    }

    /** A message whose attachment is the EICAR test file (clamd decodes MIME itself). */
    static String eicar(int n) {
        String b64 = Base64.getMimeEncoder().encodeToString(EICAR.getBytes(StandardCharsets.US_ASCII));
        return "From: a@remote.test\r\nTo: bob@example.test\r\nSubject: invoice " + n + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\n"
                + "See attached.\r\n--B\r\nContent-Type: application/octet-stream; name=\"eicar.com.txt\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + b64 + "\r\n--B--\r\n";
    }

    /** A message carrying SpamAssassin's GTUBE string. */
    static String gtube(int n) {
        return "From: a@remote.test\r\nTo: bob@example.test\r\nSubject: offer " + n + "\r\nMessage-ID: <gtube." + n
                + "@remote.test>\r\n\r\n" + GTUBE + "\r\n";
    }
}
