package io.wangge.grid.rest;

import io.wangge.grid.Assignment;
import io.wangge.grid.GridNode;
import io.wangge.grid.Household;
import io.wangge.grid.HouseholdVisit;
import io.wangge.grid.Level;
import io.wangge.grid.PartyBranch;
import io.wangge.grid.Person;
import io.wangge.grid.Role;
import io.wangge.grid.service.AssignmentService;
import io.wangge.grid.service.PartyBranchService;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The API's view of grid-service's data, mapped explicitly from the entities. */
public final class Views {

    private Views() {
    }

    /** A grid node; {@code divisionKind} is what its code says a town or village is (街道, 镇, 乡; 社区, 村委会). */
    public record NodeView(UUID id, String code, String name, Level level, String divisionKind, UUID parentId,
                           String path, int depth,
                           Integer households, Integer population, BigDecimal areaKm2, String contactChannel,
                           Map<String, Object> boundary, GridNode.Status status, long version, String createdBy,
                           OffsetDateTime createdAt, String updatedBy, OffsetDateTime updatedAt) {
        public static NodeView of(GridNode node) {
            return new NodeView(node.id, node.code, node.name, node.level,
                    node.divisionKind, node.parentId,
                    node.path, node.depth,
                    node.households, node.population, node.areaKm2, node.contactChannel, node.boundary,
                    node.status, node.version, node.createdBy, node.createdAt, node.updatedBy, node.updatedAt);
        }
    }

    /** A node as a breadcrumb shows it. */
    public record NodeSummary(UUID id, String code, String name, Level level, int depth) {
        public static NodeSummary of(GridNode node) {
            return new NodeSummary(node.id, node.code, node.name, node.level, node.depth);
        }
    }

    /** A person; the phone is masked unless the caller may see it. */
    public record PersonView(UUID id, String name, String phone, String accountId, boolean partyMember,
                             UUID partyBranchId, String partyBranch, Person.Status status, long version) {
        public static PersonView of(Person person, boolean fullPhone) {
            return new PersonView(person.id, person.name, fullPhone ? person.phone : person.maskedPhone(),
                    person.accountId, person.partyMember, person.partyBranchId(), person.partyBranchName(),
                    person.status, person.version);
        }
    }

    /** A party branch with its place. */
    public record BranchView(UUID id, String name, UUID nodeId, String nodeCode, String nodeName, long version) {
        public static BranchView of(PartyBranchService.Placed placed) {
            PartyBranch b = placed.branch();
            GridNode node = placed.node();
            return new BranchView(b.id, b.name, b.nodeId, node == null ? null : node.code,
                    node == null ? null : node.name, b.version);
        }
    }

    /** A staff assignment with its person and node named. */
    public record AssignmentView(UUID id, UUID personId, String personName, UUID nodeId, String nodeCode,
                                 String nodeName, Level nodeLevel, Role role, boolean primary, LocalDate validFrom,
                                 LocalDate validTo, Assignment.Status status, long version) {
        public static AssignmentView of(AssignmentService.Staffing staffing) {
            Assignment a = staffing.assignment();
            return new AssignmentView(a.id, a.personId, staffing.person().name, a.nodeId, staffing.node().code,
                    staffing.node().name, staffing.node().level, a.role, a.primary, a.validFrom, a.validTo,
                    a.status, a.version);
        }
    }

    /** A household. */
    public record HouseholdView(UUID id, UUID microGridId, String address, String headName, int membersCount,
                                List<String> tags, UUID contactCadreId, LocalDate lastVisitedOn, int visitCount,
                                Household.Status status, long version) {
        public static HouseholdView of(Household h) {
            return new HouseholdView(h.id, h.microGridId, h.address, h.headName, h.membersCount, List.of(h.tags),
                    h.contactCadreId, h.lastVisitedOn, h.visitCount, h.status, h.version);
        }
    }

    public record HouseholdVisitView(UUID id, UUID householdId, UUID visitorId, LocalDate visitedOn, String note,
                                     String recordedBy, OffsetDateTime recordedAt) {
        public static HouseholdVisitView of(HouseholdVisit v, boolean noteShown) {
            return new HouseholdVisitView(v.id, v.householdId, v.visitorId, v.visitedOn, noteShown ? v.note : null,
                    v.recordedBy, v.recordedAt);
        }
    }
}
