package io.wangge.platform.rest;

import io.wangge.platform.security.GridPath;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A JPQL WHERE clause assembled from optional filters, with positional parameters; the one way list endpoints
 * restrict a query to the caller's subtrees and to a node's subtree (as index ranges on the path).
 */
public final class Where {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> parameters = new ArrayList<>();

    public Where and(String condition, Object... values) {
        String numbered = condition;
        for (Object value : values) {
            parameters.add(value);
            numbered = numbered.replaceFirst("\\?(?![0-9])", "?" + parameters.size());
        }
        conditions.add(numbered);
        return this;
    }

    /** Restricts {@code pathField} to the given subtrees; {@code null} means no restriction. */
    public Where within(String pathField, List<GridPath> subtrees) {
        if (subtrees != null) {
            conditions.add(anyPrefix(pathField, subtrees));
        }
        return this;
    }

    /** Restricts {@code pathField} to one subtree (the root included). */
    public Where inSubtree(String pathField, GridPath subtree) {
        conditions.add(anyPrefix(pathField, List.of(subtree)));
        return this;
    }

    /**
     * "{@code pathField} lies in one of the subtrees", numbered in this clause's parameters, for use inside a
     * larger condition. Each subtree is an index range (see {@link GridPath#subtreeUpperBound()}).
     */
    public String anyPrefix(String pathField, List<GridPath> subtrees) {
        if (subtrees.isEmpty()) {
            return "1 = 0";
        }
        StringJoiner any = new StringJoiner(" OR ", "(", ")");
        for (GridPath subtree : subtrees) {
            parameters.add(subtree.value());
            parameters.add(subtree.subtreeUpperBound());
            any.add("(" + pathField + " >= ?" + (parameters.size() - 1) + " AND " + pathField + " < ?"
                    + parameters.size() + ")");
        }
        return any.toString();
    }

    /** The conditions joined ({@code 1 = 1} when there is none). */
    public String condition() {
        return conditions.isEmpty() ? "1 = 1" : String.join(" AND ", conditions);
    }

    /** The conditions and the order, as Panache takes a query. */
    public String query(String orderBy) {
        return condition() + " ORDER BY " + orderBy;
    }

    public Object[] parameters() {
        return parameters.toArray();
    }
}
