package io.wangge.devstack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * A single-node KRaft Kafka broker running inside this JVM. It can be stopped and started again on the same port
 * and log directory, which is how tests take the broker away from a running service and give it back.
 * Clients authenticate with SCRAM-SHA-512 and may do only what {@link KafkaAccess} grants them; the controller
 * listener takes the admin's PLAIN login (KRaft keeps SCRAM credentials in the metadata the controller serves).
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CLUSTER_ID = "d2FuZ2dlLWRldnN0YWNr"; // base64 of "wangge-devstack", 22 chars

    private final int port;
    private final int controllerPort;
    private final Path logDirectory;
    private final Path configFile;
    private final KafkaAccess access;
    private KafkaRaftServer server;

    private KafkaBroker(int port, int controllerPort, Path logDirectory, KafkaAccess access) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.logDirectory = logDirectory;
        this.configFile = logDirectory.resolve("server.properties");
        this.access = access;
    }

    /** Formats the log directory if needed and starts the broker. Port 0 picks a free port. */
    public static KafkaBroker start(int port, Path logDirectory) throws IOException {
        Files.createDirectories(logDirectory);
        KafkaBroker broker = new KafkaBroker(port == 0 ? freePort() : port, freePort(), logDirectory,
                KafkaAccess.in(logDirectory));
        broker.format();
        broker.startServer();
        broker.grantAccess();
        broker.createTopics(Topics.ALL);
        broker.access.writeClientFiles(logDirectory.resolve("clients"), broker.bootstrapServers());
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Client settings (bootstrap servers and credentials) of one of {@link KafkaAccess#users()}. */
    public Map<String, Object> client(String user) {
        return access.client(bootstrapServers(), user);
    }

    /** Where {@code <user>.properties} client files are written, for Kafka's own tools and county systems. */
    public Path clientFiles() {
        return logDirectory.resolve("clients");
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops the broker, keeping its data; {@link #restart()} brings it back on the same port. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    public synchronized void restart() {
        if (server == null) {
            startServer();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "CLIENT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "CLIENT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "CLIENT");
        p.put("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.put("sasl.enabled.mechanisms", KafkaAccess.MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", KafkaAccess.MECHANISM);
        p.put("listener.name.client.scram-sha-512.sasl.jaas.config", access.jaas(KafkaAccess.ADMIN));
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        String admin = access.password(KafkaAccess.ADMIN);
        p.put("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + KafkaAccess.ADMIN
                        + "\" password=\"" + admin + "\" user_" + KafkaAccess.ADMIN + "=\"" + admin + "\";");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + KafkaAccess.ADMIN);
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("log.dirs", logDirectory.resolve("data").toString());
        p.put("num.partitions", "3");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        return p;
    }

    private void format() throws IOException {
        try (OutputStream out = Files.newOutputStream(configFile)) {
            properties().store(out, "written by the Wangge devstack");
        }
        if (Files.exists(logDirectory.resolve("data").resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = StorageTool.execute(
                new String[] {"format", "-t", CLUSTER_ID, "-c", configFile.toString(), "--ignore-formatted",
                    "--add-scram", KafkaAccess.MECHANISM + "=[name=" + KafkaAccess.ADMIN + ",password="
                            + access.password(KafkaAccess.ADMIN) + "]"},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException("kafka storage format failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private synchronized void startServer() {
        server = new KafkaRaftServer(KafkaConfig.fromProps(properties(), false), Time.SYSTEM);
        server.startup();
    }

    /** Makes (or renews) every user's SCRAM credentials and grants the ACLs; both are idempotent. */
    private void grantAccess() {
        try (Admin admin = Admin.create(client(KafkaAccess.ADMIN))) {
            List<UserScramCredentialAlteration> users = KafkaAccess.users().stream()
                    .filter(user -> !user.equals(KafkaAccess.ADMIN))
                    .<UserScramCredentialAlteration>map(user -> new UserScramCredentialUpsertion(user,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), access.password(user)))
                    .toList();
            admin.alterUserScramCredentials(users).all().get();
            admin.createAcls(KafkaAccess.acls()).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot grant the devstack users their access", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void createTopics(List<Topics.Topic> topics) {
        try (Admin admin = Admin.create(client(KafkaAccess.ADMIN))) {
            for (Topics.Topic topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic.name(), topic.partitions(), (short) 1)
                            .configs(topic.config()))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
