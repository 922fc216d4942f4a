package io.wangge.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts PostgreSQL and Kafka for a local run and keeps them up until the process is stopped.
 * Arguments: {@code --home DIR --postgres-port N --kafka-port N --databases a,b,c}. Once ready it writes
 * {@code DIR/devstack.env} with the addresses and prints them; each Kafka user's client settings (the county's for
 * county systems, admin's for operators) are in {@code DIR/kafka/clients/<user>.properties}.
 */
public final class DevstackMain {

    private DevstackMain() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(option(args, "--home", System.getProperty("user.home") + "/.wangge/devstack"));
        int postgresPort = Integer.parseInt(option(args, "--postgres-port", "15432"));
        int kafkaPort = Integer.parseInt(option(args, "--kafka-port", "19092"));
        List<String> databases = Arrays.asList(option(args, "--databases", "grid,task,report,points").split(","));

        long started = System.nanoTime();
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(postgresPort, kafkaPort, home);
        for (String database : databases) {
            infra.ensureDatabase(database.trim());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                infra.close();
            } catch (IOException ignored) {
                // going down anyway
            }
            stopped.countDown();
        }, "devstack-stop"));

        String env = "WANGGE_PG_URL=" + infra.jdbcUrl("") + "\n"
                + "WANGGE_PG_USER=" + infra.username() + "\n"
                + "WANGGE_PG_PASSWORD=" + infra.password() + "\n"
                + "WANGGE_KAFKA=" + infra.bootstrapServers() + "\n"
                + "WANGGE_KAFKA_CLIENTS=" + infra.kafkaClientFiles() + "\n";
        Files.writeString(home.resolve("devstack.env"), env, StandardCharsets.UTF_8);
        System.out.printf("devstack ready in %d ms%n  PostgreSQL %s (databases %s)%n  Kafka      %s (SCRAM-SHA-512;"
                        + " users %s, client settings in %s)%n",
                (System.nanoTime() - started) / 1_000_000, infra.jdbcUrl(""), databases, infra.bootstrapServers(),
                KafkaAccess.users(), infra.kafkaClientFiles());
        stopped.await();
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
