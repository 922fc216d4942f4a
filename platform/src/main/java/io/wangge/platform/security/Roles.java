package io.wangge.platform.security;

/** The realm roles every service checks. */
public final class Roles {

    /**
     * The deployment's operator over every county (the province): creates counties and appoints their cadres; the
     * only role not bound to a place. In Keycloak a composite that includes {@link #COUNTY_ADMIN}.
     */
    public static final String PROVINCE_ADMIN = "province-admin";
    /** An admin of the county where they hold a post (COUNTY_CADRE), and of nothing outside it. */
    public static final String COUNTY_ADMIN = "county-admin";
    public static final String TOWN_ADMIN = "town-admin";
    public static final String VILLAGE_CADRE = "village-cadre";
    public static final String GRID_WORKER = "grid-worker";
    public static final String PARTY_MEMBER = "party-member";

    private Roles() {
    }
}
