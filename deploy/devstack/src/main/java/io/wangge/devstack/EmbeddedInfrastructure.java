package io.wangge.devstack;

import java.io.IOException;
import java.nio.file.Path;

/** PostgreSQL 17 (zonky) and a KRaft Kafka broker, both from Maven Central, no Docker needed. */
public final class EmbeddedInfrastructure implements Infrastructure {

    private final PostgresServer postgres;
    private final KafkaBroker kafka;

    private EmbeddedInfrastructure(PostgresServer postgres, KafkaBroker kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /**
     * Starts both. With {@code home} set, data lives in {@code home/postgres} and {@code home/kafka} and survives
     * restarts; without it, everything goes into a throw-away directory.
     */
    public static EmbeddedInfrastructure start(int postgresPort, int kafkaPort, Path home) throws IOException {
        Path kafkaDir = home != null ? home.resolve("kafka") : java.nio.file.Files.createTempDirectory("wangge-kafka");
        PostgresServer postgres = PostgresServer.start(postgresPort, home != null ? home.resolve("postgres") : null);
        try {
            return new EmbeddedInfrastructure(postgres, KafkaBroker.start(kafkaPort, kafkaDir));
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    public int postgresPort() {
        return postgres.port();
    }

    @Override
    public String jdbcUrl(String database) {
        return postgres.jdbcUrl(database);
    }

    @Override
    public String username() {
        return PostgresServer.USER;
    }

    @Override
    public String password() {
        return PostgresServer.PASSWORD;
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public java.util.Map<String, Object> kafkaClient(String user) {
        return kafka.client(user);
    }

    /** The directory of {@code <user>.properties} client files. */
    public Path kafkaClientFiles() {
        return kafka.clientFiles();
    }

    @Override
    public void ensureDatabase(String database) throws Exception {
        postgres.ensureDatabase(database);
    }

    @Override
    public void stopKafka() {
        kafka.stop();
    }

    @Override
    public void startKafka() {
        kafka.restart();
    }

    @Override
    public void close() throws IOException {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
