package org.mailserver.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenLDAP {@code slapd} of the test's own: a private {@code cn=config} made with
 * {@code slapadd -n0} (core, cosine, nis, inetorgperson from {@code /etc/ldap/schema}, pw-sha2, and
 * our {@code conf/schema/qmail-openldap.ldif}), one mdb database for {@link TestLdif#BASE} loaded
 * with {@code slapadd}, listening on a free loopback port, in the foreground. The system's slapd,
 * if any, is not touched.
 *
 * <p>Access: the service account {@link #SERVICE_DN} reads everything but passwords; anonymous
 * may only bind. {@link #require()} fails the test when slapd is missing and {@code REQUIRE_SLAPD=1}
 * (or {@code -Drequire.slapd=true}) is set, and skips it otherwise. Install it with
 * {@code scripts/install-test-deps}.
 */
public final class Slapd implements AutoCloseable {
    public static final String SERVICE_DN = "cn=mailserver," + TestLdif.BASE;
    public static final String SERVICE_PASSWORD = "service-Secret0";
    private static final String SCHEMA_DIR = "/etc/ldap/schema";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final Path binary;
    private final int port;
    private final int ldapsPort;
    private volatile Process process;
    private boolean hookAdded;

    private Slapd(Path dir, Path binary, int port, int ldapsPort) {
        this.dir = dir;
        this.binary = binary;
        this.port = port;
        this.ldapsPort = ldapsPort;
    }

    /**
     * Where slapd is: the system property {@code slapd.binary} or environment variable
     * {@code SLAPD_BINARY} if set, else {@code /usr/sbin/slapd} or the PATH.
     */
    public static Optional<Path> binary() {
        String forced = System.getProperty("slapd.binary", System.getenv("SLAPD_BINARY"));
        if (forced != null && !forced.isBlank()) {
            return Optional.of(Path.of(forced)).filter(Files::isExecutable);
        }
        List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/usr/local/sbin", "/usr/libexec", "/sbin"));
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        return dirs.stream().map(d -> Path.of(d, "slapd")).filter(Files::isExecutable).findFirst();
    }

    private static final String MISSING = "OpenLDAP slapd (and " + SCHEMA_DIR + ") not found: install it with "
            + "scripts/install-test-deps";

    /** Whether slapd and the Debian schema files are installed. */
    public static boolean available() {
        return binary().isPresent() && Files.isDirectory(Path.of(SCHEMA_DIR));
    }

    /** Whether {@code REQUIRE_SLAPD=1} (or {@code true}) or {@code -Drequire.slapd=true} is set. */
    public static boolean required() {
        String env = System.getenv("REQUIRE_SLAPD");
        return "1".equals(env) || "true".equalsIgnoreCase(env) || Boolean.getBoolean("require.slapd");
    }

    /** Fails the calling test when slapd is missing and required, else skips it. */
    public static void require() {
        if (available()) {
            return;
        }
        if (required()) {
            Assertions.fail(MISSING + " (REQUIRE_SLAPD is set, so this is a failure)");
        }
        Assumptions.abort(MISSING + "; skipped (set REQUIRE_SLAPD=1 to fail instead)");
    }

    /**
     * {@code @ExtendWith(Slapd.Condition.class)} on a test class: disables it, with the reason in the
     * report, when slapd is missing and not required; when required, the tests run and fail in
     * {@link #require()}.
     */
    public static final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (available() || required()) {
                return ConditionEvaluationResult.enabled("slapd found or required");
            }
            return ConditionEvaluationResult.disabled(MISSING + "; skipped (set REQUIRE_SLAPD=1 to fail instead)");
        }
    }

    /**
     * Builds a config and database in {@code dir} (must be empty or absent), loads {@code dataLdif}
     * (whose base entry must be {@link TestLdif#BASE}) plus the service account, and starts slapd.
     */
    public static Slapd start(Path dir, Path dataLdif) throws IOException, InterruptedException {
        return start(dir, dataLdif, null, null);
    }

    /**
     * As {@link #start(Path, Path)}, with TLS when {@code certFile} and {@code keyFile} (PEM) are given:
     * StartTLS on {@link #url()} and implicit TLS on {@link #ldapsUrl()}.
     */
    public static Slapd start(Path dir, Path dataLdif, Path certFile, Path keyFile)
            throws IOException, InterruptedException {
        Path binary = binary().orElseThrow(() -> new IOException("slapd not found"));
        Path slapadd = binary.resolveSibling("slapadd");
        Path config = dir.resolve("slapd.d");
        Path data = dir.resolve("data");
        Files.createDirectories(config);
        Files.createDirectories(data);
        Path configLdif = dir.resolve("config.ldif");
        Files.writeString(configLdif, configLdif(dir, data, certFile, keyFile), StandardCharsets.UTF_8);
        run(dir, slapadd.toString(), "-n0", "-F", config.toString(), "-l", configLdif.toString());
        Path load = dir.resolve("data.ldif");
        Files.writeString(load, Files.readString(dataLdif, StandardCharsets.UTF_8) + "\n" + serviceAccount(),
                StandardCharsets.UTF_8);
        run(dir, slapadd.toString(), "-n1", "-F", config.toString(), "-l", load.toString());
        Slapd slapd = new Slapd(dir, binary, freePort(), certFile == null ? 0 : freePort());
        slapd.start();
        return slapd;
    }

    /** {@code ldap://127.0.0.1:<port>}. */
    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    /** {@code ldaps://localhost:<port>} (the certificate names localhost), if started with TLS. */
    public String ldapsUrl() {
        if (ldapsPort == 0) {
            throw new IllegalStateException("started without TLS");
        }
        return "ldaps://localhost:" + ldapsPort;
    }

    public int port() {
        return port;
    }

    /** Starts (again, after {@link #stop()}) on the same port and waits until it accepts connections. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path log = dir.resolve("slapd.log");
        String listeners = url() + "/" + (ldapsPort == 0 ? "" : " ldaps://127.0.0.1:" + ldapsPort + "/");
        process = new ProcessBuilder(binary.toString(), "-h", listeners, "-F", dir.resolve("slapd.d").toString(),
                "-d", "0").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Process started = process;
        if (!hookAdded) {
            // A test JVM that dies must not leave slapd behind.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                Process p = this.process;
                if (p != null) {
                    p.destroyForcibly();
                }
            }, "slapd-killer"));
            hookAdded = true;
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                throw new IOException("slapd exited with " + started.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        stop();
        throw new IOException("slapd did not listen on " + url() + " within " + START_TIMEOUT + ": "
                + Files.readString(log));
    }

    /** Stops slapd (SIGTERM, then SIGKILL after 10 s); the data stay for {@link #start()}. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static String configLdif(Path dir, Path data, Path certFile, Path keyFile) {
        Path qmail = projectFile("conf/schema/qmail-openldap.ldif");
        String tls = certFile == null ? "" : "olcTLSCertificateFile: " + certFile.toAbsolutePath()
                + "\nolcTLSCertificateKeyFile: " + keyFile.toAbsolutePath() + "\n";
        return String.join("\n",
                "dn: cn=config", "objectClass: olcGlobal", "cn: config" + (tls.isEmpty() ? "" : "\n" + tls.strip()),
                "olcPidFile: " + dir.resolve("slapd.pid"), "olcArgsFile: " + dir.resolve("slapd.args"), "",
                "dn: cn=module{0},cn=config", "objectClass: olcModuleList", "cn: module{0}",
                "olcModulePath: /usr/lib/ldap", "olcModuleLoad: back_mdb", "olcModuleLoad: pw-sha2", "",
                "dn: cn=schema,cn=config", "objectClass: olcSchemaConfig", "cn: schema", "",
                "include: file://" + SCHEMA_DIR + "/core.ldif", "",
                "include: file://" + SCHEMA_DIR + "/cosine.ldif", "",
                "include: file://" + SCHEMA_DIR + "/nis.ldif", "",
                "include: file://" + SCHEMA_DIR + "/inetorgperson.ldif", "",
                "include: file://" + qmail.toAbsolutePath(), "",
                "dn: olcDatabase={-1}frontend,cn=config", "objectClass: olcDatabaseConfig",
                "objectClass: olcFrontendConfig", "olcDatabase: {-1}frontend", "",
                "dn: olcDatabase={0}config,cn=config", "objectClass: olcDatabaseConfig", "olcDatabase: {0}config",
                "olcAccess: {0}to * by * none", "",
                "dn: olcDatabase={1}mdb,cn=config", "objectClass: olcDatabaseConfig", "objectClass: olcMdbConfig",
                "olcDatabase: {1}mdb", "olcSuffix: " + TestLdif.BASE, "olcRootDN: cn=admin," + TestLdif.BASE,
                "olcRootPW: admin-Secret0", "olcDbDirectory: " + data, "olcDbIndex: objectClass eq",
                "olcDbIndex: uid,mail,mailAlternateAddress eq",
                "olcAccess: {0}to attrs=userPassword by anonymous auth by * none",
                "olcAccess: {1}to * by dn.exact=\"" + SERVICE_DN + "\" read by anonymous auth by * none",
                "") + "\n";
    }

    private static String serviceAccount() {
        return String.join("\n", "dn: " + SERVICE_DN, "objectClass: organizationalRole",
                "objectClass: simpleSecurityObject", "cn: mailserver", "userPassword: " + SERVICE_PASSWORD, "") + "\n";
    }

    /** A file of the project (tests run in the module directory; the files live at the root). */
    public static Path projectFile(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(relative))) {
                return p.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + output);
        }
    }
}
