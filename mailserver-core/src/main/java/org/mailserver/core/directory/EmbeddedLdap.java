package org.mailserver.core.directory;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.InMemoryPasswordEncoder;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UnboundID's in-memory LDAP server loaded from an LDIF file: the default directory, so a fresh
 * install needs no LDAP server. It has the standard schema plus qmail-ldap's {@code qmailUser}
 * (the classpath resource {@code qmail.schema.ldif}), verifies {@code {SSHA}}, {@code {SSHA256}},
 * {@code {SSHA384}}, {@code {SSHA512}}, {@code {SHA}}, {@code {SHA256}}, {@code {SHA384}},
 * {@code {SHA512}}, {@code {SMD5}}, {@code {MD5}} and clear-text {@code userPassword} values on
 * bind, and its naming contexts are the LDIF's top entries (those whose parent is not in the file).
 *
 * <p>It listens on an ephemeral port of the loopback address, so {@link LdapDirectory} reaches it
 * as it reaches any server and both backends share one code path. Searches need the service
 * account, whose password is random and known only to this process; writes are refused. Other
 * local users can still attempt binds on the port (not throttled like our logins).
 *
 * <p>The data are read once at start; edit the LDIF and restart to change users.
 */
public final class EmbeddedLdap implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLdap.class);
    /** The service account's DN: outside any naming context, it exists only as bind credentials. */
    public static final String SERVICE_DN = "cn=mailserver,cn=embedded";
    private static final String SCHEMA_RESOURCE = "qmail.schema.ldif";

    private final InMemoryDirectoryServer server;
    private final List<DN> baseDns;
    private final String servicePassword;

    private EmbeddedLdap(InMemoryDirectoryServer server, List<DN> baseDns, String servicePassword) {
        this.server = server;
        this.baseDns = baseDns;
        this.servicePassword = servicePassword;
    }

    /**
     * Loads {@code ldif} and starts listening on {@code 127.0.0.1} (an ephemeral port).
     *
     * @throws IOException if the file cannot be read, is not LDIF, or an entry breaks the schema
     *     (the message names the file, and the line or entry)
     */
    public static EmbeddedLdap start(Path ldif) throws IOException {
        List<Entry> entries = read(ldif);
        List<DN> bases = topEntries(entries);
        if (bases.isEmpty()) {
            throw new IOException(ldif + ": no entries");
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String servicePassword = Base64.getEncoder().encodeToString(random);
        InMemoryDirectoryServer server;
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(bases.toArray(new DN[0]));
            config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), qmailSchema()));
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback",
                    InetAddress.getLoopbackAddress(), 0, null));
            config.addAdditionalBindCredentials(SERVICE_DN, servicePassword);
            config.setAllowedOperationTypes(OperationType.BIND, OperationType.SEARCH, OperationType.COMPARE,
                    OperationType.ABANDON, OperationType.UNBIND);
            config.setAuthenticationRequiredOperationTypes(OperationType.SEARCH, OperationType.COMPARE);
            passwordEncoders(config);
            server = new InMemoryDirectoryServer(config);
            for (Entry entry : entries) {
                server.add(entry);
            }
        } catch (LDAPException e) {
            throw new IOException(ldif + ": " + e.getMessage(), e);
        }
        try {
            server.startListening();
        } catch (LDAPException e) {
            server.shutDown(true);
            throw new IOException("embedded LDAP server: cannot listen on the loopback address: " + e.getMessage(), e);
        }
        LOG.info("embedded directory: {} entries from {} under {}, on {}", entries.size(), ldif, bases,
                "127.0.0.1:" + server.getListenPort());
        return new EmbeddedLdap(server, List.copyOf(bases), servicePassword);
    }

    /** {@code ldap://127.0.0.1:<port>}. */
    public String url() {
        return "ldap://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getListenPort();
    }

    /** The naming contexts: the LDIF's top entries. */
    public List<DN> baseDns() {
        return baseDns;
    }

    /**
     * {@code config} pointed at this server: its URL and service account, no TLS. Filters,
     * attribute names, base, pool and cache settings are kept.
     */
    public DirectoryConfig clientConfig(DirectoryConfig config) {
        return config.toBuilder().urls(List.of(url())).startTls(false).trustFile(null)
                .bindDn(SERVICE_DN).bindPassword(servicePassword).build();
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        server.shutDown(true);
    }

    private static List<Entry> read(Path ldif) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (LDIFReader reader = new LDIFReader(ldif.toFile())) {
            for (Entry e = reader.readEntry(); e != null; e = reader.readEntry()) {
                entries.add(e);
            }
        } catch (LDIFException e) {
            throw new IOException(ldif + ": line " + e.getLineNumber() + ": " + e.getExceptionMessage(), e);
        }
        return entries;
    }

    /** DNs of the entries whose parent is not in the file, in file order. */
    static List<DN> topEntries(List<Entry> entries) throws IOException {
        Set<DN> all = new LinkedHashSet<>();
        for (Entry entry : entries) {
            try {
                all.add(entry.getParsedDN());
            } catch (LDAPException e) {
                throw new IOException("'" + entry.getDN() + "' is not a DN: " + e.getMessage(), e);
            }
        }
        List<DN> top = new ArrayList<>();
        for (DN dn : all) {
            DN parent = dn.getParent();
            if (parent == null || !all.contains(parent)) {
                top.add(dn);
            }
        }
        return top;
    }

    private static Schema qmailSchema() throws IOException {
        try (InputStream in = EmbeddedLdap.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IOException("classpath resource " + SCHEMA_RESOURCE + " is missing");
            }
            return Schema.getSchema(in);
        } catch (LDIFException e) {
            throw new IOException(SCHEMA_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * The schemes OpenLDAP (with pw-sha2) and qmail-ldap installations use; salts of any length.
     * {@link DigestPasswordEncoder}, not UnboundID's digest encoders, which are not thread-safe.
     */
    private static void passwordEncoders(InMemoryDirectoryServerConfig config) throws LDAPException {
        List<InMemoryPasswordEncoder> encoders = new ArrayList<>();
        for (String[] scheme : new String[][] {{"SHA", "SHA-1"}, {"SHA256", "SHA-256"}, {"SHA384", "SHA-384"},
                {"SHA512", "SHA-512"}, {"MD5", "MD5"}}) {
            encoders.add(new DigestPasswordEncoder("S" + scheme[0], scheme[1], true));
            encoders.add(new DigestPasswordEncoder(scheme[0], scheme[1], false));
        }
        // No primary encoder: the server is read-only, and values without a {scheme} stay clear text.
        config.setPasswordEncoders(null, encoders);
    }
}
