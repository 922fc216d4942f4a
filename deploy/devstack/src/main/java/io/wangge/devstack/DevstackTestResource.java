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
 * every Quarkus boot in it. Init arg {@code database} names the service's database. The infrastructure is the
 * embedded one unless {@code -Dwangge.infra=containers} asks for Testcontainers.
 */
public class DevstackTestResource implements QuarkusTestResourceLifecycleManager {

    /** Marks a test field of type {@link Infrastructure} that should receive the running devstack. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectInfrastructure {
    }

    private static Infrastructure infrastructure;
    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
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

    private static synchronized Infrastructure shared() {
        if (infrastructure == null) {
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
