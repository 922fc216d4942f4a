package io.wangge.platform.events.types;

import java.util.Set;

/** {@code wangge.points}, published by party-points-service: every ledger entry, and every reversal of one. */
public final class PointsTopic {

    public static final String TOPIC = "wangge.points";
    public static final String OWNER = "/wangge/party-points-service";

    public static final String POINTS_AWARDED = "wangge.points.awarded.v1";
    public static final String POINTS_REVERSED = "wangge.points.reversed.v1";

    public static final Set<String> ENTRIES = Set.of(POINTS_AWARDED, POINTS_REVERSED);

    private PointsTopic() {
    }
}
