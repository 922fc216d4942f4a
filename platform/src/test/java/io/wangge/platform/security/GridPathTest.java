package io.wangge.platform.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridPathTest {

    private final UUID town = UUID.randomUUID();
    private final UUID village = UUID.randomUUID();
    private final UUID otherVillage = UUID.randomUUID();
    private final UUID microGrid = UUID.randomUUID();

    @Test
    void subtreeMembership() {
        GridPath townPath = GridPath.root(town);
        GridPath villagePath = townPath.child(village);
        GridPath gridPath = villagePath.child(microGrid);

        assertTrue(gridPath.isWithin(villagePath));
        assertTrue(gridPath.isWithin(townPath));
        assertTrue(villagePath.isWithin(villagePath));
        assertFalse(villagePath.isWithin(gridPath));
        assertFalse(gridPath.isWithin(townPath.child(otherVillage)));
        assertEquals(List.of(town, village, microGrid), gridPath.ids());
        assertEquals(microGrid, gridPath.nodeId());
        assertEquals(3, gridPath.depth());
    }

    @Test
    void subtreeBoundsEnclosePrecisely() {
        GridPath villagePath = GridPath.root(town).child(village);
        String low = villagePath.value();
        String high = villagePath.subtreeUpperBound();
        for (GridPath inside : List.of(villagePath, villagePath.child(microGrid))) {
            assertTrue(inside.value().compareTo(low) >= 0 && inside.value().compareTo(high) < 0);
        }
        GridPath sibling = GridPath.root(town).child(otherVillage);
        GridPath parent = GridPath.root(town);
        for (GridPath outside : List.of(sibling, parent)) {
            assertFalse(outside.value().compareTo(low) >= 0 && outside.value().compareTo(high) < 0);
        }
    }

    @Test
    void rejectsMalformedPaths() {
        assertThrows(IllegalArgumentException.class, () -> new GridPath("no-slashes"));
        assertThrows(IllegalArgumentException.class, () -> new GridPath("/"));
    }
}
