package io.wangge.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.Map;

/**
 * The devstack as a Quarkus test resource: real PostgreSQL and Kafka, started once per test JVM and shared by
 * every Quarkus boot in it. Init arg {@code database} names the service's database, {@code kafkaUser} the broker
 * user the service connects as (its own, so a test fails where the ACLs would refuse it in production). The
 * infrastructure is the embedded one unless {@code -Dwangge.infra=containers} asks for Testcontainers.
 */
public class DevstackTestResource implements QuarkusTestResourceLifecycleManager {

    /** Marks a test field of type {@link Infrastructure} that should receive the running devstack. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectInfrastructure {
    }

    private static final String SHARED = "devstack";
    private static Infrastructure infrastructure;
    private String database = "app";
    private String kafkaUser = KafkaAccess.ADMIN;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        kafkaUser = initArgs.getOrDefault("kafkaUser", kafkaUser);
    }

    /**
     * Client settings of a broker user for a test's own producers and consumers: a test that plays grid-service
     * uses grid-service's credentials, one that reads as a county system the county's.
     */
    public static Map<String, Object> kafkaClient(String user) {
        return new HashMap<>(shared().kafkaClient(user));
    }

    @Override
    public Map<String, String> start() {
        Infrastructure infra = shared();
        try {
            infra.ensureDatabase(database);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", infra.jdbcUrl(database));
        config.put("quarkus.datasource.username", infra.username());
        config.put("quarkus.datasource.password", infra.password());
        config.put("kafka.bootstrap.servers", infra.bootstrapServers());
        Map<String, Object> client = infra.kafkaClient(kafkaUser);
        config.put("kafka.security.protocol", (String) client.getOrDefault("security.protocol", "PLAINTEXT"));
        if (client.containsKey("sasl.jaas.config")) {
            config.put("kafka.sasl.mechanism", (String) client.get("sasl.mechanism"));
            config.put("kafka.sasl.jaas.config", (String) client.get("sasl.jaas.config"));
        } else {
            config.put("wangge.kafka.password", "unused");
        }
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(shared(),
                new TestInjector.AnnotatedAndMatchesType(InjectInfrastructure.class, Infrastructure.class));
    }

    @Override
    public void stop() {
        // Shared by every Quarkus boot in this JVM; the shutdown hook stops it once at the end.
    }

    /**
     * The running devstack, shared by every Quarkus boot in this JVM. A test profile makes Quarkus boot again in a
     * new class loader, where this class and Kafka's are loaded afresh: a second in-process broker there fails its
     * own SASL handshakes (JAAS callbacks cross the two loaders), so the first devstack is published in the
     * {@link DevstackRegistry} through JDK types only and every later class loader talks to it.
     */
    private static synchronized Infrastructure shared() {
        if (infrastructure == null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> published = (Map<String, Object>) DevstackRegistry.shared().get(SHARED);
            if (published != null) {
                infrastructure = new SharedInfrastructure(published);
                return infrastructure;
            }
            long started = System.nanoTime();
            try {
                infrastructure = "containers".equals(System.getProperty("wangge.infra"))
                        ? ContainersInfrastructure.start()
                        : EmbeddedInfrastructure.start(0, 0, null);
            } catch (Exception e) {
                throw new IllegalStateException("devstack did not start", e);
            }
            System.err.printf("devstack: PostgreSQL and Kafka (%s) up in %d ms%n",
                    infrastructure.bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
            DevstackRegistry.shared().put(SHARED, SharedInfrastructure.publish(infrastructure));
            Infrastructure running = infrastructure;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    running.close();
                } catch (Exception ignored) {
                    // the JVM is going away; nothing left to tell
                }
            }, "devstack-stop"));
        }
        return infrastructure;
    }
}
