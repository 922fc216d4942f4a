package io.wangge.platform.rest;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.security.OAuthFlow;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Logging in from the API documents: beside the pasted bearer token ({@code jwt}), every secured operation accepts a
 * login through the realm's authorization-code flow ({@code keycloak}); Swagger UI runs it as the public client
 * {@code wangge-web} with PKCE. Run at start-up because the realm's address is the deployment's, not the build's.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class KeycloakLogin implements OASFilter {

    static final String SCHEME = "keycloak";
    private static final String BEARER = "jwt";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Config config = ConfigProvider.getConfig();
        if (config.getOptionalValue("quarkus.oidc.auth-server-url", String.class).isEmpty()) {
            return;
        }
        offer(openAPI, browserRealm(config.getOptionalValue("quarkus.oidc.token.issuer", String.class),
                config.getValue("quarkus.oidc.auth-server-url", String.class)));
    }

    /**
     * The realm as a browser reaches it: its issuer where the service is told one (compose: the service fetches keys
     * from keycloak:8080, a browser on the host signs in at localhost:8180), else the address the service uses.
     */
    static String browserRealm(Optional<String> issuer, String serverUrl) {
        return issuer.filter(value -> value.startsWith("http")).orElse(serverUrl);
    }

    /** Adds the realm's login as an alternative to the pasted token on every operation that takes a token. */
    static void offer(OpenAPI openAPI, String realm) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSecurityScheme(SCHEME, scheme(realm.replaceAll("/+$", "")));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                if (operation.getSecurity() == null) {
                    continue;
                }
                List<SecurityRequirement> alternatives = new ArrayList<>(operation.getSecurity());
                boolean bearer = alternatives.stream().anyMatch(r -> r.hasScheme(BEARER));
                if (bearer && alternatives.stream().noneMatch(r -> r.hasScheme(SCHEME))) {
                    alternatives.add(OASFactory.createSecurityRequirement().addScheme(SCHEME));
                    operation.setSecurity(alternatives);
                }
            }
        }
    }

    static SecurityScheme scheme(String realm) {
        OAuthFlow code = OASFactory.createOAuthFlow()
                .authorizationUrl(realm + "/protocol/openid-connect/auth")
                .tokenUrl(realm + "/protocol/openid-connect/token")
                .refreshUrl(realm + "/protocol/openid-connect/token")
                .addScope("openid", "登录 sign in as yourself");
        return OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.OAUTH2)
                .description("以本人账号登录（授权码 + PKCE，客户端 wangge-web） sign in through the realm: authorization code"
                        + " with PKCE as the public client wangge-web; the token carries your posts and place")
                .flows(OASFactory.createOAuthFlows().authorizationCode(code));
    }
}
