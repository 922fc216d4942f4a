package io.wangge.platform.rest;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.security.OAuthFlow;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeycloakLoginTest {

    @Test
    void everyOperationThatTakesATokenMayAlsoBeCalledAfterSigningInThroughTheRealm() {
        Operation secured = OASFactory.createOperation().security(List.of(
                OASFactory.createSecurityRequirement().addScheme("jwt")));
        Operation open = OASFactory.createOperation().security(List.of());
        Operation optional = OASFactory.createOperation().security(List.of(OASFactory.createSecurityRequirement(),
                OASFactory.createSecurityRequirement().addScheme("jwt")));
        OpenAPI api = OASFactory.createOpenAPI().paths(OASFactory.createPaths()
                .addPathItem("/api/tasks/{id}", OASFactory.createPathItem().GET(secured))
                .addPathItem("/open311/v2/services.json", OASFactory.createPathItem().GET(open))
                .addPathItem("/open311/v2/requests/{id}.json", OASFactory.createPathItem().GET(optional)));

        KeycloakLogin.offer(api, "https://auth.wangge.example/realms/wangge/");
        KeycloakLogin.offer(api, "https://auth.wangge.example/realms/wangge/"); // once, however often it runs

        SecurityScheme login = api.getComponents().getSecuritySchemes().get("keycloak");
        assertEquals(SecurityScheme.Type.OAUTH2, login.getType());
        OAuthFlow code = login.getFlows().getAuthorizationCode();
        assertEquals("https://auth.wangge.example/realms/wangge/protocol/openid-connect/auth",
                code.getAuthorizationUrl());
        assertEquals("https://auth.wangge.example/realms/wangge/protocol/openid-connect/token", code.getTokenUrl());
        assertTrue(code.getScopes().containsKey("openid"));

        assertEquals(2, secured.getSecurity().size());
        assertTrue(secured.getSecurity().get(1).hasScheme("keycloak"));
        assertEquals(List.of(), open.getSecurity(), "a public operation stays public");
        assertEquals(3, optional.getSecurity().size(), "a token optional stays optional, by either way");
    }

    @Test
    void theBrowserSignsInWhereTheIssuerSaysNotWhereTheServiceFetchesKeys() {
        assertEquals("http://localhost:8180/realms/wangge", KeycloakLogin.browserRealm(
                java.util.Optional.of("http://localhost:8180/realms/wangge"), "http://keycloak:8080/realms/wangge"));
        assertEquals("http://keycloak:8080/realms/wangge", KeycloakLogin.browserRealm(
                java.util.Optional.of("any"), "http://keycloak:8080/realms/wangge"));
        assertEquals("https://auth.wangge.example/realms/wangge", KeycloakLogin.browserRealm(
                java.util.Optional.empty(), "https://auth.wangge.example/realms/wangge"));
    }
}
