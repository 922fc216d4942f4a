package io.wangge.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;

/**
 * Who is calling: the token's {@code sub} (the account id a grid-service person is linked to), the display
 * username and the realm roles. Every change a service records names {@link #accountId()}.
 */
@RequestScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    public boolean isAuthenticated() {
        return !identity.isAnonymous();
    }

    /** The OIDC subject; falls back to the principal name for non-JWT identities. */
    public String accountId() {
        if (identity.isAnonymous()) {
            return "anonymous";
        }
        String subject = token == null ? null : token.getSubject();
        return subject != null ? subject : identity.getPrincipal().getName();
    }

    public String username() {
        String username = token == null ? null : token.getClaim("preferred_username");
        return username != null ? username : accountId();
    }

    public Set<String> roles() {
        return identity.getRoles();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    public boolean hasAnyRole(String... roles) {
        for (String role : roles) {
            if (identity.hasRole(role)) {
                return true;
            }
        }
        return false;
    }
}
