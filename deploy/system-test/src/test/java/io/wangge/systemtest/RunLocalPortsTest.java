package io.wangge.systemtest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local run checks every port before it starts anything: a port held by another program is named with its
 * holder and the setting that moves the run, instead of a component failing later with "exited".
 */
class RunLocalPortsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final List<String> SETTINGS = List.of("WANGGE_KEYCLOAK_PORT", "WANGGE_KEYCLOAK_MANAGEMENT_PORT",
            "WANGGE_PG_PORT", "WANGGE_KAFKA_PORT", "WANGGE_GRID_PORT", "WANGGE_TASK_PORT", "WANGGE_REPORT_PORT",
            "WANGGE_POINTS_PORT");

    @Test
    void aPortHeldByAnotherProgramIsNamedWithItsHolderAndTheSettingThatMovesTheRun() throws Exception {
        for (String held : List.of("WANGGE_PG_PORT", "WANGGE_KEYCLOAK_MANAGEMENT_PORT", "WANGGE_POINTS_PORT")) {
            try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                List<ServerSocket> spares = new ArrayList<>();
                ProcessBuilder run = new ProcessBuilder("bash", ROOT.resolve("deploy/run-local.sh").toString(),
                        "--no-week").directory(ROOT.toFile()).redirectErrorStream(true);
                Map<String, String> env = run.environment();
                env.put("WANGGE_HOME", Files.createTempDirectory("wangge-ports").toString());
                for (String setting : SETTINGS) {
                    if (setting.equals(held)) {
                        env.put(setting, Integer.toString(holder.getLocalPort()));
                    } else {
                        // a free port of its own: nothing of a running stack is touched
                        ServerSocket spare = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                        spares.add(spare);
                        env.put(setting, Integer.toString(spare.getLocalPort()));
                    }
                }
                for (ServerSocket spare : spares) {
                    spare.close();
                }
                Process process = run.start();
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the check answers before anything starts");
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(1, process.exitValue(), output);
                String named = "port " + holder.getLocalPort() + " is in use";
                assertTrue(output.contains(canTellHolders() ? named + " by \"java\",pid=" + ProcessHandle.current().pid()
                        : named), output);
                assertTrue(output.contains("move the run with " + held + "=<free port>"), output);
            }
        }
    }

    /** The script names a holder where ss (Linux) or lsof (macOS) can tell it. */
    private static boolean canTellHolders() throws IOException, InterruptedException {
        Process which = new ProcessBuilder("bash", "-c", "command -v ss || command -v lsof").start();
        return which.waitFor() == 0;
    }

    @Test
    void anUnknownCommandIsRefusedWithItsUsage() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", ROOT.resolve("deploy/run-local.sh").toString(), "restart")
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("usage: deploy/run-local.sh") && output.contains("reset"), output);
    }
}
