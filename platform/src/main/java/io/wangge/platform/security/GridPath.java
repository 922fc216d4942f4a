package io.wangge.platform.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A node's materialised path: the ids from the root down to the node, as {@code /id1/id2/id3/}. A subtree is
 * everything whose path starts with the root's path, which a B-tree index answers with one range scan.
 */
public record GridPath(String value) {

    public GridPath {
        Objects.requireNonNull(value, "path");
        if (!value.startsWith("/") || !value.endsWith("/") || value.length() < 3) {
            throw new IllegalArgumentException("a grid path looks like /id/…/id/: " + value);
        }
    }

    public static GridPath root(UUID id) {
        return new GridPath("/" + id + "/");
    }

    public GridPath child(UUID id) {
        return new GridPath(value + id + "/");
    }

    /** True if this path is {@code ancestor} itself or lies below it. */
    public boolean isWithin(GridPath ancestor) {
        return value.startsWith(ancestor.value);
    }

    /**
     * The least string above every path of this subtree ({@code /a/b0}): {@code path >= value AND path < bound}
     * selects the subtree as an index range, also in generic prepared plans where {@code LIKE ?} cannot use the
     * index. Needs the path column in the "C" collation (byte order).
     */
    public String subtreeUpperBound() {
        return value.substring(0, value.length() - 1) + (char) ('/' + 1);
    }

    public List<UUID> ids() {
        List<UUID> ids = new ArrayList<>();
        for (String part : value.substring(1, value.length() - 1).split("/")) {
            ids.add(UUID.fromString(part));
        }
        return ids;
    }

    public UUID nodeId() {
        List<UUID> ids = ids();
        return ids.get(ids.size() - 1);
    }

    public int depth() {
        return ids().size();
    }

    @Override
    public String toString() {
        return value;
    }
}
