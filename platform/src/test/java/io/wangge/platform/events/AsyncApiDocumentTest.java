package io.wangge.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event contract as county systems fetch it from any service: a valid AsyncAPI 3.0 document, whole. */
@QuarkusTest
class AsyncApiDocumentTest {

    @Test
    void theServedContractIsValidAsyncApiAndEveryReferenceResolvesOverHttp() throws Exception {
        String yaml = given().get("/asyncapi/asyncapi.yaml").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/yaml")).extract().asString();
        JsonNode document = new YAMLMapper().readTree(yaml);

        JsonSchema asyncApi;
        try (InputStream in = getClass().getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
            asyncApi = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        Set<ValidationMessage> problems = asyncApi.validate(document);
        assertEquals(Set.of(), problems, "valid against the AsyncAPI 3.0.0 schema");
        // and the schema bites: a document without its info, or with an operation of no known action, is not valid
        com.fasterxml.jackson.databind.node.ObjectNode broken = document.deepCopy();
        broken.remove("info");
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("operations").path("publishTask"))
                .put("action", "publish");
        assertTrue(asyncApi.validate(broken).size() >= 2, asyncApi.validate(broken).toString());

        // every message's payload schema is served beside the document, and is JSON Schema
        List<String> unresolved = new ArrayList<>();
        Set<String> schemas = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("components").path("messages").fields();
             it.hasNext(); ) {
            String ref = it.next().getValue().path("payload").path("$ref").asText();
            if (!ref.isEmpty()) {
                schemas.add(ref);
            }
        }
        for (String ref : schemas) {
            int status = given().get("/asyncapi/" + ref).statusCode();
            if (status != 200) {
                unresolved.add(ref + " → " + status);
                continue;
            }
            JsonNode schema = new ObjectMapper().readTree(given().get("/asyncapi/" + ref).asString());
            assertTrue(schema.has("$schema") && schema.has("type"), ref);
        }
        assertEquals(List.of(), unresolved);
        assertTrue(schemas.size() >= 40, "every event type has its schema: " + schemas.size());

        // every event channel has its dead letters documented beside it, with the security of the servers
        for (String topic : List.of("wangge.grid", "wangge.task", "wangge.report", "wangge.points")) {
            boolean found = false;
            for (JsonNode channel : document.path("channels")) {
                found |= channel.path("address").asText().equals(topic + ".dlq")
                        && channel.path("x-dead-letters").asBoolean();
            }
            assertTrue(found, topic + ".dlq");
        }
        document.path("servers").forEach(server -> assertTrue(server.path("security").size() > 0, server.toString()));
    }

    @Test
    void onlyTheContractsSchemasAreServed() {
        given().get("/asyncapi/schemas/..%2Fasyncapi.yaml").then().statusCode(404);
        given().get("/asyncapi/schemas/wangge.nothing.here.v1.json").then().statusCode(404);
        given().get("/asyncapi/schemas/application.properties").then().statusCode(404);
    }
}
