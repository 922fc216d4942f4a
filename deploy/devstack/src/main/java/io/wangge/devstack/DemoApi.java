package io.wangge.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** The few HTTP calls the local run's demo tools make: Keycloak password grants and JSON requests with a token. */
final class DemoApi {

    static final ObjectMapper JSON = new ObjectMapper();
    // where deploy/run-local.sh put the services (its WANGGE_*_PORT), the defaults otherwise
    static final String GRID = System.getProperty("wangge.grid.url", "http://127.0.0.1:8081");
    static final String TASK = System.getProperty("wangge.task.url", "http://127.0.0.1:8082");
    static final String REPORT = System.getProperty("wangge.report.url", "http://127.0.0.1:8083");
    static final String POINTS = System.getProperty("wangge.points.url", "http://127.0.0.1:8084");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DemoApi() {
    }

    /** An access token by password grant from {@code <keycloak>/realms/<realm>}. */
    static String token(String keycloak, String realm, String client, String user, String password)
            throws IOException, InterruptedException {
        String form = Map.of("grant_type", "password", "client_id", client, "username", user, "password", password)
                .entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String url = keycloak + "/realms/" + realm + "/protocol/openid-connect/token";
        JsonNode answer = check(HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()), url);
        return answer.path("access_token").asText();
    }

    static JsonNode get(String url, String token) throws IOException, InterruptedException {
        return check(HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)), url);
    }

    /** The status of a GET, for callers that wait for something to appear. */
    static int status(String url, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static JsonNode post(String url, String token, Object body) throws IOException, InterruptedException {
        return send("POST", url, token, body, null);
    }

    /**
     * A step in a record's life (accept, submit, file, dispatch …) taken on the version the caller read: every step
     * carries {@code If-Match}. Returns the record after the step, whose {@code version} the next step takes.
     */
    static JsonNode step(String url, String token, Object body, JsonNode record) throws IOException,
            InterruptedException {
        return send("POST", url, token, body, "\"" + record.path("version").asLong() + "\"");
    }

    static JsonNode send(String method, String url, String token, Object body, String ifMatch)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body),
                        StandardCharsets.UTF_8));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return check(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)), url);
    }

    /**
     * Tokens of the demo realm's logins, each fetched once (the realm's tokens live 30 minutes, longer than a demo
     * tool runs).
     */
    static final class Logins {
        private final String keycloak;
        private final String password;
        private final Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();

        Logins(String keycloak, String password) {
            this.keycloak = keycloak;
            this.password = password;
        }

        String token(String login) {
            return tokens.computeIfAbsent(login, name -> {
                try {
                    return DemoApi.token(keycloak, "wangge", "wangge-demo", name, password);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException("no token for " + name, e);
                }
            });
        }
    }

    /** Each village's primary village cadre's login, by village id. */
    static Map<String, String> villageCadres(String admin, Iterable<JsonNode> villages)
            throws IOException, InterruptedException {
        Map<String, String> cadres = new java.util.HashMap<>();
        for (JsonNode village : villages) {
            String id = village.path("id").asText();
            for (JsonNode post : get(GRID + "/api/grids/" + id + "/assignments", admin)) {
                if (post.path("role").asText().equals("VILLAGE_CADRE") && post.path("primary").asBoolean()) {
                    cadres.put(id, get(GRID + "/api/people/" + post.path("personId").asText(), admin)
                            .path("accountId").asText());
                }
            }
        }
        return cadres;
    }

    private static JsonNode check(HttpResponse<String> response, String url) throws IOException {
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
