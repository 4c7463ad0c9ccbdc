package org.mailserver.imap.server;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.compression.ZlibWrapper;
import org.mailserver.imap.grammar.ImapCommand;

/**
 * COMPRESS DEFLATE (RFC 4978): after the tagged OK, which goes out uncompressed, both directions are
 * raw DEFLATE (RFC 1951, no zlib header). Netty's encoder ends every write with a sync flush, so each
 * response reaches the client at once, as RFC 4978 4 asks. The codecs sit between TLS and the IMAP
 * framing: compression happens inside TLS, as the RFC describes.
 */
final class CompressProcessor implements Processor<ImapCommand.Compress> {
    static final String INFLATE = "imap-inflate";
    static final String DEFLATE = "imap-deflate";

    @Override
    public void process(ImapSession s, ImapCommand.Compress command) {
        if (!command.mechanism().equalsIgnoreCase("DEFLATE")) {
            s.bad(command, "unknown compression mechanism " + command.mechanism());
            return;
        }
        ChannelPipeline pipeline = s.channel().pipeline();
        if (pipeline.get(DEFLATE) != null) {
            s.no(command, "[COMPRESSIONACTIVE] DEFLATE is already active"); // RFC 4978 3
            return;
        }
        // Written and flushed before the codecs go in: the OK itself is not compressed.
        s.channel().writeAndFlush(command.tag() + " OK DEFLATE active\r\n");
        pipeline.addBefore("imap-frames", INFLATE, ZlibCodecFactory.newZlibDecoder(ZlibWrapper.NONE));
        pipeline.addBefore("imap-frames", DEFLATE, ZlibCodecFactory.newZlibEncoder(ZlibWrapper.NONE));
        s.finish();
    }
}
