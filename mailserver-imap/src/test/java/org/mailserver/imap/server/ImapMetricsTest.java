package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mailserver.core.metrics.Metrics;
import org.mailserver.core.testing.PrometheusText;
import org.mailserver.imap.grammar.ImapCommand;

/** IMAP's command counter and IDLE gauge, registered once per registry. */
class ImapMetricsTest {

    @Test
    void everyCommandHasALabelOfItsOwnFromTheServersNames() {
        Class<?>[] commands = ImapCommand.class.getPermittedSubclasses();
        Set<String> labels = Arrays.stream(commands).map(ImapMetrics::label).collect(Collectors.toSet());
        assertEquals(commands.length, labels.size(), labels.toString());
        assertEquals("LIST", ImapMetrics.label(ImapCommand.ListMailboxes.class));
        assertEquals("STARTTLS", ImapMetrics.label(ImapCommand.StartTls.class));
        assertEquals("GETQUOTAROOT", ImapMetrics.label(ImapCommand.GetQuotaRoot.class));
    }

    @Test
    void countsCommandsAndIdleSessions() {
        Metrics metrics = new Metrics();
        ImapMetrics imap = ImapMetrics.of(metrics);
        assertSame(imap, ImapMetrics.of(metrics), "registered once");
        imap.command(new ImapCommand.Noop("a1"));
        imap.command(new ImapCommand.Noop("a2"));
        imap.command(new ImapCommand.Select("a3", "INBOX", true, false, null)); // EXAMINE
        imap.idleStarted();
        imap.idleStarted();
        imap.idleEnded();
        imap.protocol().loginSucceeded();
        PrometheusText t = PrometheusText.of(metrics);
        assertEquals(2, t.value("mailserver_imap_commands_total", "command", "NOOP"));
        assertEquals(1, t.value("mailserver_imap_commands_total", "command", "SELECT"));
        assertEquals(0, t.value("mailserver_imap_commands_total", "command", "FETCH"));
        assertEquals(1, t.value("mailserver_imap_idle_sessions"));
        assertEquals(1, t.value("mailserver_logins_total", "protocol", "imap", "result", "success"));
    }
}
