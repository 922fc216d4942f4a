package io.wangge.platform.kernel;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.testing.Tokens;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** A list's total: derived when a page ends the list, counted no further than {@link PageRequest#COUNT_AHEAD}. */
@QuarkusTest
class PagesTest {

    private static final String ADMIN = Tokens.bearer("town-admin-pages", "town-admin");

    @Inject
    EntityManager em;

    private final String prefix = "PG" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();

    @AfterEach
    void removeTheRows() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM test_node WHERE code LIKE ?1")
                .setParameter(1, prefix + "%").executeUpdate());
    }

    private void villages(int count) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO test_node (id, code, name, level, version, created_by)
                SELECT gen_random_uuid(), ?1 || lpad(g::text, 6, '0'), '长宁村第' || g || '网格', 'VILLAGE', 0, 'tester'
                FROM generate_series(1, ?2) g""").setParameter(1, prefix).setParameter(2, count).executeUpdate());
    }

    private io.restassured.response.ValidatableResponse page(int page, int size) {
        return given().header("Authorization", ADMIN).queryParam("codePrefix", prefix).queryParam("page", page)
                .queryParam("size", size).get("/api/test-nodes").then().statusCode(200);
    }

    @Test
    void aShortListIsCountedExactlyOnEveryPage() {
        villages(5);
        page(0, 2).body("items.size()", equalTo(2)).body("total", equalTo(5)).body("totalExact", equalTo(true))
                .body("items[0].name", equalTo("长宁村第1网格"));
        page(2, 2).body("items.size()", equalTo(1)).body("total", equalTo(5)).body("totalExact", equalTo(true));
        page(3, 2).body("items.size()", equalTo(0)).body("total", equalTo(5)).body("totalExact", equalTo(true));
        page(0, 20).body("items.size()", equalTo(5)).body("total", equalTo(5)).body("totalExact", equalTo(true));
    }

    @Test
    void anEmptyListHasNothing() {
        page(0, 20).body("items.size()", equalTo(0)).body("total", equalTo(0)).body("totalExact", equalTo(true));
    }

    @Test
    void aLongListIsCountedNoFurtherThanItsLookAhead() {
        int rows = PageRequest.COUNT_AHEAD + 50;
        villages(rows);
        page(0, 20).body("items.size()", equalTo(20))
                .body("total", equalTo(20 + PageRequest.COUNT_AHEAD)).body("totalExact", equalTo(false));
        page(1, 200).body("items.size()", equalTo(200)).body("total", equalTo(rows)).body("totalExact", equalTo(true));
        page(rows / 200, 200).body("items.size()", equalTo(50))
                .body("items[49].name", equalTo("长宁村第" + rows + "网格"))
                .body("total", equalTo(rows)).body("totalExact", equalTo(true));
        page(rows / 200 + 1, 200).body("items.size()", equalTo(0)).body("total", equalTo(rows))
                .body("totalExact", equalTo(true));
    }
}
