package io.wangge.platform.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;

/**
 * Real signed access tokens for tests, shaped like Keycloak's: {@code sub}, {@code preferred_username},
 * {@code realm_access.roles}, issuer and audience as the %test OIDC settings expect.
 */
public final class Tokens {

    public static final String ISSUER = "https://wangge.test/realms/wangge";
    public static final String AUDIENCE = "wangge-api";
    private static final String KEY = "wangge-test-keys/privateKey.pem";

    private Tokens() {
    }

    /** A valid token for the account with these realm roles. */
    public static String of(String accountId, String... roles) {
        return sign(accountId, ISSUER, List.of(roles), signingKey());
    }

    /** The header value {@code Bearer <token>}. */
    /** A bearer token holding every staff role, county admin to party member (never the province admin's). */
    public static String everyStaffRole(String accountId) {
        return bearer(accountId, "county-admin", "town-admin", "village-cadre", "grid-worker", "party-member");
    }

    public static String bearer(String accountId, String... roles) {
        return "Bearer " + of(accountId, roles);
    }

    /** Well-formed and signed, but by a key the services do not trust. */
    public static String signedByStranger(String accountId, String... roles) {
        try {
            return sign(accountId, ISSUER, List.of(roles), KeyUtils.generateKeyPair(2048).getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed by the trusted key but issued by someone else. */
    public static String fromOtherIssuer(String accountId, String... roles) {
        return sign(accountId, "https://evil.example/realms/wangge", List.of(roles), signingKey());
    }

    private static String sign(String accountId, String issuer, List<String> roles, PrivateKey key) {
        return Jwt.issuer(issuer)
                .audience(AUDIENCE)
                .subject(accountId)
                .claim("preferred_username", accountId)
                .claim("realm_access", Map.of("roles", roles))
                .expiresIn(3600)
                .jws().keyId("wangge-test")
                .sign(key);
    }

    private static PrivateKey signingKey() {
        try {
            return KeyUtils.readPrivateKey(KEY);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + KEY, e);
        }
    }
}
