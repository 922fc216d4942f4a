package io.wangge.platform.security;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.Set;

/** Until a service supplies its own {@link ScopeSource}, nobody is inside any subtree: safe by default. */
@ApplicationScoped
public class NoScopeSource {

    @Produces
    @DefaultBean
    @ApplicationScoped
    ScopeSource none() {
        return accountId -> Set.of();
    }
}
