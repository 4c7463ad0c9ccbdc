package org.mailserver.imap.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.Protocol;
import org.mailserver.core.transport.ServerContext;
import org.mailserver.store.MailStore;

/**
 * IMAP4rev1 (RFC 3501) with the extensions listed in {@link Capabilities}.
 *
 * <p>Build one instance and serve every IMAP listener ({@code imap}, {@code imaps}) with it: the
 * \Recent bookkeeping shared by its sessions lives here. The transport adds connection limits,
 * implicit TLS and the idle timer before {@link #initChannel}.
 */
public final class ImapProtocol implements Protocol {
    private final ServerContext context;
    private final MailStore store;
    private final ImapConfig config;
    private final RecentTracker recent = new RecentTracker();
    private final ScanTimes scans = new ScanTimes();

    public ImapProtocol(ServerContext context, MailStore store, ImapConfig config) {
        this.context = context;
        this.store = store;
        this.config = config;
    }

    @Override
    public String name() {
        return ImapSession.PROTOCOL;
    }

    @Override
    public String tooManyConnectionsReply() {
        return "* BYE [UNAVAILABLE] too many connections, try again later";
    }

    @Override
    public void initChannel(Channel channel, ListenerConfig listener) {
        ChannelPipeline p = channel.pipeline();
        p.addLast("imap-frames", new ImapDecoder(listener.maxLineLength(), config.maxLiteral(), config.appendLimit(),
                config.spoolDir(), config.spoolThreshold(), context.executor()));
        p.addLast("imap-responses", ImapResponseEncoder.INSTANCE);
        p.addLast("imap-session", new ImapDispatcher(new ImapSession(channel, context, store, config, listener, recent, scans)));
    }
}
