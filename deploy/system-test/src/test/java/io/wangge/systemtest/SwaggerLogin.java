package io.wangge.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What Swagger UI does when a staff member presses "Authorize": the authorization-code flow with PKCE as the
 * public client wangge-web, the login form filled in as a browser would, the code exchanged for a token from the
 * page's origin. Keeps the browser's cookies; follows no redirect by itself.
 */
final class SwaggerLogin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FORM_ACTION = Pattern.compile("action=\"([^\"]+)\"");

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new LoopbackIsSecure())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    final String verifier;
    final String challenge;

    SwaggerLogin() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The authorization request as Swagger UI sends it (code_challenge left out when {@code pkce} is false). */
    HttpResponse<String> authorize(String authorizationUrl, String redirectUri, boolean pkce) throws Exception {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", "wangge-web");
        query.put("response_type", "code");
        query.put("redirect_uri", redirectUri);
        query.put("scope", "openid");
        query.put("state", "swagger");
        if (pkce) {
            query.put("code_challenge", challenge);
            query.put("code_challenge_method", "S256");
        }
        return browser.send(HttpRequest.newBuilder(URI.create(authorizationUrl + "?" + form(query))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Fills in the realm's login form; returns where Keycloak sends the browser back to. */
    URI signIn(HttpResponse<String> loginPage, String username, String password) throws Exception {
        Matcher action = FORM_ACTION.matcher(loginPage.body());
        if (!action.find()) {
            throw new AssertionError("no login form: " + loginPage.statusCode() + " " + loginPage.body());
        }
        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(
                        URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", username, "password", password))))
                .build(), HttpResponse.BodyHandlers.ofString());
        return URI.create(answer.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("not sent back: " + answer.statusCode())));
    }

    /** The token request from the page at {@code origin}; the answer's CORS header and body as they come. */
    HttpResponse<String> exchange(String tokenUrl, String origin, String code, String redirectUri, String verifier)
            throws IOException, InterruptedException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("client_id", "wangge-web");
        body.put("code", code);
        body.put("redirect_uri", redirectUri);
        if (verifier != null) {
            body.put("code_verifier", verifier);
        }
        return browser.send(HttpRequest.newBuilder(URI.create(tokenUrl)).header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Cookies as a browser keeps them: Keycloak marks its login cookies Secure on 127.0.0.1, which browsers (not the
     * JDK) count as a secure context and send back over plain http.
     */
    private static final class LoopbackIsSecure extends CookieHandler {
        private final CookieManager cookies = new CookieManager();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) throws IOException {
            return cookies.get(loopback(uri) ? secure(uri) : uri, headers);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) throws IOException {
            cookies.put(uri, headers);
        }

        private static boolean loopback(URI uri) {
            return "http".equals(uri.getScheme())
                    && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()));
        }

        private static URI secure(URI uri) {
            return URI.create("https" + uri.toString().substring("http".length()));
        }
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
