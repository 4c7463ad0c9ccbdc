package org.mailserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conf/systemd/mailserver.service}: {@code systemd-analyze verify} finds nothing to say (its
 * warnings count as failures), and the settings the service depends on are there. Verification needs
 * no running systemd; the test is skipped, with the reason, only when {@code systemd-analyze} is
 * missing or cannot verify even a trivial unit here. scripts/test-install verifies the unit as
 * scripts/install writes it.
 */
class SystemdUnitTest {

    private static Path unit() {
        return DaemonTest.projectConf().resolve("systemd/mailserver.service");
    }

    /** The unit with ExecStart pointing at an executable that exists (verify checks it). */
    private static Path installable(Path dir) throws IOException {
        Path launcher = dir.resolve("mailserver");
        Files.writeString(launcher, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = dir.resolve("mailserver.service");
        Files.writeString(copy, Files.readString(unit()).replace("/opt/mailserver/bin/mailserver", launcher.toString()));
        return copy;
    }

    /** Exit status and output (stdout and stderr) of {@code systemd-analyze verify --man=no file}. */
    private static String[] verify(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("systemd-analyze", "verify", "--man=no", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String[] {String.valueOf(p.exitValue()), out};
    }

    @Test
    void systemdAnalyzeVerifyFindsNothing(@TempDir Path dir) throws Exception {
        Path control = dir.resolve("control.service");
        Files.writeString(control, "[Unit]\nDescription=control\n[Service]\nExecStart=/bin/true\n");
        String[] controlResult;
        try {
            controlResult = verify(control);
        } catch (IOException e) {
            Assumptions.abort("systemd-analyze not found (scripts/install-test-deps installs the systemd package): "
                    + e.getMessage());
            return;
        }
        Assumptions.assumeTrue(controlResult[0].equals("0") && controlResult[1].isEmpty(),
                "systemd-analyze cannot verify even a trivial unit here: " + String.join(" ", controlResult));

        String[] result = verify(installable(dir));
        assertEquals("0", result[0], result[1]);
        assertEquals("", result[1], "warnings are failures too");

        Path broken = dir.resolve("broken.service");
        Files.writeString(broken, Files.readString(installable(dir)).replace("LimitNOFILE=65536", "LimitNOFILE=lots"));
        assertTrue(verify(broken)[1].contains("lots"), "verify does report a bad value");
    }

    @Test
    void theServiceRunsAsMailHardenedWithReadiness() throws IOException {
        List<String> lines = Files.readAllLines(unit());
        for (String setting : List.of("Type=notify", "User=mail", "ExecStart=/opt/mailserver/bin/mailserver",
                "ExecReload=/bin/kill -HUP $MAINPID", "AmbientCapabilities=CAP_NET_BIND_SERVICE",
                "CapabilityBoundingSet=CAP_NET_BIND_SERVICE", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "ReadWritePaths=/var/lib/mailserver", "PrivateTmp=yes", "ProtectHome=yes",
                "ProtectKernelTunables=yes", "ProtectKernelModules=yes", "ProtectControlGroups=yes",
                "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK", "LockPersonality=yes",
                "RestrictRealtime=yes", "SystemCallArchitectures=native", "Restart=on-failure")) {
            assertTrue(lines.contains(setting), "missing: " + setting);
        }
        long files = Long.parseLong(value(lines, "LimitNOFILE"));
        assertTrue(files >= 20_000, "descriptors for 10,000+ connections: " + files);
        long stop = Long.parseLong(value(lines, "TimeoutStopSec").replace("s", ""));
        assertTrue(stop >= 2 * 30, "TimeoutStopSec covers twice shutdown.grace (30s): " + stop);
    }

    private static String value(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError("missing: " + key));
    }
}
