package io.wangge.platform.events;

import io.smallrye.common.annotation.Identifier;
import io.wangge.platform.config.WanggeConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.Map;

/**
 * The kernel's one Kafka producer (the outbox relay and the dead-letter path share it): idempotent, acks=all,
 * configured from the same {@code kafka.*} settings SmallRye uses, so there is one broker setting per service.
 * Its delivery timeout is unbounded: a send it gave up on might still land, and sending that row again would put
 * it on the topic twice; its idempotent retries never do.
 */
@ApplicationScoped
public class KafkaSender {


    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> brokerConfig;

    @Inject
    WanggeConfig config;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    private volatile Producer<String, byte[]> producer;

    public Producer<String, byte[]> producer() {
        Producer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = create();
                }
                p = producer;
            }
        }
        return p;
    }

    private Producer<String, byte[]> create() {
        Map<String, Object> props = new HashMap<>();
        brokerConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // the relay sends hundreds of rows at once: let them travel as a few large compressed batches
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.outbox().metadataWait().toMillis());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "wangge-kernel-" + applicationName);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
