package org.mailserver.daemon;

import io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.mailserver.core.config.ConfigException;
import org.mailserver.core.config.ServerConfig;
import org.mailserver.core.directory.Directories;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.directory.ReloadableDirectory;
import org.mailserver.core.metrics.Metrics;
import org.mailserver.core.reload.Reloadable;
import org.mailserver.core.tls.ReloadableSslContext;
import org.mailserver.core.tls.TlsContexts;
import org.mailserver.smtp.queue.QueueManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the configuration while the server runs (SIGHUP, {@code systemctl reload}), without
 * dropping a connection: the TLS certificate, the directory settings, the filters and their maps
 * (header, MIME header and body checks), and the transport map.
 *
 * <p>Steps: 1. read and validate the whole configuration again; 2. see what changed against the one
 * running; 3. build every changed part beside the running one (TLS key and certificate loaded,
 * filters built, directory opened and asked one question); 4. only if all of that worked, swap them
 * in; 5. log one line. Any failure before the swap changes nothing: the line says why and the running
 * configuration stays. Keys that need a restart (listeners, data.dir, limits, ...) are named in a
 * warning and left as they are.
 *
 * <p>Sessions keep what they began with: a connection keeps its filter set and its TLS engine, a
 * directory call finishes on the directory it began on (the old one is closed after the last such
 * call). New connections, handshakes and calls get the new parts.
 *
 * <p>Threading: {@link #request()} is called from the signal handler and returns at once; the work
 * runs on a thread of its own ("reload"), one reload at a time. {@link #reload()} runs it on the caller.
 */
final class Reloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

    /** What a reload did: applied (or nothing to apply) or refused, and the line that was logged. */
    record Outcome(boolean applied, String line) {
    }

    private final Metrics metrics;
    private final ReloadableSslContext tls;
    private final ReloadableDirectory directory;
    private final Reloadable<Filters> filters;
    private final QueueManager queue;
    private final Configuration started;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reload");
        t.setDaemon(true);
        return t;
    });
    /** Set at stop: a reload not yet swapped in is given up, so nothing new is left running. */
    private volatile boolean stopping;
    private Configuration applied;
    private Map<String, String> appliedPrints;

    Reloader(Configuration started, Metrics metrics, ReloadableSslContext tls, ReloadableDirectory directory,
             Reloadable<Filters> filters, QueueManager queue) {
        this.started = started;
        this.applied = started;
        this.appliedPrints = ConfigChanges.fingerprints(started.values());
        this.metrics = metrics;
        this.tls = tls;
        this.directory = directory;
        this.filters = filters;
        this.queue = queue;
    }

    /** From the signal handler: reloads on the reload thread, telling systemd (RELOADING=1, then READY=1). */
    Future<Outcome> request() {
        try {
            return worker.submit(() -> {
                SystemdNotify.reloading();
                try {
                    return reload();
                } finally {
                    SystemdNotify.ready();
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("reload: not started, the server is stopping");
            return CompletableFuture.completedFuture(new Outcome(false, "stopping"));
        }
    }

    /** Reloads now on the calling thread (blocks: file I/O, LDAP); never on an event loop. */
    synchronized Outcome reload() {
        if (stopping) {
            return refused("the server is stopping");
        }
        long start = System.nanoTime();
        Configuration.Source source = started.source();
        Map<String, String> prints = ConfigChanges.fingerprints(source.values()); // before the parse: see ConfigChanges
        Configuration next;
        try {
            next = source.load();
        } catch (ConfigException e) {
            return refused(e.problems().size() + " problem(s) in the configuration: "
                    + String.join("; ", e.problems()));
        }
        // against the start: the listeners and the rest stay as they were bound, however many reloads since
        List<String> restart = ConfigChanges.changed(started.values(), Map.of(), next.values(), Map.of(),
                k -> ConfigChanges.part(k) == null);
        if (!restart.isEmpty()) {
            LOG.warn("reload: {} changed but need(s) a restart to take effect; running with the old value(s)",
                    String.join(", ", restart));
            // what is rebuilt must see those keys as they were at start too (a filter reads
            // server.hostname, smtp.trusted_networks, dns.servers), or its parts disagree with the rest
            try {
                next = pinned(source, restart).load();
            } catch (ConfigException e) {
                return refused(e.problems().size() + " problem(s) in the configuration: "
                        + String.join("; ", e.problems()));
            }
        }
        List<String> changed = ConfigChanges.changed(applied.values(), appliedPrints, next.values(), prints,
                k -> ConfigChanges.part(k) != null);
        if (changed.isEmpty()) {
            String line = "reload: nothing to apply (no reloadable setting or file changed)";
            LOG.info(line);
            return new Outcome(true, line);
        }
        Set<ConfigChanges.Part> parts = EnumSet.noneOf(ConfigChanges.Part.class);
        changed.forEach(c -> parts.add(ConfigChanges.partOf(c)));
        // 3. build every changed part; nothing running is touched yet
        SslContext newTls = null;
        Filters newFilters = null;
        Directory newDirectory = null;
        try {
            if (parts.contains(ConfigChanges.Part.TLS)) {
                ServerConfig c = next.server();
                newTls = TlsContexts.server(c.tlsCert(), c.tlsKey(), started.server().dataDir(),
                        started.server().hostname());
            }
            if (parts.contains(ConfigChanges.Part.FILTERS)) {
                newFilters = Filters.rebuild(next.filters(), metrics, filters.get());
            }
            if (parts.contains(ConfigChanges.Part.DIRECTORY)) {
                newDirectory = Directories.open(next.directory(), metrics);
                probe(newDirectory);
            }
        } catch (Exception e) {
            if (newFilters != null) {
                newFilters.close(); // closes nothing it shares with the running set
            }
            if (newDirectory != null) {
                newDirectory.close();
                Directories.exportStats(directory.current(), metrics); // opening it took over the cache metrics
            }
            return refused(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        if (stopping) { // stopped while this was built (e.g. a slow LDAP probe): close what was built
            if (newFilters != null) {
                newFilters.close();
            }
            if (newDirectory != null) {
                newDirectory.close();
            }
            return refused("the server is stopping");
        }
        // 4. swap
        if (newTls != null) {
            tls.swap(newTls);
        }
        if (parts.contains(ConfigChanges.Part.TRANSPORT)) {
            queue.transportMap(next.transportMap());
        }
        if (newFilters != null) {
            newFilters.takeOver(filters.swap(newFilters));
        }
        if (newDirectory != null) {
            directory.swap(newDirectory); // the old one closes after its last call
        }
        applied = next;
        appliedPrints = prints;
        String line = "reload: applied in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                + " ms; changed: " + String.join(", ", changed);
        LOG.info(line);
        return new Outcome(true, line);
    }

    /** {@code source} with {@code keys} overridden by their values at start (their defaults if unset then). */
    private Configuration.Source pinned(Configuration.Source source, List<String> keys) {
        List<String> overrides = new ArrayList<>(source.overrides());
        Map<String, String> atStart = started.values();
        for (String k : keys) {
            overrides.add(k + "=" + atStart.getOrDefault(k, ConfigChanges.defaultValue(k)));
        }
        return new Configuration.Source(source.configDir(), overrides);
    }

    /** The configuration the running parts were built from. */
    synchronized Configuration applied() {
        return applied;
    }

    /** One lookup, so that an LDAP server that cannot be reached or bound to refuses the reload. */
    private void probe(Directory d) throws Exception {
        String domain = started.server().domains().stream().findFirst().orElse(started.server().hostname());
        d.findByAddress("postmaster@" + domain);
    }

    private static Outcome refused(String reason) {
        String line = "reload refused, the running configuration stays: " + reason;
        LOG.error(line);
        return new Outcome(false, line);
    }

    /** At stop: waits (bounded) for a reload in progress, then ends the reload thread. */
    @Override
    public void close() {
        stopping = true;
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("reload: still running at stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
