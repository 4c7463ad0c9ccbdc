package org.mailserver.imap.server;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.mailserver.core.metrics.Metrics;
import org.mailserver.core.metrics.ProtocolMetrics;
import org.mailserver.imap.grammar.ImapCommand;

/**
 * IMAP's own metrics, registered once per {@link Metrics} ({@link #of}): {@code
 * mailserver_imap_commands_total{command}} and {@code mailserver_imap_idle_sessions}, plus the
 * protocol-neutral {@link ProtocolMetrics} of {@code imap}.
 *
 * <p>The command label is one per command record of {@link ImapCommand}, bound at start, so client
 * input never becomes a label: {@code UID FETCH} counts as {@code FETCH}, {@code EXAMINE} as {@code
 * SELECT}. Thread-safe; counting is an atomic add, never a lookup that allocates.
 */
final class ImapMetrics {
    private final Map<Class<?>, CounterDataPoint> commands;
    private final GaugeDataPoint idle;
    private final ProtocolMetrics protocol;

    private ImapMetrics(Metrics metrics) {
        Counter counter = Counter.builder().name("mailserver_imap_commands_total")
                .help("IMAP commands run (valid in the session's state), by command; UID forms count as the command")
                .labelNames("command").register(metrics.registry());
        Map<Class<?>, CounterDataPoint> byClass = new HashMap<>();
        for (Class<?> type : ImapCommand.class.getPermittedSubclasses()) {
            byClass.put(type, counter.labelValues(label(type)));
        }
        this.commands = Map.copyOf(byClass);
        this.idle = Gauge.builder().name("mailserver_imap_idle_sessions")
                .help("IMAP sessions in IDLE now").register(metrics.registry());
        this.protocol = metrics.protocol(ImapSession.PROTOCOL);
    }

    /** The IMAP metrics of {@code metrics}, registered on its first use. */
    static ImapMetrics of(Metrics metrics) {
        return metrics.component(ImapMetrics.class, ImapMetrics::new);
    }

    /** The command's name on the wire, without the UID prefix or the EXAMINE variant. */
    static String label(Class<?> type) {
        return type == ImapCommand.ListMailboxes.class ? "LIST" : type.getSimpleName().toUpperCase(Locale.ROOT);
    }

    /** Logins and APPENDs. */
    ProtocolMetrics protocol() {
        return protocol;
    }

    /** A command about to run. */
    void command(ImapCommand command) {
        CounterDataPoint c = commands.get(command.getClass());
        if (c != null) {
            c.inc();
        }
    }

    void idleStarted() {
        idle.inc();
    }

    void idleEnded() {
        idle.dec();
    }
}
