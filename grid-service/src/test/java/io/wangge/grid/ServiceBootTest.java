package io.wangge.grid;

import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.ServiceBootChecks;

@QuarkusTest
class ServiceBootTest extends ServiceBootChecks {

    @Override
    protected String protectedPath() {
        return "/api/me";
    }
}
