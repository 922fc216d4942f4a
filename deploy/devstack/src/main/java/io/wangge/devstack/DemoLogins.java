package io.wangge.devstack;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Gives every member of the demo town's staff a login in the local Keycloak realm, so that each grid worker and
 * cadre can act as themselves: the people come from grid-service (their account id is the login and the token's
 * subject), the realm role from their most senior post. Keycloak's partial import skips logins that exist, so
 * running it again is quick. Arguments: the Keycloak base URL; the demo password; the Keycloak admin's user and
 * password.
 *
 * <p>The local realm hashes passwords cheaply ({@link #DEMO_PASSWORD_POLICY}): its 700 logins share one published
 * password, and hashing each at production strength (Keycloak's default) costs about a second of CPU per login
 * and per first sign-in on a small machine, minutes for every first run. The realm imported elsewhere
 * (deploy/k8s) keeps Keycloak's default.
 */
public final class DemoLogins {

    private static final int BATCH = 100;
    static final String DEMO_PASSWORD_POLICY = "hashAlgorithm(pbkdf2-sha512) and hashIterations(1000)";

    private DemoLogins() {
    }

    public static void main(String[] args) {
        try {
            make(args);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // the lookup threads would keep a failed run's JVM, and the local run, waiting
        }
    }

    private static void make(String[] args) throws Exception {
        String keycloak = args[0];
        String password = args[1];
        String admin = DemoApi.token(keycloak, "wangge", "wangge-demo", "province.admin", password);
        long began = System.nanoTime();
        List<JsonNode> staff = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode people = DemoApi.get(DemoApi.GRID + "/api/people?size=200&page=" + page, admin);
            people.path("items").forEach(person -> {
                if (person.path("accountId").isTextual()) {
                    staff.add(person);
                }
            });
            if ((page + 1) * 200 >= people.path("total").asInt()) {
                break;
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Map<String, Object>>> pending = new ArrayList<>();
        for (JsonNode person : staff) {
            pending.add(pool.submit(() -> {
                Set<String> posts = new HashSet<>();
                DemoApi.get(DemoApi.GRID + "/api/people/" + person.path("id").asText() + "/assignments", admin)
                        .forEach(post -> posts.add(post.path("role").asText()));
                return login(person, password, realmRole(posts, person.path("partyMember").asBoolean()));
            }));
        }
        List<Map<String, Object>> logins = new ArrayList<>();
        for (Future<Map<String, Object>> login : pending) {
            logins.add(login.get());
        }
        pool.shutdown();
        long read = System.nanoTime();
        DemoApi.send("PUT", keycloak + "/admin/realms/wangge", adminToken(keycloak, args),
                Map.of("passwordPolicy", DEMO_PASSWORD_POLICY), null);
        int added = 0;
        for (int from = 0; from < logins.size(); from += BATCH) {
            String keycloakAdmin = adminToken(keycloak, args); // the master realm's tokens live a minute
            JsonNode result = DemoApi.post(keycloak + "/admin/realms/wangge/partialImport", keycloakAdmin,
                    Map.of("ifResourceExists", "SKIP",
                            "users", logins.subList(from, Math.min(logins.size(), from + BATCH))));
            added += result.path("added").asInt();
        }
        System.out.printf("demo logins: %d staff, %d new (people read in %.1f s, logins made in %.1f s)%n",
                logins.size(), added, (read - began) / 1e9, (System.nanoTime() - read) / 1e9);
    }

    private static String adminToken(String keycloak, String[] args) throws Exception {
        return DemoApi.token(keycloak, "master", "admin-cli", args[2], args[3]);
    }

    /** The most senior post decides; a member of staff with no post of their own logs in as a party member. */
    static String realmRole(Set<String> posts, boolean partyMember) {
        if (posts.contains("COUNTY_CADRE")) {
            return "county-admin";
        }
        if (posts.contains("TOWN_CADRE")) {
            return "town-admin";
        }
        if (posts.contains("VILLAGE_CADRE") || posts.contains("BRANCH_SECRETARY")) {
            return "village-cadre";
        }
        if (posts.stream().anyMatch(post -> post.endsWith("GRID_WORKER"))) {
            return "grid-worker";
        }
        return partyMember ? "party-member" : "grid-worker";
    }

    private static Map<String, Object> login(JsonNode person, String password, String role) {
        String account = person.path("accountId").asText();
        String name = person.path("name").asText();
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", account); // the token's subject is the person's account id
        user.put("username", account);
        user.put("enabled", true);
        user.put("emailVerified", true);
        user.put("lastName", name.substring(0, 1)); // the demo's surnames are one character
        user.put("firstName", name.substring(1));
        user.put("email", account + "@demo.wangge.local");
        user.put("attributes", Map.of("locale", List.of("zh-CN")));
        user.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        user.put("realmRoles", List.of(role));
        return user;
    }
}
