package io.wangge.points;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.wangge.devstack.DevstackTestResource;

/** Real PostgreSQL and Kafka for every test of this service, shared by one Quarkus boot. */
@QuarkusTestResource(value = DevstackTestResource.class,
        initArgs = {@ResourceArg(name = "database", value = "points"),
                @ResourceArg(name = "kafkaUser", value = "party-points-service")})
public class ServiceTestResources {
}
