package io.wangge.platform.security;

/** The realm roles every service checks. */
public final class Roles {

    public static final String COUNTY_ADMIN = "county-admin";
    public static final String TOWN_ADMIN = "town-admin";
    public static final String VILLAGE_CADRE = "village-cadre";
    public static final String GRID_WORKER = "grid-worker";
    public static final String PARTY_MEMBER = "party-member";

    private Roles() {
    }
}
