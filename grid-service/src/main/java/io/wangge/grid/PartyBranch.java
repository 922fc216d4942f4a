package io.wangge.grid;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/**
 * A party branch (党支部) of a node, usually a village: the branch its members belong to and whose secretary (the
 * holder of the BRANCH_SECRETARY post at the node) decides their awards. One per node; known by id, never by name.
 */
@Entity
@Table(name = "party_branch")
public class PartyBranch extends Audited {

    @Id
    public UUID id;

    /** The node whose branch this is; null only for a branch carried over from free text and not placed yet. */
    @Column(name = "node_id")
    public UUID nodeId;

    @Column(nullable = false)
    public String name;
}
