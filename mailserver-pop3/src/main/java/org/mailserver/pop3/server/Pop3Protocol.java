package org.mailserver.pop3.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import org.mailserver.core.transport.LineDecoder;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.Protocol;
import org.mailserver.core.transport.ServerContext;
import org.mailserver.store.MailStore;

/**
 * POP3 (RFC 1939) with CAPA and response codes (RFC 2449), STLS (RFC 2595) and AUTH (RFC 5034).
 *
 * <p>Build one instance and serve every POP3 listener ({@code pop3}, {@code pop3s}) with it: the
 * maildrop locks that allow one session per maildrop live here. The transport adds connection
 * limits, implicit TLS and the idle timer before {@link #initChannel}.
 */
public final class Pop3Protocol implements Protocol {
    private final ServerContext context;
    private final MailStore store;
    private final MaildropLocks locks = new MaildropLocks();
    private final boolean plaintextAuth;

    /** Logins only under TLS or from a loopback address (RFC 8314 4.1; {@code auth.plaintext} off). */
    public Pop3Protocol(ServerContext context, MailStore store) {
        this(context, store, false);
    }

    /**
     * @param plaintextAuth {@code auth.plaintext}: USER/PASS and AUTH also on an unencrypted
     *     connection from a non-loopback address
     */
    public Pop3Protocol(ServerContext context, MailStore store, boolean plaintextAuth) {
        this.context = context;
        this.store = store;
        this.plaintextAuth = plaintextAuth;
    }

    @Override
    public String name() {
        return Pop3Session.PROTOCOL;
    }

    @Override
    public String tooManyConnectionsReply() {
        return "-ERR [SYS/TEMP] too many connections, try again later";
    }

    @Override
    public void initChannel(Channel channel, ListenerConfig listener) {
        ChannelPipeline p = channel.pipeline();
        p.addLast("pop3-lines", new LineDecoder(listener.maxLineLength()));
        p.addLast("pop3-replies", Pop3ReplyEncoder.INSTANCE);
        p.addLast("pop3-session", new Pop3Dispatcher(new Pop3Session(channel, context, store, locks, listener,
                plaintextAuth)));
    }

    /** The maildrop locks of this protocol's sessions (for tests and diagnostics). */
    public MaildropLocks locks() {
        return locks;
    }
}
