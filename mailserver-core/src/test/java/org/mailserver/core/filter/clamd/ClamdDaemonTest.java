package org.mailserver.core.filter.clamd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.testing.ScannerDaemon;
import org.mailserver.core.testing.TestMessageSource;

/**
 * ClamdFilter against a real ClamAV clamd started by the test with a private configuration and a
 * signature database holding only the EICAR test file's MD5 (no freshclam download), as
 * ../shared/acceptance/daemons.py does; StreamMaxLength is 1 MiB to exercise clamd's own limit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClamdDaemonTest {
    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    @TempDir
    static Path dir;
    static ScannerDaemon clamd;

    @BeforeAll
    static void start() throws Exception {
        Path binary = ScannerDaemon.require("clamd", "clamav-daemon");
        Path db = Files.createDirectories(dir.resolve("clamdb"));
        byte[] eicar = EICAR.getBytes(StandardCharsets.US_ASCII);
        String md5 = String.format("%032x", new BigInteger(1, MessageDigest.getInstance("MD5").digest(eicar)));
        Files.writeString(db.resolve("test.hdb"), md5 + ":" + eicar.length + ":Eicar-Test-Signature\n");
        clamd = ScannerDaemon.start("clamd", dir, Duration.ofSeconds(120), port -> {
            Path conf = dir.resolve("clamd.conf");
            try {
                Files.writeString(conf, "DatabaseDirectory " + db + "\nTCPSocket " + port + "\nTCPAddr 127.0.0.1\n"
                        + "Foreground yes\nUser root\nPidFile " + dir.resolve("clamd.pid") + "\nStreamMaxLength 1M\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return List.of(binary.toString(), "-c", conf.toString());
        });
    }

    @AfterAll
    static void stop() {
        if (clamd != null) {
            clamd.close();
        }
    }

    private static ClamdFilter filter(boolean defer) {
        return new ClamdFilter(new ClamdConfig("127.0.0.1", clamd.port(), 26214400, Duration.ofSeconds(60), defer));
    }

    private static MessageSource withAttachment(String content) {
        String b64 = Base64.getMimeEncoder().encodeToString(content.getBytes(StandardCharsets.US_ASCII));
        return TestMessageSource.of("From: a@example.test\nTo: b@example.test\nSubject: invoice\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: text/plain\n\nSee attached.\n"
                + "--B\nContent-Type: application/octet-stream; name=\"eicar.com.txt\"\nContent-Transfer-Encoding: base64\n\n"
                + b64 + "\n--B--\n");
    }

    @Test
    @Order(1)
    void eicarInABase64AttachmentIsRejected() throws Exception {
        FilterVerdict v = filter(true).check(Stage.DATA, ClamdFilterTest.data(withAttachment(EICAR), null));
        FilterVerdict.Reject r = assertInstanceOf(FilterVerdict.Reject.class, v, () -> v + "\n" + clamd.logTail());
        assertEquals(554, r.refusal().code());
        assertTrue(r.refusal().text().matches("Virus found: Eicar-Test-Signature(\\.UNOFFICIAL)? \\(policy virus\\)"),
                r.refusal().text());
    }

    @Test
    @Order(2)
    void authenticatedSessionsAreScannedToo() throws Exception {
        assertInstanceOf(FilterVerdict.Reject.class, filter(true).check(Stage.DATA, ClamdFilterTest.data(withAttachment(EICAR), "alice")));
    }

    @Test
    @Order(3)
    void plainMessageAndHarmlessAttachmentPass() throws Exception {
        assertEquals(FilterVerdict.CONTINUE, filter(true).check(Stage.DATA, ClamdFilterTest.data(withAttachment("just text"), null)));
        assertEquals(FilterVerdict.CONTINUE, filter(true).check(Stage.DATA,
                ClamdFilterTest.data(TestMessageSource.of("From: a@example.test\nSubject: hi\n\nhello\n"), null)));
    }

    @Test
    @Order(4)
    void overClamdsStreamMaxLengthDefers() throws Exception {
        FilterVerdict v = filter(true).check(Stage.DATA, ClamdFilterTest.data(TestMessageSource.filler(3 << 20), null));
        FilterVerdict.Defer d = assertInstanceOf(FilterVerdict.Defer.class, v, () -> v + "\n" + clamd.logTail());
        assertTrue(d.refusal().rule().startsWith("scanner unavailable: "), d.refusal().rule());
    }

    @Test
    @Order(100)
    void stoppedClamdDefersOrContinues() throws Exception {
        clamd.close();
        MessageSource m = withAttachment(EICAR);
        FilterVerdict.Defer d = assertInstanceOf(FilterVerdict.Defer.class, filter(true).check(Stage.DATA, ClamdFilterTest.data(m, null)));
        assertEquals(451, d.refusal().code());
        assertEquals("4.7.1", d.refusal().status());
        assertEquals("Try again later (policy virus: scanner unavailable)", d.refusal().text());
        assertEquals(FilterVerdict.CONTINUE, filter(false).check(Stage.DATA, ClamdFilterTest.data(m, null)));
    }
}
