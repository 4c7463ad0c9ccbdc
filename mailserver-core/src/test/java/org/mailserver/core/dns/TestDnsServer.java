package org.mailserver.core.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative DNS server on a UDP socket for tests: answers canned records per name and
 * type, NXDOMAIN or SERVFAIL per name, and NOERROR with no data otherwise. Built with dnsjava's
 * wire format, so the resolver under test parses real DNS messages.
 */
public final class TestDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<String, List<Record>> records = new ConcurrentHashMap<>();
    private final Map<String, Integer> rcodes = new ConcurrentHashMap<>();
    private final Thread thread;

    public TestDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "test-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Adds records in zone-file syntax, e.g. {@code add("example.test.", Type.MX, "10 mx.example.test.")}. */
    public TestDnsServer add(String name, int type, String rdata) throws IOException {
        Record r = Record.fromString(org.xbill.DNS.Name.fromString(name), type, org.xbill.DNS.DClass.IN, 60, rdata,
                org.xbill.DNS.Name.root);
        records.merge(key(name, type), List.of(r), (a, b) -> {
            List<Record> l = new java.util.ArrayList<>(a);
            l.addAll(b);
            return l;
        });
        return this;
    }

    /** Every query for {@code name} answers with {@code rcode} (e.g. {@link Rcode#NXDOMAIN}). */
    public TestDnsServer rcode(String name, int rcode) {
        rcodes.put(name.toLowerCase(), rcode);
        return this;
    }

    /** Queries for {@code name} of {@code type} only answer with {@code rcode} (e.g. SERVFAIL for A alone). */
    public TestDnsServer rcode(String name, int type, int rcode) {
        rcodes.put(key(name, type), rcode);
        return this;
    }

    private static String key(String name, int type) {
        return name.toLowerCase() + "/" + Type.string(type);
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                Message query = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                Record q = query.getQuestion();
                Message response = new Message(query.getHeader().getID());
                response.getHeader().setFlag(Flags.QR);
                response.getHeader().setFlag(Flags.AA);
                response.addRecord(q, Section.QUESTION);
                String name = q.getName().toString().toLowerCase();
                Integer rcode = rcodes.getOrDefault(name, rcodes.get(key(name, q.getType())));
                if (rcode != null) {
                    response.getHeader().setRcode(rcode);
                } else {
                    for (Record r : records.getOrDefault(key(name, q.getType()), List.of())) {
                        response.addRecord(r, Section.ANSWER);
                    }
                }
                byte[] out = response.toWire();
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (IOException e) {
                // closed, or a malformed packet: keep serving until closed
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
