package io.wangge.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole system started by {@code deploy/run-local.sh --no-week}, exactly as a person runs it (the demo town
 * loaded, its week left to the suite), in a home of its own under target/. Its output goes to
 * target/system-test/run-local.log and the components' logs to target/system-test/home/logs.
 */
final class LocalRun implements AutoCloseable {

    static final List<Integer> PORTS = List.of(8081, 8082, 8083, 8084, 8180, 15432, 19092);
    private static final Duration START_LIMIT = Duration.ofMinutes(20);

    private final Path root;
    private final Path home;
    private final Path output;
    private Process process;

    LocalRun(Path root, Path workDir) {
        this.root = root;
        this.home = workDir.resolve("home");
        this.output = workDir.resolve("run-local.log");
    }

    /** Starts everything and returns once the local run prints that the system is running. */
    LocalRun start() throws IOException, InterruptedException {
        for (int port : PORTS) {
            if (taken(port)) {
                throw new IllegalStateException("port " + port + " is in use: the suite runs the whole system on the"
                        + " local run's ports; stop what holds it (deploy/run-local.sh stop)");
            }
        }
        forgetEarlierRuns();
        Files.createDirectories(output.getParent());
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("deploy/run-local.sh").toString(),
                "--no-week").directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("WANGGE_HOME", home.toString());
        process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (!log().contains("is running: started in")) {
            if (!process.isAlive()) {
                throw new IllegalStateException("deploy/run-local.sh exited with " + process.exitValue() + ":\n"
                        + tail(log(), 60) + "\n(see " + home.resolve("logs") + ")");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the system did not start in " + START_LIMIT + ":\n" + tail(log(), 60));
            }
            process.waitFor(1, TimeUnit.SECONDS);
        }
        return this;
    }

    /**
     * The client settings the local run hands out for a Kafka user ({@code county} to county systems, a service's
     * own to that service, {@code admin} to the operator), as Kafka's own tools would read them.
     */
    java.util.Map<String, Object> kafkaClient(String user) throws IOException {
        java.util.Properties settings = new java.util.Properties();
        try (var reader = Files.newBufferedReader(home.resolve("devstack/kafka/clients/" + user + ".properties"),
                StandardCharsets.UTF_8)) {
            settings.load(reader);
        }
        java.util.Map<String, Object> client = new java.util.HashMap<>();
        settings.stringPropertyNames().forEach(name -> client.put(name, settings.getProperty(name)));
        return client;
    }

    /** {@code deploy/run-local.sh stop <service>} or {@code start <service>} on the running system. */
    void service(String command, String name) throws IOException, InterruptedException {
        service(command, name, Map.of());
    }

    /** The same with more environment: {@code WANGGE_CLOCK_OFFSET} runs the service's clock ahead (a rehearsal). */
    void service(String command, String name, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("deploy/run-local.sh").toString(), command,
                name).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("WANGGE_HOME", home.toString());
        builder.environment().putAll(environment);
        Process step = builder.start();
        String said = new String(step.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!step.waitFor(5, TimeUnit.MINUTES) || step.exitValue() != 0) {
            throw new IllegalStateException("deploy/run-local.sh " + command + " " + name + " failed:\n" + said);
        }
        System.out.print(said);
    }

    String log() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ctrl-C, as a person stops it: the script stops everything it started. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            // whatever the script did not get to (a crash of the suite's JVM, a stop that timed out)
            ProcessBuilder stop = new ProcessBuilder("bash", root.resolve("deploy/run-local.sh").toString(), "stop")
                    .directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            stop.environment().put("WANGGE_HOME", home.toString());
            stop.start().waitFor(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = null;
    }

    /**
     * Each run starts from an empty database, broker and realm; the downloaded and built Keycloak is kept, as a
     * person's second run keeps it.
     */
    private void forgetEarlierRuns() throws IOException {
        delete(home.resolve("devstack"));
        delete(home.resolve("run"));
        delete(home.resolve("logs"));
        if (Files.isDirectory(home)) {
            try (Stream<Path> entries = Files.list(home)) {
                for (Path keycloak : entries.filter(p -> p.getFileName().toString().startsWith("keycloak-")).toList()) {
                    delete(keycloak.resolve("data"));
                }
            }
        }
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static boolean taken(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
}
