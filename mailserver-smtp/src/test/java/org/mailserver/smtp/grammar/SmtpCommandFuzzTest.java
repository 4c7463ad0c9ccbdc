package org.mailserver.smtp.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Coverage-guided fuzzing (Jazzer) of the SMTP and LMTP command parser: one line, decoded as the
 * line decoder does (UTF-8), through {@link CommandParser}, then the DSN parameters of MAIL and RCPT
 * through {@link DsnParser}. LMTP has no parser of its own: LHLO is parsed here.
 *
 * <p>Invariants: the parser never throws and never returns null; a refusal is a 5xx reply; whatever
 * it accepts has no control character in it and keeps the values the grammar bounds (SIZE, BDAT).
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the inputs in {@code SmtpCommandFuzzTestInputs/} as
 * regression tests; with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration} (docs/reliability.md).
 */
class SmtpCommandFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void commandLine(byte[] data) {
        String line = new String(data, StandardCharsets.UTF_8);
        SmtpCommand command = CommandParser.parse(line);
        assertNotNull(command, line);
        if (command instanceof SmtpCommand.Invalid invalid) {
            assertTrue(invalid.reply().isPermanent(), invalid.reply().summary());
            return;
        }
        assertFalse(line.chars().anyMatch(Character::isISOControl), "accepted a control character: " + line);
        if (command instanceof SmtpCommand.Mail mail) {
            assertPath(mail.from());
            assertTrue(mail.parameters().size() >= -1);
            dsn(mail.parameters().others());
        } else if (command instanceof SmtpCommand.Rcpt rcpt) {
            assertPath(rcpt.to());
            dsn(rcpt.parameters());
        } else if (command instanceof SmtpCommand.Bdat bdat) {
            assertTrue(bdat.size() >= 0);
        } else if (command instanceof SmtpCommand.Auth auth) {
            assertEquals(auth.mechanism().strip(), auth.mechanism());
        }
    }

    private static void assertPath(MailPath path) {
        assertNotNull(path.localPart());
        assertNotNull(path.domain());
        assertNotNull(path.toString());
    }

    /** The DSN values as the handlers decode them: null means refused, never an exception. */
    private static void dsn(Map<String, String> parameters) {
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "RET" -> DsnParser.ret(v);
                case "ENVID" -> DsnParser.envid(v);
                case "NOTIFY" -> DsnParser.notify(v);
                case "ORCPT" -> DsnParser.orcpt(v);
                default -> Xtext.decode(v);
            }
        }
    }
}
