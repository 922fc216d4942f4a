package io.wangge.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deployment manifests (k8s, compose) agree with the services' configuration and the platform's topics. */
class ManifestTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final String LOCAL_JDBC_URL = "%dev,local.quarkus.datasource.jdbc.url";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVICES = List.of("grid-service", "task-service", "report-service",
            "party-points-service");
    private static final Set<String> ENV = Set.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_OIDC_AUTH_SERVER_URL",
            "QUARKUS_OIDC_TOKEN_ISSUER", "WANGGE_DEMO_ENABLED", "WANGGE_KAFKA_PASSWORD", "KAFKA_SECURITY_PROTOCOL",
            "QUARKUS_SWAGGER_UI_ENABLE");

    @Test
    void kubernetesDeploymentsMatchTheServices() throws IOException {
        for (String service : SERVICES) {
            Properties config = properties(service);
            List<JsonNode> docs = documents(ROOT.resolve("deploy/k8s/base/" + service + ".yaml"));
            JsonNode deployment = kind(docs, "Deployment");
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            assertEquals("wangge/" + service + ":0.1.0", container.path("image").asText(), service);
            assertEquals(config.getProperty("quarkus.http.port"),
                    container.at("/ports/0/containerPort").asText(), service + " port");
            assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
            assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
            assertTrue(container.at("/resources/requests").has("memory"), service + " requests resources");
            Map<String, String> env = new HashMap<>();
            container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
            assertTrue(ENV.containsAll(env.keySet()), service + " env names: " + env.keySet());
            assertEquals(database(config.getProperty(LOCAL_JDBC_URL)),
                    database(env.get("QUARKUS_DATASOURCE_JDBC_URL")), service + " database");
            JsonNode kafkaPassword = null;
            for (JsonNode e : container.path("env")) {
                if (e.path("name").asText().equals("WANGGE_KAFKA_PASSWORD")) {
                    kafkaPassword = e.at("/valueFrom/secretKeyRef");
                }
            }
            assertTrue(kafkaPassword != null && kafkaPassword.path("name").asText().equals(service),
                    service + " takes its Kafka password from the Secret of its KafkaUser");
            assertEquals(String.valueOf(kind(docs, "Service").at("/spec/ports/0/port").asInt()),
                    config.getProperty("quarkus.http.port"));
            kind(docs, "HorizontalPodAutoscaler");
            kind(docs, "PodDisruptionBudget");
        }
    }

    @Test
    void kafkaTopicsAreThePlatformsTopics() throws IOException {
        Map<String, JsonNode> topics = documents(ROOT.resolve("deploy/k8s/base/kafka.yaml")).stream()
                .filter(d -> d.path("kind").asText().equals("KafkaTopic"))
                .collect(Collectors.toMap(d -> d.at("/spec/topicName").asText(), d -> d));
        assertEquals(Topics.ALL.stream().map(Topics.Topic::name).collect(Collectors.toSet()), topics.keySet());
        for (Topics.Topic topic : Topics.ALL) {
            JsonNode spec = topics.get(topic.name()).path("spec");
            assertEquals(3, spec.path("replicas").asInt(), topic.name() + " replication");
            topic.config().forEach((key, value) -> {
                if (!key.equals("min.compaction.lag.ms") || spec.path("config").has(key)) {
                    assertEquals(value, spec.path("config").path(key).asText(), topic.name() + " " + key);
                }
            });
        }
    }

    @Test
    void productionFallsBackToNoLocalAddressOrPassword() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"));
        SERVICES.forEach(service -> files.add(ROOT.resolve(service + "/src/main/resources/application.properties")));
        for (Path file : files) {
            Properties config = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                config.load(reader);
            }
            for (String key : List.of("quarkus.datasource.jdbc.url", "quarkus.datasource.username",
                    "quarkus.datasource.password", "kafka.bootstrap.servers", "quarkus.oidc.auth-server-url")) {
                assertTrue(!config.containsKey(key), file + " gives production a default " + key);
            }
        }
    }

    @Test
    void kafkaUsersGrantWhatTheDevstackBrokerGrants() throws IOException {
        List<JsonNode> docs = documents(ROOT.resolve("deploy/k8s/base/kafka-users.yaml"));
        Set<String> granted = new TreeSet<>();
        for (JsonNode user : docs) {
            assertEquals("KafkaUser", user.path("kind").asText());
            assertEquals("scram-sha-512", user.at("/spec/authentication/type").asText());
            for (JsonNode acl : user.at("/spec/authorization/acls")) {
                for (JsonNode operation : acl.path("operations")) {
                    granted.add(String.join(" ", "User:" + user.at("/metadata/name").asText(),
                            acl.at("/resource/type").asText().toUpperCase(),
                            acl.at("/resource/name").asText(),
                            acl.at("/resource/patternType").asText().equals("prefix") ? "PREFIXED" : "LITERAL",
                            operation.asText().toUpperCase()));
                }
            }
        }
        Set<String> devstack = KafkaAccess.acls().stream().map(binding -> String.join(" ",
                binding.entry().principal(), binding.pattern().resourceType().name(), binding.pattern().name(),
                binding.pattern().patternType().name(), binding.entry().operation().name()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(devstack, granted);
        JsonNode kafka = kind(documents(ROOT.resolve("deploy/k8s/base/kafka.yaml")), "Kafka");
        assertEquals("simple", kafka.at("/spec/kafka/authorization/type").asText());
        kafka.at("/spec/kafka/listeners").forEach(listener -> assertEquals("scram-sha-512",
                listener.at("/authentication/type").asText(), listener.path("name").asText() + " authenticates"));
    }

    @Test
    void databasesAndTheRealmAgree() throws IOException {
        Set<String> databases = documents(ROOT.resolve("deploy/k8s/base/postgres.yaml")).stream()
                .filter(d -> d.path("kind").asText().equals("Database"))
                .map(d -> d.at("/spec/name").asText()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>(Set.of("keycloak"));
        for (String service : SERVICES) {
            expected.add(database(properties(service).getProperty(LOCAL_JDBC_URL)));
        }
        assertEquals(expected, databases);
        JsonNode imported = kind(documents(ROOT.resolve("deploy/k8s/base/keycloak.yaml")), "KeycloakRealmImport");
        JsonNode production = JSON.readTree(ROOT.resolve("deploy/keycloak/wangge-realm-production.json").toFile());
        assertEquals(production, imported.at("/spec/realm"), "k8s imports the production realm");
    }

    @Test
    void theProductionRealmIsTheLocalRunsWithoutItsDemoAndLockedDown() throws IOException {
        JsonNode local = JSON.readTree(ROOT.resolve("deploy/keycloak/wangge-realm.json").toFile());
        JsonNode production = JSON.readTree(ROOT.resolve("deploy/keycloak/wangge-realm-production.json").toFile());
        assertEquals(local.path("roles"), production.path("roles"), "the same realm roles");
        assertTrue(production.path("users").isMissingNode(), "no demo users (their password is public)");
        assertEquals("all", production.path("sslRequired").asText());
        assertTrue(production.path("bruteForceProtected").asBoolean());
        assertTrue(production.path("failureFactor").asInt() > 0 && production.path("failureFactor").asInt() <= 10);
        assertTrue(production.path("passwordPolicy").asText().contains("length(12)"));
        Map<String, JsonNode> localClients = new HashMap<>();
        local.path("clients").forEach(client -> localClients.put(client.path("clientId").asText(), client));
        Set<String> clients = new TreeSet<>();
        for (JsonNode client : production.path("clients")) {
            String id = client.path("clientId").asText();
            clients.add(id);
            assertTrue(!client.path("directAccessGrantsEnabled").asBoolean(), id + ": no password grant");
            client.path("redirectUris").forEach(uri -> assertTrue(!uri.asText().startsWith("http://"),
                    id + " redirects only to https or the app: " + uri));
            // the tokens carry the same audience and roles as the local run's
            assertEquals(localClients.get(id).path("protocolMappers"), client.path("protocolMappers"), id);
        }
        assertEquals(Set.of("wangge-mobile", "wangge-web"), clients);
    }

    @Test
    void composeRunsTheSameServicesAndTopics() throws IOException {
        JsonNode compose = YAML.readTree(ROOT.resolve("deploy/compose/docker-compose.yml").toFile())
                .path("services");
        for (String service : SERVICES) {
            Properties config = properties(service);
            JsonNode definition = compose.path(service);
            assertEquals("wangge/" + service + ":0.1.0", definition.path("image").asText());
            String port = config.getProperty("quarkus.http.port");
            assertEquals(port + ":" + port, definition.at("/ports/0").asText());
            assertTrue(containsAll(ENV, iterable(definition.path("environment").fieldNames())), service + " env");
            assertEquals(database(config.getProperty(LOCAL_JDBC_URL)),
                    database(definition.at("/environment/QUARKUS_DATASOURCE_JDBC_URL").asText()));
            assertTrue(Files.exists(ROOT.resolve(service + "/src/main/docker/Dockerfile.jvm")));
        }
        String topicScript = compose.at("/kafka-topics/command/0").asText();
        Topics.ALL.forEach(topic -> assertTrue(topicScript.contains(topic.name()), topic.name()));
        String init = Files.readString(ROOT.resolve("deploy/compose/init-databases.sql"));
        SERVICES.forEach(service -> assertTrue(init.contains("CREATE DATABASE "
                + database(properties(service).getProperty(LOCAL_JDBC_URL)) + ";")));
    }

    /**
     * The Kustomize tree as kustomize reads it: the base lists every manifest beside it, each overlay builds on the
     * base, every patch targets a resource the base has (a JSON patch's paths exist in it), the Ingress routes to
     * the services' own ports, and the ServiceMonitor selects the services' label.
     */
    @Test
    void kustomizeOverlaysBuildOnTheBaseAndPatchWhatItHas() throws IOException {
        Path base = ROOT.resolve("deploy/k8s/base");
        JsonNode kustomization = YAML.readTree(base.resolve("kustomization.yaml").toFile());
        Set<String> listed = new java.util.TreeSet<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = new java.util.TreeSet<>();
        try (var stream = Files.list(base)) {
            stream.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml")).forEach(files::add);
        }
        assertEquals(files, listed, "the base lists every manifest beside it");
        List<JsonNode> resources = new ArrayList<>();
        for (String file : listed) {
            resources.addAll(documents(base.resolve(file)));
        }
        for (String overlay : List.of("county", "province")) {
            JsonNode o = YAML.readTree(ROOT.resolve("deploy/k8s/overlays/" + overlay + "/kustomization.yaml").toFile());
            assertEquals("../../base", o.at("/resources/0").asText(), overlay);
            for (JsonNode patch : o.path("patches")) {
                JsonNode target = patch.path("target");
                if (target.isMissingNode()) {
                    // a strategic merge patch names its resource itself
                    JsonNode merge = YAML.readTree(patch.path("patch").asText());
                    String kind = merge.path("kind").asText();
                    String name = merge.at("/metadata/name").asText();
                    assertTrue(resources.stream().anyMatch(r -> r.path("kind").asText().equals(kind)
                            && r.at("/metadata/name").asText().equals(name)), overlay + ": no " + kind + " " + name);
                    continue;
                }
                List<JsonNode> matched = resources.stream()
                        .filter(r -> r.path("kind").asText().equals(target.path("kind").asText()))
                        .filter(r -> !target.has("name") || r.at("/metadata/name").asText()
                                .equals(target.path("name").asText())).toList();
                assertTrue(!matched.isEmpty(), overlay + ": no resource for " + target);
                for (JsonNode op : YAML.readTree(patch.path("patch").asText())) {
                    String path = op.path("path").asText();
                    for (JsonNode resource : matched) {
                        assertTrue(!resource.at(path).isMissingNode(), overlay + ": " + path + " not in "
                                + resource.at("/metadata/name").asText());
                        if (op.path("op").asText().equals("test")) { // a patch that guards what it replaces
                            assertEquals(op.path("value"), resource.at(path), overlay + ": " + path);
                        }
                    }
                }
            }
        }
        Map<String, String> ports = new HashMap<>();
        for (String service : SERVICES) {
            JsonNode svc = kind(documents(base.resolve(service + ".yaml")), "Service");
            ports.put(service, svc.at("/spec/ports/0/name").asText());
            assertEquals("wangge", svc.at("/metadata/labels/app.kubernetes.io~1part-of").asText(), service);
        }
        JsonNode ingress = resources.stream().filter(r -> r.path("kind").asText().equals("Ingress")
                && r.at("/metadata/name").asText().equals("wangge")).findFirst().orElseThrow();
        Set<String> routed = new java.util.TreeSet<>();
        ingress.at("/spec/rules").forEach(rule -> rule.at("/http/paths").forEach(route -> {
            JsonNode backend = route.at("/backend/service");
            assertEquals(ports.get(backend.path("name").asText()), backend.at("/port/name").asText());
            routed.add(backend.path("name").asText());
            // what callers outside use, never the metrics or health endpoints (nor "/", which holds them)
            assertTrue(Set.of("/api", "/open311", "/asyncapi", "/q/openapi").contains(route.path("path").asText()),
                    route.toString());
        }));
        assertEquals(new java.util.TreeSet<>(SERVICES), routed, "every service is reachable");
        JsonNode monitor = resources.stream().filter(r -> r.path("kind").asText().equals("ServiceMonitor"))
                .findFirst().orElseThrow();
        assertEquals("/q/metrics", monitor.at("/spec/endpoints/0/path").asText());
        assertEquals("wangge", monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1part-of").asText());
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(reader)) {
            while (iterator.hasNext()) {
                docs.add(iterator.next());
            }
        }
        return docs;
    }

    private static JsonNode kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    private static Properties properties(String service) {
        Properties properties = new Properties();
        Path file = ROOT.resolve(service + "/src/main/resources/application.properties");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return properties;
    }

    private static String database(String jdbcUrl) {
        return jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }

    private static boolean containsAll(Set<String> allowed, Iterable<String> names) {
        for (String name : names) {
            if (!allowed.contains(name)) {
                return false;
            }
        }
        return true;
    }
}
