package io.wangge.grid;

/** The staff roles of the three-tier grid (and the cadres above it). */
public enum Role {
    /** 村党建网格员 */
    PARTY_BUILDING_GRID_WORKER,
    /** 综治网格员 */
    COMPREHENSIVE_GRID_WORKER,
    /** 辅助网格员 (village mediation committee cadre) */
    AUXILIARY_GRID_WORKER,
    /** 村干部 */
    VILLAGE_CADRE,
    /** 镇干部 */
    TOWN_CADRE,
    /** 党支部书记: secretary of the party branch of the node */
    BRANCH_SECRETARY,
    /** 县级干部: a county's staff (its admins' place), at the county node only, appointed by the province */
    COUNTY_CADRE
}
