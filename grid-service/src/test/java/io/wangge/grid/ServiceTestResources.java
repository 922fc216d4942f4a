package io.wangge.grid;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.wangge.devstack.DevstackTestResource;

/** Real PostgreSQL and Kafka for every test of this service, shared by one Quarkus boot. */
@QuarkusTestResource(value = DevstackTestResource.class,
        initArgs = {@ResourceArg(name = "database", value = "grid"),
                @ResourceArg(name = "kafkaUser", value = "grid-service")})
public class ServiceTestResources {
}
