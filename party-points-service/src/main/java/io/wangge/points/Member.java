package io.wangge.points;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** A person as the points system knows them (from wangge.grid person events). */
@Entity
@Table(name = "member")
public class Member extends PanacheEntityBase {

    @Id
    @Column(name = "person_id")
    public UUID personId;

    @Column(name = "account_id")
    public String accountId;

    public String name;

    @Column(name = "party_member")
    public boolean partyMember;

    /** The branch's name, for display. */
    public String branch;

    /** The party branch, by id (grid-service's record), and the node it belongs to. */
    @Column(name = "branch_id")
    public UUID branchId;

    @Column(name = "branch_node_id")
    public UUID branchNodeId;

    public String status;

    public long version;
}
