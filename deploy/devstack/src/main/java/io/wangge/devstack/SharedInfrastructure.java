package io.wangge.devstack;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A devstack started by another class loader of this JVM, reached through JDK types only (functions and runnables
 * in a map), so that a Quarkus boot in a new class loader uses the broker and database already running.
 */
final class SharedInfrastructure implements Infrastructure {

    private final Map<String, Object> published;

    SharedInfrastructure(Map<String, Object> published) {
        this.published = published;
    }

    /** The running infrastructure as a map of JDK functional types. */
    static Map<String, Object> publish(Infrastructure running) {
        Map<String, Object> published = new HashMap<>();
        published.put("jdbcUrl", (Function<String, String>) running::jdbcUrl);
        published.put("username", running.username());
        published.put("password", running.password());
        published.put("bootstrapServers", running.bootstrapServers());
        published.put("kafkaClient", (Function<String, Map<String, Object>>) running::kafkaClient);
        published.put("ensureDatabase", (Consumer<String>) database -> {
            try {
                running.ensureDatabase(database);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create database " + database, e);
            }
        });
        published.put("stopKafka", (Runnable) running::stopKafka);
        published.put("startKafka", (Runnable) running::startKafka);
        return Map.copyOf(published);
    }

    @SuppressWarnings("unchecked")
    private <T> T get(String name) {
        return (T) published.get(name);
    }

    @Override
    public String jdbcUrl(String database) {
        return this.<Function<String, String>>get("jdbcUrl").apply(database);
    }

    @Override
    public String username() {
        return get("username");
    }

    @Override
    public String password() {
        return get("password");
    }

    @Override
    public String bootstrapServers() {
        return get("bootstrapServers");
    }

    @Override
    public Map<String, Object> kafkaClient(String user) {
        return new HashMap<>(this.<Function<String, Map<String, Object>>>get("kafkaClient").apply(user));
    }

    @Override
    public void ensureDatabase(String database) {
        this.<Consumer<String>>get("ensureDatabase").accept(database);
    }

    @Override
    public void stopKafka() {
        this.<Runnable>get("stopKafka").run();
    }

    @Override
    public void startKafka() {
        this.<Runnable>get("startKafka").run();
    }

    @Override
    public void close() {
        // the class loader that started it stops it when the JVM ends
    }
}
