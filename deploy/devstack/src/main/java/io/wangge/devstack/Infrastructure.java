package io.wangge.devstack;

/** PostgreSQL and Kafka as the services and their tests see them, whoever started them. */
public interface Infrastructure extends AutoCloseable {

    String jdbcUrl(String database);

    String username();

    String password();

    String bootstrapServers();

    /**
     * Settings for a Kafka client acting as one of {@link KafkaAccess#users()}: bootstrap servers and, where the
     * broker asks for them, that user's credentials.
     */
    java.util.Map<String, Object> kafkaClient(String user);

    /** Creates the database unless it exists. */
    void ensureDatabase(String database) throws Exception;

    /** Takes the broker away (data kept), as an outage would. */
    void stopKafka();

    /** Brings the broker back on the same address. */
    void startKafka();

    @Override
    void close() throws Exception;
}
