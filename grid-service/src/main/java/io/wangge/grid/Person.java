package io.wangge.grid;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.util.UUID;

/** Someone who works in the net: cadre, grid worker, party member. */
@Entity
@Table(name = "person")
public class Person extends Audited {

    /** An inactive person keeps their history but takes no new assignments. */
    public enum Status { ACTIVE, INACTIVE }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    public String phone;

    /** The OIDC subject (or username) that links a login to this person. */
    @Column(name = "account_id", unique = true)
    public String accountId;

    @Column(name = "party_member", nullable = false)
    public boolean partyMember;

    /** The party branch of a party member; null for others. */
    @ManyToOne
    @JoinColumn(name = "party_branch_id")
    public PartyBranch partyBranch;

    public UUID partyBranchId() {
        return partyBranch == null ? null : partyBranch.id;
    }

    public String partyBranchName() {
        return partyBranch == null ? null : partyBranch.name;
    }

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.ACTIVE;

    /** 138****5678: the middle four digits hidden. */
    public String maskedPhone() {
        if (phone == null) {
            return null;
        }
        if (phone.length() < 7) {
            return "*".repeat(phone.length());
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }
}
