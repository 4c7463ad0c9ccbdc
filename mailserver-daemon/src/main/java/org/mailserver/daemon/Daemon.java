package org.mailserver.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.mailserver.core.auth.LoginThrottle;
import org.mailserver.core.config.ServerConfig;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.directory.Directories;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.directory.ReloadableDirectory;
import org.mailserver.core.reload.Reloadable;
import org.mailserver.core.tls.ReloadableSslContext;
import org.mailserver.core.exec.BlockingExecutor;
import org.mailserver.core.tls.TlsContexts;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.Listeners;
import org.mailserver.core.transport.Protocol;
import org.mailserver.core.transport.ServerContext;
import org.mailserver.lmtp.LmtpProtocol;
import org.mailserver.imap.server.ImapConfig;
import org.mailserver.imap.server.ImapProtocol;
import org.mailserver.pop3.server.Pop3Protocol;
import org.mailserver.core.dns.DnsResolver;
import org.mailserver.smtp.queue.QueueConfig;
import org.mailserver.smtp.queue.QueueManager;
import org.mailserver.smtp.queue.RetryPolicy;
import org.mailserver.smtp.server.Dialect;
import org.mailserver.core.metrics.Metrics;
import org.mailserver.core.metrics.MetricsServer;
import org.mailserver.smtp.server.SmtpHooks;
import org.mailserver.smtp.server.SmtpProtocol;
import org.mailserver.smtp.server.SmtpRole;
import org.mailserver.smtp.server.SmtpServerConfig;
import org.mailserver.store.maildir.MaildirStore;
import org.mailserver.store.maildir.StructureCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running server: everything built with plain constructors, every listener on one event loop group. */
final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** Recipients per LMTP transaction; RFC 5321 4.5.3.1.8 asks for at least 100. */
    private static final int MAX_RECIPIENTS = 1000;
    /** Protocol errors before a session is closed with 421. */
    private static final int MAX_ERRORS = 10;
    /** The largest IMAP literal other than an APPEND message: mailbox names, search strings. */
    private static final int IMAP_MAX_LITERAL = 64 * 1024;

    private final ServerConfig config;
    private final BlockingExecutor executor;
    private final Directory directory;
    private final MaildirStore store;
    private final QueueManager queue;
    private final Reloadable<Filters> filters;
    private final MetricsServer metrics;
    private final Listeners listeners;
    private final Reloader reloader;

    private Daemon(ServerConfig config, BlockingExecutor executor, Directory directory, MaildirStore store,
                   QueueManager queue, Reloadable<Filters> filters, MetricsServer metrics, Listeners listeners,
                   Reloader reloader) {
        this.config = config;
        this.executor = executor;
        this.directory = directory;
        this.store = store;
        this.queue = queue;
        this.filters = filters;
        this.metrics = metrics;
        this.listeners = listeners;
        this.reloader = reloader;
    }

    static Daemon start(Configuration configuration) throws IOException, InterruptedException {
        ServerConfig c = configuration.server();
        LOG.info("mailserver {} starting: hostname={} domains={} data={}", Version.get(), c.hostname(),
                c.domains(), c.dataDir());
        for (String key : configuration.notYetUsed()) {
            LOG.warn("configuration key {} is set but has no effect in this version", key);
        }
        Files.createDirectories(c.dataDir());
        Path lmtpSpool = Spool.prepare(c.dataDir().resolve("spool").resolve("lmtp"));
        Path smtpSpool = Spool.prepare(c.dataDir().resolve("spool").resolve("smtp"));
        Path imapSpool = Spool.prepare(c.dataDir().resolve("spool").resolve("imap"));
        Path smtpState = Files.createDirectories(c.dataDir().resolve("state").resolve("smtp"));
        // TLS, directory, filters and transport map are swapped on reload (Reloader); the rest is fixed
        ReloadableSslContext tls = new ReloadableSslContext(
                TlsContexts.server(c.tlsCert(), c.tlsKey(), c.dataDir(), c.hostname()));
        BlockingExecutor executor = new BlockingExecutor(c.executorThreads(), c.executorQueue());
        // one registry for every module, served only when metrics.listen is set
        Metrics metrics = new Metrics();
        // a replaced directory is closed on the thread of its last call: a blocking one, never an event loop
        ReloadableDirectory directory = new ReloadableDirectory(Directories.open(configuration.directory(), metrics),
                Directory::close);
        MaildirStore store = new MaildirStore(c.mailstorePath(), c.hostname());
        metrics.cache("mime_structure", StructureCache.shared()::stats);
        LocalDelivery delivery = metrics.measured(store); // SMTP, LMTP and the queue's local copies
        QueueManager queue = new QueueManager(QueueConfig.of(c.dataDir().resolve("queue"), c.hostname(),
                new RetryPolicy(configuration.relay().retryIntervals(), configuration.relay().maxAge()),
                configuration.transportMap()).withLocalDomains(c.domains()),
                Dns.resolver(configuration.relay(), metrics), delivery, directory, metrics);
        queue.start();
        // read once per connection; a replaced set needs no close (Filters.takeOver handles the greylist)
        Reloadable<Filters> filters = new Reloadable<>(Filters.build(configuration.filters(), metrics), f -> { });
        MetricsServer metricsServer = configuration.metrics().isPresent()
                ? MetricsServer.start(configuration.metrics().get().host(), configuration.metrics().get().port(),
                        metrics) : null;
        LoginThrottle throttle = new LoginThrottle(c.auth()); // one for every protocol: a lockout is everywhere
        ServerContext ctx = new ServerContext(c.hostname(), c.domains(), tls, executor, directory, throttle, metrics);
        Listeners listeners = new Listeners(0, tls, metrics);
        Reloader reloader = new Reloader(configuration, metrics, tls, directory, filters, queue);
        Daemon daemon = new Daemon(c, executor, directory, store, queue, filters, metricsServer, listeners, reloader);
        try {
            Protocol lmtp = new LmtpProtocol(ctx, delivery, new SmtpServerConfig(Dialect.LMTP, c.maxMessageSize(),
                    MAX_RECIPIENTS, MAX_ERRORS, lmtpSpool, c.spoolThreshold()), SmtpHooks.NONE);
            Protocol pop3 = new Pop3Protocol(ctx, store, configuration.imap().plaintextAuth());
            SmtpServerConfig smtpConfig = new SmtpServerConfig(Dialect.ESMTP, c.maxMessageSize(), MAX_RECIPIENTS,
                    MAX_ERRORS, smtpSpool, c.spoolThreshold(), configuration.trustedNetworks(), smtpState);
            Protocol imap = new ImapProtocol(ctx, store, new ImapConfig(imapSpool, c.spoolThreshold(), IMAP_MAX_LITERAL,
                    configuration.imap().appendLimit(), configuration.imap().plaintextAuth(),
                    configuration.imap().idlePoll()));
            for (Map.Entry<String, ListenerConfig> e : c.listeners().entrySet()) {
                Protocol p = switch (e.getKey()) {
                    case "lmtp" -> lmtp;
                    case "pop3", "pop3s" -> pop3;
                    case "imap", "imaps" -> imap;
                    default -> {
                        SmtpRole role = SmtpRole.forListener(e.getKey());
                        yield new SmtpProtocol(ctx, delivery, queue, smtpConfig, role, role == SmtpRole.MX
                                ? () -> filters.get().mxHooks : () -> filters.get().submissionHooks);
                    }
                };
                listeners.bind(e.getValue(), p);
            }
        } catch (RuntimeException | InterruptedException e) {
            daemon.stop();
            throw e;
        }
        LOG.info("mailserver ready: {} listener(s)", c.listeners().size());
        return daemon;
    }

    /** Reloads the configuration now, on the caller's thread (what SIGHUP runs, on a thread of its own). */
    Reloader.Outcome reload() {
        return reloader.reload();
    }

    /** The configuration the reloadable parts run with now. */
    Configuration applied() {
        return reloader.applied();
    }

    /** SIGHUP's action: starts a reload on the reload thread and returns at once. */
    void requestReload() {
        reloader.request();
    }

    /** Connections open now on all listeners. */
    int openConnections() {
        return listeners.openConnections();
    }

    /** SIGTERM: stop accepting, let sessions finish their command (bounded), then release everything. */
    void stop() {
        LOG.info("stopping: no new connections; waiting up to {} for {} open session(s)",
                config.shutdownGrace(), listeners.openConnections());
        listeners.stopAccepting();
        reloader.close();
        try {
            if (!listeners.drain(config.shutdownGrace().toMillis())) {
                LOG.warn("stopping: {} session(s) still open after {}; closing them",
                        listeners.openConnections(), config.shutdownGrace());
            }
            listeners.close();
            queue.stop();
            filters.get().close();
            if (metrics != null) {
                metrics.close();
            }
            executor.shutdown(config.shutdownGrace().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.close();
        directory.close();
        store.close();
        LOG.info("stopped");
    }
}
